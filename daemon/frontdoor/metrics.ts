// /metrics in Prometheus format. Labels are bounded by design (verb, code class, resource kind — never the
// logical cluster), so the series count does not grow with workspaces (kcp's grows ~50 per workspace).
//
// Requests are counted in plain numbers, read only when /metrics is scraped: prom-client's own instruments hash
// their label values on every observation, a cost every request would pay. prom-client still writes the
// exposition (through metric objects registered below) and the process metrics. It takes ~90 ms to load, a fifth
// of a cold start, so it is loaded once the daemon serves; counting does not wait for it.
import type { Metric, Registry as PromRegistry } from 'prom-client';
import type { ControllerStats } from '../controllers/runtime/controller.js';

type Gauges = { workspaces: () => number; watchers: () => number; revision: () => number; controllers?: () => ControllerStats[] };

/**
 * Label combinations beyond this share `resource="(other)"`: the resource label comes from the request path, and
 * requests for made-up resources must not grow /metrics without bound.
 */
const MAX_SERIES = 2_000;

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface RequestCount {
  labels: { verb: string; code: string; resource: string };
  value: number;
  latency?: Latency;
}

/** One verb's latency histogram: per-bucket (not yet cumulative) counts, the overflow last. */
interface Latency {
  verb: string;
  counts: Float64Array;
  sum: number;
  count: number;
}

/** What prom-client's registry reads from a metric when it writes the exposition. */
interface Sample {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

export class Metrics {
  private loading: Promise<PromRegistry> | undefined;
  private readonly requests = new Map<string, RequestCount>();
  private readonly latencies = new Map<string, Latency>();

  constructor(private readonly gauges: Gauges) {}

  /** Loads prom-client and registers the metrics; idempotent. */
  load(): Promise<PromRegistry> {
    return (this.loading ??= import('prom-client').then((prom) => {
      const registry = new prom.Registry();
      prom.collectDefaultMetrics({ register: registry, prefix: 'kcpx_process_' });
      registry.registerMetric(
        exposition('apiserver_request_total', 'API requests by verb, response code and resource.', 'counter', () =>
          [...this.requests.values()].map((r) => ({ labels: r.labels, value: r.value })),
        ),
      );
      registry.registerMetric(
        exposition('apiserver_request_duration_seconds', 'API request latency by verb (watches excluded).', 'histogram', () =>
          [...this.latencies.values()].flatMap(histogramSamples),
        ),
      );
      const g = this.gauges;
      new prom.Gauge({
        name: 'kcpx_logical_clusters',
        help: 'Logical clusters served.',
        registers: [registry],
        collect() {
          this.set(g.workspaces());
        },
      });
      new prom.Gauge({
        name: 'kcpx_watchers',
        help: 'Open watches.',
        registers: [registry],
        collect() {
          this.set(g.watchers());
        },
      });
      new prom.Gauge({
        name: 'kcpx_storage_revision',
        help: 'Latest committed resourceVersion of the shard.',
        registers: [registry],
        collect() {
          this.set(g.revision());
        },
      });
      // client-go's workqueue metric names, one series per controller (a fixed set).
      const controllers = g.controllers ?? (() => []);
      const perController = (pick: (s: ControllerStats) => number) => () =>
        controllers().map((s) => ({ labels: { name: s.name }, value: pick(s) }));
      registry.registerMetric(
        exposition(
          'workqueue_depth',
          "Keys waiting in a controller's queue.",
          'gauge',
          perController((s) => s.depth),
        ),
      );
      registry.registerMetric(
        exposition(
          'workqueue_adds_total',
          "Keys added to a controller's queue.",
          'counter',
          perController((s) => s.adds),
        ),
      );
      registry.registerMetric(
        exposition(
          'workqueue_retries_total',
          'Reconciles retried after a failure.',
          'counter',
          perController((s) => s.retries),
        ),
      );
      return registry;
    }));
  }

  observe(verb: string, code: number, resource: string, seconds: number): void {
    let key = `${verb} ${code} ${resource}`;
    let r = this.requests.get(key);
    if (!r && this.requests.size >= MAX_SERIES) {
      resource = '(other)';
      key = `${verb} ${code} ${resource}`;
      r = this.requests.get(key);
    }
    if (!r) {
      r = { labels: { verb, code: String(code), resource }, value: 0 };
      if (verb !== 'WATCH') r.latency = this.latency(verb);
      this.requests.set(key, r);
    }
    r.value++;
    const h = r.latency;
    if (!h) return;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  private latency(verb: string): Latency {
    let h = this.latencies.get(verb);
    if (!h) this.latencies.set(verb, (h = { verb, counts: new Float64Array(BUCKETS.length + 1), sum: 0, count: 0 }));
    return h;
  }

  async text(): Promise<string> {
    return (await this.load()).metrics();
  }
}

/** Cumulative `le` buckets, then sum and count, as Prometheus histograms are written. */
function histogramSamples(h: Latency): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  BUCKETS.forEach((le, i) => {
    cumulative += h.counts[i]!;
    out.push({ metricName: 'apiserver_request_duration_seconds_bucket', labels: { le, verb: h.verb }, value: cumulative });
  });
  out.push({ metricName: 'apiserver_request_duration_seconds_bucket', labels: { le: '+Inf', verb: h.verb }, value: h.count });
  out.push({ metricName: 'apiserver_request_duration_seconds_sum', labels: { verb: h.verb }, value: h.sum });
  out.push({ metricName: 'apiserver_request_duration_seconds_count', labels: { verb: h.verb }, value: h.count });
  return out;
}

/**
 * A metric whose samples are computed when scraped. prom-client's registry reads any registered metric through
 * `get()` (the shape its own Counter and Histogram return), so it still escapes and formats every line.
 */
function exposition(name: string, help: string, type: 'counter' | 'gauge' | 'histogram', samples: () => Sample[]): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum' as const,
    get: () => Promise.resolve({ name, help, type, aggregator: 'sum' as const, values: samples() }),
  };
  return metric as unknown as Metric;
}
