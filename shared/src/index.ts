// @torch/shared: the contracts and pure logic every other package imports by this name.
export * from './backoff.ts';
export * from './chains.ts';
export * from './events.ts';
export { type ParseResult, checkFeedEvent, parseFeedEvent } from './eventCheck.ts';
export * from './format.ts';
export * from './scale.ts';
export * from './holidays.ts';
export * from './parks.ts';
export * from './streams.ts';
export * from './time.ts';
export * from './trade.ts';
export * from './uscc.ts';
export * from './channel/index.ts';
export * from './api/index.ts';
export * from './metrics/index.ts';
export * from './alerts/index.ts';
export * from './replay/index.ts';
export * from './dispatch/index.ts';
