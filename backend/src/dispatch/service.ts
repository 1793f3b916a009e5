// Dispatch in the gateway: the case store, the policy file in force, and who the caller is as the
// lifecycle sees them (a responder's units come from the directory in Redis). Timers (reminders,
// escalation) and notification are not built yet.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Actor, type DispatchPolicy, type TokenClaims, unitsOfMember } from '@torch/shared';
import type { AuditDraft, AlertStore } from '../alerts/store.ts';
import { PolicyFile } from './policyFile.ts';
import { DispatchStore } from './store.ts';

export interface DispatchServiceOptions {
  redis: Redis;
  prefix: string;
  gatewayId: string;
  policyFile: string;
  log: Logger;
  now: () => number;
  /** The alerts' store: the audit trail dispatch appends to. */
  audit: AlertStore;
  /** Counted like the alerts' audit failures. */
  onAuditFailure?: (entry: AuditDraft) => void;
}

export class DispatchService {
  readonly store: DispatchStore;
  readonly policyFile: PolicyFile;

  constructor(private readonly o: DispatchServiceOptions) {
    this.store = new DispatchStore(o.redis, o.prefix, (entry, err) => {
      o.onAuditFailure?.(entry);
      o.log.error({ err, action: entry.action, by: entry.by, target: entry.target, at: entry.at, gatewayId: o.gatewayId }, 'audit trail write failed');
    });
    this.policyFile = new PolicyFile(o.policyFile, o.log.child({ part: 'dispatch-policy' }), (e) => {
      const entry = e.kind === 'loaded'
        ? { action: 'dispatch-policy-loaded', comment: o.policyFile }
        : { action: 'dispatch-policy-refused', comment: e.errors.join('; ').slice(0, 2000) };
      void o.audit.audit({ ...entry, at: o.now(), by: `gateway:${o.gatewayId}`, target: 'dispatch-policy' });
    });
  }

  get policy(): DispatchPolicy {
    return this.policyFile.current;
  }

  async start(): Promise<void> {
    if (await this.store.seedUnits()) this.o.log.info('dispatch units seeded');
    this.policyFile.watch();
  }

  stop(): void {
    this.policyFile.close();
  }

  /** The caller as the lifecycle sees them. */
  async actor(auth: TokenClaims): Promise<Actor> {
    const units = auth.role === 'responder' ? unitsOfMember(await this.store.units(), auth.sub).map((u) => u.id) : [];
    return { username: auth.sub, role: auth.role, units };
  }
}
