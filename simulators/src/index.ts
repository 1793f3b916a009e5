// @torch/simulators: the generator and writers, for the start script, benches and tests.
export * from './backfill.ts';
export * from './calibration.ts';
export * from './config.ts';
export * from './faults.ts';
export * from './generate.ts';
export * from './live.ts';
export * from './log.ts';
export * from './ndjson.ts';
export * from './range.ts';
export * from './redis.ts';
export * from './retry.ts';
export * from './writer.ts';
export * from './demo.ts';
export * from './refeed.ts';
