// Optional outbound webhook (off unless ALERT_WEBHOOK_URL is set), so the zone can forward alerts to
// its messaging robot. Only the gateway that wrote a transition sends it, so each goes out once.
// Sending is in the background, bounded, with a timeout and retries: a slow receiver never holds
// up ingestion.
import type { Logger } from 'pino';
import { type AlertRecord, statusOf } from '@torch/shared';

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

export class Webhook {
  private queue: WebhookPayload[] = [];
  private running = false;
  private stopped = false;
  sent = 0;
  failed = 0;

  constructor(private readonly o: WebhookOptions) {}

  notify(event: 'fired' | 'resolved', a: AlertRecord): void {
    if (this.stopped) return;
    if (this.queue.length >= MAX_QUEUE) {
      this.queue.shift();
      this.failed++;
      this.o.log.warn('webhook queue full; dropped the oldest notification');
    }
    const where = [a.labels.park, a.labels.source].filter(Boolean).join(' ');
    const text = `[${a.rule.severity.toUpperCase()}] ${event === 'fired' ? '告警' : '恢复'} ${a.rule.name.zh}${where ? ` (${where})` : ''}: ${a.value} / ${a.threshold}`;
    const link = this.o.publicUrl ? new URL(`/alerts?id=${encodeURIComponent(a.id)}`, this.o.publicUrl).toString() : null;
    this.queue.push({ event, alert: { ...a, status: statusOf(a) }, text, link });
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0 && !this.stopped) {
      const p = this.queue.shift()!;
      let ok = false;
      for (let attempt = 0; attempt <= this.o.retries && !this.stopped; attempt++) {
        try {
          const res = await fetch(this.o.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(p),
            signal: AbortSignal.timeout(this.o.timeoutMs),
          });
          if (res.ok) {
            ok = true;
            break;
          }
          this.o.log.warn({ status: res.status, alert: p.alert.id, attempt }, 'webhook answered with an error');
        } catch (e) {
          this.o.log.warn({ err: (e as Error).message, alert: p.alert.id, attempt }, 'webhook failed');
        }
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 10_000)));
      }
      if (ok) this.sent++;
      else this.failed++;
    }
    this.running = false;
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
  }
}
