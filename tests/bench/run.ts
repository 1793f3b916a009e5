// npm run bench: every benchmark in turn. Each reports ratios to a baseline measured in the same
// run (or, for latency, against the throttle interval); absolute figures on a shared two-core
// machine are noise. Results land in tests/artifacts/bench-*.json.
const only = process.argv[2];
for (const name of ['backfill', 'ingest', 'latency', 'fanout', 'deltas', 'replay', 'rss', 'embedded']) {
  if (only && only !== name) continue;
  console.log(`\n== ${name} ==`);
  await import(`./${name}.ts`);
}
export {};
