// Exports (replay NDJSON, alerts CSV) read and format a whole range: five at once held /api/health
// for 4.4 s. A gateway runs at most EXPORTS_MAX_CONCURRENT of them, each person at most
// EXPORTS_PER_USER; the next is answered 429 BUSY at once rather than queued behind the others.
import type { NextFunction, Request, Response } from 'express';
import { authOf, sendFailure } from '../auth/index.ts';

export class ExportSlots {
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(readonly maxConcurrent: number, readonly maxPerUser: number) {}

  /** Take a slot for `user`; the release function, or why not. */
  take(user: string): (() => void) | { why: string } {
    const mine = this.perUser.get(user) ?? 0;
    if (mine >= this.maxPerUser) return { why: `at most ${this.maxPerUser} export${this.maxPerUser === 1 ? '' : 's'} at a time per person; wait for yours to finish` };
    if (this.total >= this.maxConcurrent) return { why: `at most ${this.maxConcurrent} exports at a time on this gateway; try again when one has finished` };
    this.total++;
    this.perUser.set(user, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perUser.get(user) ?? 1) - 1;
      if (left > 0) this.perUser.set(user, left);
      else this.perUser.delete(user);
    };
  }

  /** Middleware: hold a slot until the response is finished or the client has gone. */
  guard() {
    return (_req: Request, res: Response, next: NextFunction) => {
      const auth = authOf(res);
      const slot = this.take(auth ? `${auth.kind}:${auth.sub}` : 'anonymous');
      if (typeof slot !== 'function') return sendFailure(res, 'BUSY', slot.why);
      res.once('close', slot);
      next();
    };
  }
}
