// @torch/backend: the gateway's composition root and configuration, for start scripts and tests.
export { type Gateway, type GatewayParts, createGateway } from './app.ts';
export { type GatewayConfig, GatewayConfigSchema, loadGatewayConfig } from './config.ts';
export { type RedisChoice, chooseRedis, freePort, pingRedis } from './redisSource.ts';
export { buildFrontend, frontendDist, needsBuild } from './frontendBuild.ts';
export { EmbeddedStore } from './embedded/server.ts';
