// The strategies of core/v1's other kinds: what each prepares, validates, selects by and prints.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { ServiceAccountTokens } from '../../auth/service-account-tokens.js';
import { compileSelectors } from '../../registry/selectors.js';
import type { RequestContext } from '../../registry/types.js';
import { configmaps } from './configmaps.js';
import { coreEvents } from './events.js';
import { resourcequotas } from './resourcequotas.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './serviceaccounts.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const obj = (kind: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'a', namespace: 'ns' },
  ...extra,
});
const errors = (errs: Parameters<typeof fieldErrorString>[0][]) => errs.map(fieldErrorString);

describe('ConfigMaps', () => {
  it('refuse bad data keys, on create and update', () => {
    const bad = obj('ConfigMap', { data: { 'no spaces': 'x' }, binaryData: { ok: 'AA==' } });
    expect(errors(configmaps.strategy.validate(bad, ctx))).toEqual([
      "data[no spaces]: Invalid value: \"no spaces\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(configmaps.strategy.validateUpdate(bad, obj('ConfigMap'), ctx)).toHaveLength(1);
  });

  it('print the count of data and binaryData entries', () => {
    expect(configmaps.strategy.table.cells(obj('ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), Date.now())[0]).toBe(
      3,
    );
  });
});

describe('Secrets', () => {
  it('default to Opaque and fold stringData into data on create and update', () => {
    const o = obj('Secret', { data: { a: 'YQ==' }, stringData: { b: 'b' } });
    secrets.strategy.prepareForCreate(o, ctx);
    expect(o).toMatchObject({ type: 'Opaque', data: { a: 'YQ==', b: 'Yg==' } });
    expect('stringData' in o).toBe(false);
    const u = obj('Secret', { type: 'kubernetes.io/tls', stringData: { c: 'c' } });
    secrets.strategy.prepareForUpdate(u, o, ctx);
    expect(u).toMatchObject({ type: 'kubernetes.io/tls', data: { c: 'Yw==' } });
  });

  it('refuse data that is not base64 and a changed type', () => {
    expect(errors(secrets.strategy.validate(obj('Secret', { data: { a: 'not base64!' } }), ctx))).toEqual([
      'data[a]: Invalid value: "<secret contents redacted>": must be base64 encoded',
    ]);
    expect(errors(secrets.strategy.validateUpdate(obj('Secret', { type: 'b' }), obj('Secret', { type: 'a' }), ctx))).toEqual([
      'type: Invalid value: "b": field is immutable',
    ]);
  });

  it('are selected by type', () => {
    const match = compileSelectors(secrets, { labelSelector: '', fieldSelector: 'type=Opaque' })!;
    expect([match(obj('Secret', { type: 'Opaque' })), match(obj('Secret', { type: 'other' }))]).toEqual([true, false]);
  });
});

describe('ServiceAccounts', () => {
  it('serve the token subresource only when built with a token issuer', () => {
    expect(serviceAccounts().strategy.subresources).toEqual({});
    const tokens = new ServiceAccountTokens({ key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, get: () => undefined });
    const token = serviceAccounts(tokens).strategy.subresources['token']!;
    expect(token.kind).toEqual({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
    expect(token.verbs).toEqual(['create']);
  });

  it('print how many secrets they list', () => {
    expect(serviceAccounts().strategy.table.cells(obj('ServiceAccount', { secrets: [{ name: 'x' }, { name: 'y' }] }), Date.now())[0]).toBe(
      2,
    );
  });
});

describe('core/v1 Events', () => {
  it("are selected by what they are about and why; anything else is refused with kube's words", () => {
    const ev = obj('Event', {
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'Started',
      source: { component: 'kubelet' },
      type: 'Normal',
    });
    for (const sel of [
      'involvedObject.kind=Pod',
      'involvedObject.name=p',
      'reason=Started',
      'source=kubelet',
      'type=Normal',
      'involvedObject.uid=',
    ]) {
      expect(compileSelectors(coreEvents, { labelSelector: '', fieldSelector: sel })!(ev)).toBe(true);
    }
    expect(() => compileSelectors(coreEvents, { labelSelector: '', fieldSelector: 'message=x' })).toThrow(
      'field label not supported: message',
    );
  });

  it('print the object they are about', () => {
    const cells = coreEvents.strategy.table.cells(obj('Event', { involvedObject: { kind: 'Pod', name: 'p' }, count: 3 }), Date.now());
    expect(cells[3]).toBe('pod/p');
    expect(cells[8]).toBe(3);
  });
});

describe('ResourceQuotas', () => {
  it('keep their scopes, as a set', () => {
    const q = (scopes?: string[]) => obj('ResourceQuota', scopes ? { spec: { scopes } } : {});
    expect(resourcequotas.strategy.validateUpdate(q(['Terminating', 'BestEffort']), q(['BestEffort', 'Terminating']), ctx)).toEqual([]);
    expect(errors(resourcequotas.strategy.validateUpdate(q(['BestEffort']), q(), ctx))).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: field is immutable',
    ]);
    expect(resourcequotas.strategy.validate(q(['anything']), ctx)).toEqual([]);
  });

  it('have a status subresource and print used/hard', () => {
    expect(Object.keys(resourcequotas.strategy.subresources)).toEqual(['status']);
    const cells = resourcequotas.strategy.table.cells(
      obj('ResourceQuota', { spec: { hard: { pods: '2', 'limits.cpu': '1' } }, status: { used: { pods: '1' } } }),
      Date.now(),
    );
    expect(cells.slice(1)).toEqual(['pods: 1/2', 'limits.cpu: 0/1']);
  });
});
