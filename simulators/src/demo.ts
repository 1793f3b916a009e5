// The demo schedule of `npm start -- --demo`: fault switches timed from the start of the live feeds
// so that every kind of alert rule in backend/rules/alert-rules.yaml fires within the first half hour
// (tests/simulators/demo.test.ts checks it against the shipped rules). Feed silence alerts only
// in working hours, as the rule says; the others fire at any time of day, sooner when the feeds
// are busy.
export const DEMO_FAULTS = [
  'spike:registry.deregistered:at=1m,for=40m,factor=60', //     spike, and the daily threshold
  'malformed:registry:at=1m,for=20m,rate=0.3', //                rejected-rate
  'out-of-order:registry:at=1m,for=15m,rate=1,skew=12m', //      feed-delay
  'large:customs.declaration:at=1m,for=20m,rate=0.5', //         large-event
  'silence:tax:at=1m,for=30m', //                                feed-stale (working hours) and drop
] as const;
