// The launcher: `npm start` (main.ts) — choosing a Redis or starting the embedded store, building
// the wall, running the gateway with the simulated feeds. What tests and benchmarks use of it is
// exported here. The gateway that production runs (backend/src/main.ts) never imports this folder
// (lint rule in eslint.config.js).
export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded/server.ts';
export { type RedisChoice, chooseRedis, freePort, pingRedis } from './redisSource.ts';
export { buildFrontend, frontendDist, needsBuild } from './frontendBuild.ts';
export { type StorageChoice, storageBanner } from './banner.ts';
export { UsageError, parseStartArgs, usage } from './args.ts';
