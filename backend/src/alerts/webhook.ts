// Optional outbound webhook (off unless ALERT_WEBHOOK_URL is set), so the zone can forward alerts to
// its messaging robot. Only the gateway that wrote a transition sends it, so each goes out once.
// Sending is in the background, bounded, with a timeout and retries: a slow receiver never holds
// up ingestion.
import type { Logger } from 'pino';
import { type AlertRecord, statusOf } from '@torch/shared';
import { errorText, retry } from '@torch/simulators';

export interface WebhookOptions {
  url: string;
  timeoutMs: number;
  retries: number;
  log: Logger;
  /** Base of links back to the console, e.g. http://center.example/ (optional). */
  publicUrl?: string;
}

export interface WebhookPayload {
  event: 'fired' | 'resolved';
  alert: AlertRecord & { status: string };
  text: string;
  link: string | null;
}

const MAX_QUEUE = 1000;
/** Waits between tries of one notification. */
const BACKOFF = { baseMs: 500, capMs: 10_000 };

export class Webhook {
  private queue: WebhookPayload[] = [];
  private running = false;
  private stopped = false;
  private readonly stopping = new AbortController();
  sent = 0;
  failed = 0;

  constructor(private readonly o: WebhookOptions) {}

  notify(event: 'fired' | 'resolved', a: AlertRecord): void {
    if (this.stopped) return;
    if (this.queue.length >= MAX_QUEUE) {
      const dropped = this.queue.shift()!;
      this.failed++;
      this.o.log.warn({ alert: dropped.alert.id, event: dropped.event }, 'webhook queue full; dropped the oldest notification');
    }
    const where = [a.labels.park, a.labels.source].filter(Boolean).join(' ');
    const text = `[${a.rule.severity.toUpperCase()}] ${event === 'fired' ? '告警' : '恢复'} ${a.rule.name.zh}${where ? ` (${where})` : ''}: ${a.value} / ${a.threshold}`;
    const link = this.o.publicUrl ? new URL(`/alerts?id=${encodeURIComponent(a.id)}`, this.o.publicUrl).toString() : null;
    this.queue.push({ event, alert: { ...a, status: statusOf(a) }, text, link });
    if (!this.running) {
      this.drain().catch((e: unknown) => {
        // drain handles each notification's failure itself; this is a bug's last line.
        this.running = false;
        this.o.log.error({ err: errorText(e) }, 'webhook sender stopped unexpectedly');
      });
    }
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0 && !this.stopped) {
      const p = this.queue.shift()!;
      try {
        await retry(async () => {
          const res = await fetch(this.o.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(p),
            signal: AbortSignal.timeout(this.o.timeoutMs),
          });
          if (!res.ok) throw new Error(`the receiver answered ${res.status}`);
        }, {
          ...BACKOFF, attempts: this.o.retries + 1, signal: this.stopping.signal,
          onError: (e, attempt, retryInMs) => this.o.log.warn({ err: errorText(e), alert: p.alert.id, event: p.event, attempt, retryInMs }, 'webhook failed'),
        });
        this.sent++;
      } catch (e) {
        this.failed++;
        this.o.log.warn({ err: errorText(e), alert: p.alert.id, event: p.event, tries: this.o.retries + 1 }, this.stopped ? 'webhook notification not sent: stopping' : 'webhook notification given up');
      }
    }
    this.running = false;
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    if (this.queue.length > 0) this.o.log.warn({ unsent: this.queue.length }, 'webhook stopped with notifications unsent');
    this.queue = [];
  }
}
