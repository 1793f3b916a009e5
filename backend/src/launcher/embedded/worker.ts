// The embedded store on a thread of its own (npm start): like a redis-server beside the gateway,
// it gets the second core, and its work never delays the gateway's event loop (nor the other way
// round). Same process, so a kill -9 of npm start is a kill of the store too.
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedStore, type EmbeddedStoreOptions } from './server.ts';

const port = parentPort!;
const store = new EmbeddedStore({ ...(workerData.options as EmbeddedStoreOptions), log: (level, message) => port.postMessage({ type: 'log', level, message }) });
port.on('message', (m: { type: string }) => {
  if (m.type === 'stop') void store.stop().then(() => port.postMessage({ type: 'stopped' }));
});
store.start().then(
  (url) => port.postMessage({ type: 'ready', url }),
  (e: Error) => port.postMessage({ type: 'failed', message: e.stack ?? e.message }),
);
