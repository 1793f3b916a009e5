// npm run bench: every benchmark in turn. Each reports ratios to a baseline measured in the same
// run; absolute figures on a shared two-core machine are noise.
await import('./backfill.ts');
export {};
