import { describe, expect, it } from 'vitest';
import { admitOne, countKeys, quantityValue, quotaStatus, resourceOfKey } from './usage.js';

describe('object-count keys', () => {
  it('names core kinds by count/<plural> and kube’s legacy bare names, others by count/<plural>.<group>', () => {
    expect(countKeys('/configmaps')).toEqual(['configmaps', 'count/configmaps']);
    expect(countKeys('/serviceaccounts')).toEqual(['count/serviceaccounts']);
    expect(countKeys('example.dev/widgets')).toEqual(['count/widgets.example.dev']);
  });

  it('maps keys back to storage resources; compute resources count nothing', () => {
    expect(resourceOfKey('secrets')).toBe('/secrets');
    expect(resourceOfKey('count/secrets')).toBe('/secrets');
    expect(resourceOfKey('count/deployments.apps')).toBe('apps/deployments');
    expect(resourceOfKey('count/widgets.example.dev')).toBe('example.dev/widgets');
    expect(resourceOfKey('requests.cpu')).toBeUndefined();
  });

  it('reads quantities', () => {
    expect(quantityValue('3')).toBe(3);
    expect(quantityValue('1k')).toBe(1000);
    expect(quantityValue('1Ki')).toBe(1024);
    expect(quantityValue('2e3')).toBe(2000);
    expect(quantityValue('x')).toBeNaN();
  });
});

describe('admitOne', () => {
  const quota = (hard: Record<string, string>, used: Record<string, string>) => ({ metadata: { name: 'small' }, status: { hard, used } });

  it('counts one more under every limited key', () => {
    expect(admitOne(quota({ configmaps: '2', 'count/configmaps': '5' }, { configmaps: '1' }), countKeys('/configmaps'))).toEqual({
      used: { configmaps: '2', 'count/configmaps': '1' },
    });
  });

  it('refuses past a limit with kube’s message, naming only the exceeded keys', () => {
    expect(
      admitOne(quota({ configmaps: '2', 'count/configmaps': '5' }, { configmaps: '2', 'count/configmaps': '2' }), countKeys('/configmaps')),
    ).toEqual({
      quota: 'small',
      message: 'exceeded quota: small, requested: configmaps=1, used: configmaps=2, limited: configmaps=2',
    });
  });

  it('limits nothing its status does not (a quota its controller has not counted yet)', () => {
    expect(admitOne({ metadata: { name: 'new' } }, ['configmaps'])).toBeUndefined();
    expect(admitOne(quota({ secrets: '1' }, {}), countKeys('/configmaps'))).toBeUndefined();
  });
});

describe('quotaStatus', () => {
  it('mirrors hard and counts object-count keys', () => {
    const counts: Record<string, number> = { '/configmaps': 4, '/secrets': 1 };
    expect(quotaStatus({ configmaps: '10', 'count/secrets': '2', 'requests.cpu': '1' }, (r) => counts[r] ?? 0)).toEqual({
      hard: { configmaps: '10', 'count/secrets': '2', 'requests.cpu': '1' },
      used: { configmaps: '4', 'count/secrets': '1', 'requests.cpu': '0' },
    });
  });
});
