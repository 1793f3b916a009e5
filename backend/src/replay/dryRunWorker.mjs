// Bootstrap of the dry-run worker thread: the gateway runs its TypeScript through tsx, and a worker
// thread starts without the parent's loader (and under vitest there is none to inherit), so the
// worker registers tsx itself before loading the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./dryRunThread.ts');
