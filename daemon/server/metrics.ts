// /metrics in Prometheus format. Labels are bounded by design (verb, code class, resource kind — never the
// logical cluster), so the series count does not grow with workspaces (kcp's grows ~50 per workspace).
//
// prom-client takes ~90 ms to load, a fifth of a cold start, so it is loaded once the daemon serves; requests
// answered before that are kept (a bounded few) and counted when it arrives.
import type { Counter, Histogram, Registry as PromRegistry } from 'prom-client';

type Gauges = { workspaces: () => number; watchers: () => number; revision: () => number };
type Observation = [verb: string, code: number, resource: string, seconds: number];

/** Observations kept while prom-client loads; start-up traffic is small, this only bounds a pathological burst. */
const MAX_EARLY = 10_000;
/**
 * Label combinations beyond this share `resource="(other)"`: the resource label comes from the request path, and
 * requests for made-up resources must not grow /metrics without bound.
 */
const MAX_SERIES = 2_000;

interface Instruments {
  registry: PromRegistry;
  requests: Counter<'verb' | 'code' | 'resource'>;
  latency: Histogram<'verb'>;
}

/** The labelled children of one label combination, resolved once (no label object built per request). */
interface Series {
  counter: Counter.Internal;
  histogram?: Histogram.Internal<'verb'>;
}

export class Metrics {
  private instruments: Instruments | undefined;
  private readonly series = new Map<string, Series>();
  private loading: Promise<Instruments> | undefined;
  private early: Observation[] = [];

  constructor(private readonly gauges: Gauges) {}

  /** Loads prom-client and registers the series; idempotent. */
  load(): Promise<Instruments> {
    return (this.loading ??= import('prom-client').then((prom) => {
      const registry = new prom.Registry();
      prom.collectDefaultMetrics({ register: registry, prefix: 'kcpx_process_' });
      const requests = new prom.Counter({
        name: 'apiserver_request_total',
        help: 'API requests by verb, response code and resource.',
        labelNames: ['verb', 'code', 'resource'] as const,
        registers: [registry],
      });
      const latency = new prom.Histogram({
        name: 'apiserver_request_duration_seconds',
        help: 'API request latency by verb (watches excluded).',
        labelNames: ['verb'] as const,
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      });
      const g = this.gauges;
      new prom.Gauge({ name: 'kcpx_logical_clusters', help: 'Logical clusters served.', registers: [registry], collect() { this.set(g.workspaces()); } });
      new prom.Gauge({ name: 'kcpx_watchers', help: 'Open watches.', registers: [registry], collect() { this.set(g.watchers()); } });
      new prom.Gauge({ name: 'kcpx_storage_revision', help: 'Latest committed resourceVersion of the shard.', registers: [registry], collect() { this.set(g.revision()); } });
      const instruments = { registry, requests, latency };
      this.instruments = instruments;
      for (const o of this.early) this.record(instruments, ...o);
      this.early = [];
      return instruments;
    }));
  }

  observe(verb: string, code: number, resource: string, seconds: number): void {
    if (this.instruments) this.record(this.instruments, verb, code, resource, seconds);
    else if (this.early.length < MAX_EARLY) this.early.push([verb, code, resource, seconds]);
  }

  private record(i: Instruments, verb: string, code: number, resource: string, seconds: number): void {
    let key = `${verb} ${code} ${resource}`;
    let s = this.series.get(key);
    if (!s && this.series.size >= MAX_SERIES) {
      resource = '(other)';
      key = `${verb} ${code} ${resource}`;
      s = this.series.get(key);
    }
    if (!s) {
      s = { counter: i.requests.labels(verb, String(code), resource) };
      if (verb !== 'WATCH') s.histogram = i.latency.labels(verb);
      this.series.set(key, s);
    }
    s.counter.inc();
    s.histogram?.observe(seconds);
  }

  async text(): Promise<string> {
    return (await this.load()).registry.metrics();
  }
}
