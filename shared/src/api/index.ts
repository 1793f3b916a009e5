export * from './auth.ts';
export * from './errors.ts';
export * from './socket.ts';
export * from './rest.ts';
export * from './replay.ts';
