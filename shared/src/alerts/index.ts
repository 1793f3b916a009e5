export * from './rules.ts';
export * from './state.ts';
export * from './engine.ts';
export * from './conditions.ts';
export * from './lifecycle.ts';
export * from './windows.ts';
export * from './pipeline.ts';
