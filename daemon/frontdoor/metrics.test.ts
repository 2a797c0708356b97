import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';

const gauges = { workspaces: () => 3, watchers: () => 0, revision: () => 42 };

describe('Metrics', () => {
  it('counts requests by verb, code and resource, including those before prom-client has loaded', async () => {
    const m = new Metrics(gauges);
    m.observe('GET', 200, 'configmaps', 0.001);
    await m.load();
    m.observe('GET', 200, 'configmaps', 0.002);
    m.observe('WATCH', 200, 'configmaps', 5);
    const text = await m.text();
    expect(text).toContain('apiserver_request_total{verb="GET",code="200",resource="configmaps"} 2');
    expect(text).toContain('apiserver_request_total{verb="WATCH",code="200",resource="configmaps"} 1');
    expect(text).toContain('apiserver_request_duration_seconds_count{verb="GET"} 2');
    expect(text).not.toContain('apiserver_request_duration_seconds_count{verb="WATCH"}');
    expect(text).toContain('kcpx_logical_clusters 3');
    expect(text).toContain('# TYPE apiserver_request_duration_seconds histogram');
    expect(text).toContain('apiserver_request_duration_seconds_bucket{le="0.001",verb="GET"} 1');
    expect(text).toContain('apiserver_request_duration_seconds_bucket{le="0.0025",verb="GET"} 2');
    expect(text).toContain('apiserver_request_duration_seconds_bucket{le="+Inf",verb="GET"} 2');
    expect(text).toContain('apiserver_request_duration_seconds_sum{verb="GET"} 0.003');
    expect(text).toContain('# TYPE apiserver_request_total counter');
  });

  it('folds made-up resources into one series once the bound is reached', async () => {
    const m = new Metrics(gauges);
    await m.load();
    for (let i = 0; i < 5_000; i++) m.observe('GET', 404, `junk${i}`, 0.001);
    const text = await m.text();
    const series = text.split('\n').filter((l) => l.startsWith('apiserver_request_total{'));
    expect(series.length).toBeLessThanOrEqual(2_001);
    expect(text).toMatch(/apiserver_request_total\{verb="GET",code="404",resource="\(other\)"\} 3000/);
  });

  it('reports the work queue of each controller under the metric names of client-go', async () => {
    const m = new Metrics({ ...gauges, controllers: () => [{ name: 'namespace', depth: 2, delayed: 1, adds: 7, retries: 3 }] });
    const text = await m.text();
    expect(text).toContain('workqueue_depth{name="namespace"} 2');
    expect(text).toContain('workqueue_adds_total{name="namespace"} 7');
    expect(text).toContain('workqueue_retries_total{name="namespace"} 3');
    expect(text).toContain('# TYPE workqueue_depth gauge');
  });
});
