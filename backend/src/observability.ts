// Prometheus metrics of one gateway (GET /metrics). A registry per gateway, so tests and several
// gateways in one process do not share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'torch_' });
  const m = {
    registry,
    eventsIn: new Counter({ name: 'torch_events_in_total', help: 'Stream entries reduced, by source and outcome', labelNames: ['source', 'outcome'], registers: [registry] }),
    rejected: new Counter({ name: 'torch_events_rejected_total', help: 'Entries sent to the dead letters, by source', labelNames: ['source'], registers: [registry] }),
    lag: new Gauge({ name: 'torch_consumer_lag', help: 'Entries not yet delivered to this gateway, by source', labelNames: ['source'], registers: [registry] }),
    reduceSeconds: new Histogram({ name: 'torch_reduce_batch_seconds', help: 'Time to validate and reduce one batch', buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5], registers: [registry] }),
    sockets: new Gauge({ name: 'torch_sockets', help: 'Connected sockets', registers: [registry] }),
    deltas: new Counter({ name: 'torch_deltas_sent_total', help: 'Delta messages sent to sockets', registers: [registry] }),
    snapshots: new Counter({ name: 'torch_snapshots_sent_total', help: 'Snapshot messages sent to sockets', registers: [registry] }),
    slowSockets: new Counter({ name: 'torch_slow_socket_skips_total', help: 'Deltas skipped for a socket whose buffer was full', registers: [registry] }),
    auditWriteFailures: new Counter({ name: 'torch_audit_write_failures_total', help: "Alert audit trail entries that could not be written, by action (people's actions are then refused; the engine's are kept)", labelNames: ['action'], registers: [registry] }),
  };
  return m;
}
export type GatewayMetrics = ReturnType<typeof createMetrics>;
