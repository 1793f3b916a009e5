export * from './delta.ts';
export * from './entry.ts';
export * from './layout.ts';
export * from './reduce.ts';
export * from './state.ts';
export * from './view.ts';
export * from './serialize.ts';
export * from './health.ts';
