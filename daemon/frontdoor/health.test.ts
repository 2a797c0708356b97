import { describe, expect, it } from 'vitest';
import { healthAnswer, healthChecks, healthPath } from './health.js';

describe('health endpoints (kube healthz handler)', () => {
  let started = true;
  const checks = healthChecks(() => started);
  const answer = (path: string, query = '') => healthAnswer(checks, healthPath(path)!, new URLSearchParams(query));

  it('recognises the endpoints and their single checks, nothing else', () => {
    expect(healthPath('/readyz')).toEqual({ endpoint: 'readyz' });
    expect(healthPath('/livez/ping')).toEqual({ endpoint: 'livez', check: 'ping' });
    expect(healthPath('/healthz/poststarthook/kcpx-bootstrap-controllers')).toEqual({
      endpoint: 'healthz',
      check: 'poststarthook/kcpx-bootstrap-controllers',
    });
    expect(healthPath('/readyzz')).toBeUndefined();
    expect(healthPath('/api/v1')).toBeUndefined();
  });

  it('answers ok, or the list of checks when verbose', () => {
    started = true;
    expect(answer('/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(answer('/readyz', 'verbose').body).toBe(
      '[+]ping ok\n[+]log ok\n[+]poststarthook/kcpx-bootstrap-controllers ok\n[+]shutdown ok\nreadyz check passed\n',
    );
    expect(answer('/livez', 'verbose=false').body).toBe('[+]ping ok\n[+]log ok\nlivez check passed\n');
  });

  it('excludes checks by name and warns about names it does not have', () => {
    started = true;
    expect(answer('/livez', 'verbose&exclude=log&exclude=nope&exclude=etcd').body).toBe(
      '[+]ping ok\n[+]log excluded: ok\nwarn: some health checks cannot be excluded: no matches for "etcd","nope"\nlivez check passed\n',
    );
  });

  it('fails with 500 and the list, reasons withheld, while the daemon is not started; liveness does not depend on it', () => {
    started = false;
    const r = answer('/readyz');
    expect(r.status).toBe(500);
    expect(r.body).toBe(
      '[+]ping ok\n[+]log ok\n[-]poststarthook/kcpx-bootstrap-controllers failed: reason withheld\n[-]shutdown failed: reason withheld\nreadyz check failed\n',
    );
    expect(answer('/readyz', 'exclude=shutdown&exclude=poststarthook/kcpx-bootstrap-controllers')).toMatchObject({
      status: 200,
      body: 'ok',
    });
    expect(answer('/livez')).toMatchObject({ status: 200, body: 'ok' });
    expect(answer('/readyz/shutdown')).toMatchObject({ status: 500, body: 'internal server error: the daemon is not serving\n' });
  });

  it('runs one check alone, and 404s an unknown one', () => {
    started = true;
    expect(answer('/readyz/ping')).toMatchObject({ status: 200, body: 'ok' });
    expect(answer('/readyz/etcd').status).toBe(404);
  });
});
