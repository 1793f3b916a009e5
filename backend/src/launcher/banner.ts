// The storage line of npm start's banner: which store, and for the embedded one why it was chosen,
// where its data lives and what it cannot do, so nobody mistakes a demo set-up for production.
export type StorageChoice =
  | { kind: 'url' | 'local' | 'spawned' }
  | { kind: 'embedded'; reason: string; dir: string };

export function storageBanner(c: StorageChoice): string[] {
  if (c.kind !== 'embedded') return [`  storage   Redis (${c.kind})`];
  return [
    `  storage   EMBEDDED STORE, because ${c.reason}`,
    `            data in ${c.dir}: in memory, every change logged and fsynced each second (a crash loses at most ≈1 s)`,
    '            limits: this one process only (no second gateway), the commands this center uses, memory grows with',
    '            the history (≈0.3 GB for the default); for a laptop or a demo — production runs Redis (REDIS_URL)',
  ];
}
