// /metrics in Prometheus format. Labels are bounded by design (verb, code class, resource kind — never the
// logical cluster), so the series count does not grow with workspaces (kcp's grows ~50 per workspace).
import { Counter, Gauge, Histogram, Registry as PromRegistry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new PromRegistry();
  private readonly requests: Counter<'verb' | 'code' | 'resource'>;
  private readonly latency: Histogram<'verb'>;

  constructor(gauges: { workspaces: () => number; watchers: () => number; revision: () => number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kcpx_process_' });
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'API requests by verb, response code and resource.',
      labelNames: ['verb', 'code', 'resource'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'API request latency by verb (watches excluded).',
      labelNames: ['verb'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    new Gauge({ name: 'kcpx_logical_clusters', help: 'Logical clusters served.', registers: [this.registry], collect() { this.set(gauges.workspaces()); } });
    new Gauge({ name: 'kcpx_watchers', help: 'Open watches.', registers: [this.registry], collect() { this.set(gauges.watchers()); } });
    new Gauge({ name: 'kcpx_storage_revision', help: 'Latest committed resourceVersion of the shard.', registers: [this.registry], collect() { this.set(gauges.revision()); } });
  }

  observe(verb: string, code: number, resource: string, seconds: number): void {
    this.requests.inc({ verb, code: String(code), resource });
    if (verb !== 'WATCH') this.latency.observe({ verb }, seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
