// Entry of the embedded store's thread: TypeScript is run by tsx, registered here for this thread.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
