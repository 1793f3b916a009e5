// Alerting in the gateway: the rules file, the shared store, notification of sockets (on every
// gateway, through Redis pub/sub) and of the optional webhook. Ingestion calls `apply` with the
// engine's transitions; people act through the routes.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type AlertRecord, type AlertTransition, type AlertsMessage, type Silence, isSilenced, statusOf } from '@torch/shared';
import { errorText } from '@torch/simulators';
import type { IngestAlerts } from '../ingest/consumer.ts';
import type { GatewayMetrics } from '../observability.ts';
import { RulesFile } from './rulesFile.ts';
import { DenialAudit } from './denials.ts';
import { AlertStore, type AuditDraft } from './store.ts';
import { Webhook, type WebhookOptions } from './webhook.ts';

export interface AlertServiceOptions {
  redis: Redis;
  prefix: string;
  gatewayId: string;
  rulesFile: string;
  log: Logger;
  now: () => number;
  webhook?: Omit<WebhookOptions, 'log'>;
  /** The gateway's metrics: failed audit writes are counted there (torch_audit_write_failures_total). */
  metrics?: Pick<GatewayMetrics, 'auditWriteFailures'>;
}

export type AlertView = AlertRecord & { status: ReturnType<typeof statusOf>; silenced: boolean };

export class AlertService {
  readonly store: AlertStore;
  readonly rules: RulesFile;
  readonly webhook: Webhook | null;
  /** Refusals, bounded and collapsed per principal, route and minute. */
  readonly denials: DenialAudit;
  epoch = 0;
  /** Audit entries that could not be written since start (also in /metrics when the gateway passes its metrics). */
  auditFailures = 0;
  private silencesCache: Silence[] = [];
  private silencesTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AlertServiceOptions) {
    this.store = new AlertStore(o.redis, o.prefix, (entry, err) => this.auditFailed(entry, err));
    this.denials = new DenialAudit((e) => this.store.audit(e), o.now);
    this.webhook = o.webhook ? new Webhook({ ...o.webhook, log: o.log.child({ part: 'webhook' }) }) : null;
    this.rules = new RulesFile(o.rulesFile, o.log.child({ part: 'rules' }), (e) => {
      const at = o.now();
      const entry = e.kind === 'loaded'
        ? { action: 'rules-loaded', comment: `${e.count} rules from ${o.rulesFile}` }
        : { action: 'rules-refused', comment: e.errors.join('; ').slice(0, 2000) };
      // A failure is reported by the store (auditFailed); the rules are in force either way.
      void this.store.audit({ ...entry, at, by: `gateway:${o.gatewayId}`, target: 'rules' });
    });
  }

  async start(): Promise<void> {
    this.epoch = await this.store.epoch(this.o.now());
    await this.watchSilenceBoundaries();
    this.silencesTimer = setInterval(() => {
      this.watchSilenceBoundaries().catch((e: unknown) => this.o.log.warn({ err: errorText(e), gatewayId: this.o.gatewayId }, 'could not check silences for a start or end; trying again in 5 s'));
    }, 5_000);
    this.rules.watch();
  }

  /** An audit entry that could not be written: counted and logged, with who did what to which. */
  private auditFailed(entry: AuditDraft, err: string): void {
    this.auditFailures++;
    this.o.metrics?.auditWriteFailures.inc({ action: entry.action });
    this.o.log.error({ err, action: entry.action, by: entry.by, target: entry.target, at: entry.at, gatewayId: this.o.gatewayId }, 'audit trail write failed');
  }

  stop(): void {
    void this.denials.stop(); // the counts of the last minute; a failure is reported by the store
    this.rules.close();
    this.webhook?.stop();
    if (this.silencesTimer) clearInterval(this.silencesTimer);
  }

  async refreshSilences(): Promise<void> {
    this.silencesCache = await this.store.silences(this.o.now());
  }

  private activeSilences = '';
  /** A silence starting or ending by itself changes what walls show: tell them, like any change. */
  private async watchSilenceBoundaries(): Promise<void> {
    await this.refreshSilences();
    const now = this.o.now();
    const active = this.silencesCache.filter((s) => now >= s.startsAt && now < s.endsAt && !s.expiredBy).map((s) => s.id).sort().join(',');
    if (active !== this.activeSilences) {
      const first = this.activeSilences === '' && this.silencesTimer === null;
      this.activeSilences = active;
      if (!first) await this.store.publish([]);
    }
  }

  view(a: AlertRecord): AlertView {
    return { ...a, status: statusOf(a), silenced: isSilenced(a, this.silencesCache, this.o.now()) };
  }

  /** What ingestion needs: the rules in force and a sink for transitions. */
  forIngest(): IngestAlerts {
    return {
      rules: () => this.rules.current,
      epoch: this.epoch,
      apply: (t) => this.apply(t),
    };
  }

  async apply(transitions: AlertTransition[]): Promise<void> {
    const changed: string[] = [];
    for (const t of transitions) {
      const record = await this.store.apply(t, `gateway:${this.o.gatewayId}`);
      if (!record) continue; // another gateway wrote it first
      changed.push(record.id);
      this.o.log.info({ alert: record.id, type: t.type, value: t.value }, t.type === 'fire' ? 'alert fired' : 'alert resolved');
      if (this.webhook && !isSilenced(record, this.silencesCache, this.o.now())) this.webhook.notify(t.type === 'fire' ? 'fired' : 'resolved', record);
    }
    if (changed.length > 0) await this.store.publish(changed);
  }

  async message(changed: string[]): Promise<AlertsMessage> {
    return { open: (await this.store.open()).map((a) => this.view(a)), changed };
  }
}
