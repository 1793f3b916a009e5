// The fan-out baseline: a bare Socket.IO server that broadcasts given messages to every client, as
// its own process, so its CPU can be compared with the gateway's. Driven over IPC by fanout.ts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
http.listen(0, '127.0.0.1', () => process.send!({ port: (http.address() as AddressInfo).port }));

process.on('message', async (m: { messages: { at: number; payload: unknown }[] }) => {
  const start = performance.now();
  for (const { at, payload } of m.messages) {
    const wait = at - (performance.now() - start);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    io.emit('view', payload);
  }
  process.send!({ done: true });
});
