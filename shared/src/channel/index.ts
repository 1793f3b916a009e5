export * from './channel.ts';
export * from './display.ts';
