// Start the embedded store on its own thread (worker.ts) and talk to it by messages: its URL when
// it listens, its log lines, and a clean stop (log flushed and fsynced).
import { Worker } from 'node:worker_threads';
import type { EmbeddedStoreOptions } from './server.ts';
import type { StoreLog } from './persistence.ts';

export interface EmbeddedThread {
  url: string;
  stop(): Promise<void>;
}

export function startEmbeddedThread(options: Omit<EmbeddedStoreOptions, 'log'>, log: StoreLog): Promise<EmbeddedThread> {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./worker.ts', import.meta.url).href, options },
  });
  return new Promise((resolve, reject) => {
    const stopped = new Promise<void>((done) => {
      worker.on('message', (m: { type: string; url?: string; level?: 'info' | 'warn' | 'error'; message?: string }) => {
        if (m.type === 'log') log(m.level!, m.message!);
        else if (m.type === 'ready') resolve({ url: m.url!, stop: () => (worker.postMessage({ type: 'stop' }), stopped.then(() => worker.terminate().then(() => {}))) });
        else if (m.type === 'failed') reject(new Error(`embedded store did not start: ${m.message}`));
        else if (m.type === 'stopped') done();
      });
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`embedded store thread exited (${code})`)));
  });
}
