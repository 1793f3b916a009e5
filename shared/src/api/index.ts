export * from './auth.ts';
export * from './errors.ts';
export * from './socket.ts';
export * from './rest.ts';
export * from './replay.ts';
export * from './routes.ts';
export * from './openapi.ts';
export * from './wallAlerts.ts';
