// Refusals in the audit trail, bounded. Anyone with a token, a wall's included, can be refused as
// often as the API rate limit allows, and each refusal used to write an entry quoting the raw
// path (a 15,000-character id made a 27 KB entry). Now an entry stores only bounded fields (the
// route's pattern, not its path; ids cut to 200 characters), and repeated refusals of one principal
// on one route within a minute collapse: the first is written at once, the rest of that minute as
// one more entry carrying their number (`count`) when the minute is over. At most two entries per
// principal, route and minute, on each gateway.
import type { AuditDraft } from './store.ts';

const MINUTE_MS = 60_000;
/** Longest principal or target kept in a refusal's entry (a real alert id, labels and all, fits). */
export const DENIAL_FIELD_CHARS = 200;

export function clip(s: string, max = DENIAL_FIELD_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}…(${s.length} chars)`;
}

export interface Denial {
  at: number;
  /** `user:<name>` or `display:<token id>`. */
  by: string;
  /** The route's pattern, e.g. `POST /api/alerts/:id/ack`. */
  route: string;
  target: string;
  permission: string;
  role: string;
}

interface Window {
  minute: number;
  /** Refusals after the first in this minute, not written yet. */
  more: number;
  last: Denial;
}

export class DenialAudit {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly write: (e: AuditDraft) => Promise<unknown>, private readonly now: () => number) {
    // Write the counts of minutes that are over; nothing waits on it (unref).
    this.timer = setInterval(() => void this.flush(false), 5_000);
    this.timer.unref();
  }

  /** Count a refusal; written at once when it is the first of its principal and route this minute. */
  async record(d: Denial): Promise<void> {
    const key = `${d.by}\n${d.route}`;
    const minute = Math.floor(d.at / MINUTE_MS);
    const w = this.windows.get(key);
    if (w && w.minute === minute) {
      w.more++;
      w.last = d;
      return;
    }
    if (w) await this.close(key, w);
    this.windows.set(key, { minute, more: 0, last: d });
    await this.write(entry(d, 1, ''));
  }

  /** Write the counts of finished minutes (all of them with `all`, as on stop). */
  async flush(all = true): Promise<void> {
    const minute = Math.floor(this.now() / MINUTE_MS);
    for (const [key, w] of [...this.windows]) if (all || w.minute < minute) await this.close(key, w);
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.flush(true);
  }

  private async close(key: string, w: Window): Promise<void> {
    this.windows.delete(key);
    if (w.more > 0) await this.write(entry(w.last, w.more, ` (${w.more} more in the minute, not written one by one)`));
  }
}

function entry(d: Denial, count: number, note: string): AuditDraft {
  return {
    at: d.at, action: 'denied', by: clip(d.by), target: clip(d.target), count,
    comment: `${d.route} needs ${d.permission}; role ${d.role}${note}`,
  };
}
