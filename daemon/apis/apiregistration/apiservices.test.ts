import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { apiServices, availableCell } from './apiservices.js';
import { validateAPIService } from './validation.js';

const svc = (spec: Record<string, unknown>, name = 'v1.ext.dev'): KObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name },
  spec: { group: 'ext.dev', version: 'v1', groupPriorityMinimum: 100, versionPriority: 10, ...spec },
});
const messages = (o: KObject) => validateAPIService(o).map((e) => `${e.field}: ${e.detail ?? ''}`);

describe('APIService validation', () => {
  it('accepts a Local and an aggregated APIService', () => {
    expect(validateAPIService(svc({}))).toEqual([]);
    expect(validateAPIService(svc({ service: { namespace: 'default', name: 'ext', port: 8443 }, insecureSkipTLSVerify: true }))).toEqual(
      [],
    );
    expect(validateAPIService(svc({ group: '' }, 'v1.'))).toEqual([]);
  });

  it('holds the name to version.group, and the priorities and version to their bounds', () => {
    expect(messages(svc({ version: 'V1', groupPriorityMinimum: 20001, versionPriority: 0 }, 'v1.ext.dev'))).toEqual([
      'metadata.name: must be `spec.version+"."+spec.group`: "V1.ext.dev"',
      expect.stringMatching(/^spec\.version: a DNS-1035 label must consist of lower case alphanumeric characters/),
      'spec.groupPriorityMinimum: must be positive and less than 20000',
      'spec.versionPriority: must be positive and less than 1000',
    ]);
    expect(messages(svc({ group: '', version: 'v2' }, 'v2.'))).toEqual([
      'spec.group: only v1 may have an empty group and it better be legacy kube',
    ]);
  });

  it('keeps TLS settings off Local APIServices and a service reference complete', () => {
    expect(messages(svc({ caBundle: Buffer.from('abc').toString('base64'), insecureSkipTLSVerify: true }))).toEqual([
      'spec.caBundle: local APIServices may not have a caBundle',
      'spec.insecureSkipTLSVerify: local APIServices may not have insecureSkipTLSVerify',
    ]);
    expect(messages(svc({ service: { port: 70000 }, caBundle: 'YQ==', insecureSkipTLSVerify: true }))).toEqual([
      'spec.service.namespace: ',
      'spec.service.name: ',
      'spec.service.port: port is not valid: must be between 1 and 65535, inclusive',
      'spec.insecureSkipTLSVerify: may not be true if caBundle is present',
    ]);
  });
});

describe('the APIService strategy', () => {
  const s = apiServices.strategy;
  const ctx = { cluster: 'root', now: new Date(), dryRun: false, user: { username: 'a', groups: [] } };

  it('defaults the service port to 443 and leaves the status to the system', () => {
    const o = svc({ service: { namespace: 'default', name: 'ext' } });
    o['status'] = { conditions: [{ type: 'Available', status: 'True' }] };
    s.prepareForCreate(o, ctx);
    expect((o['spec'] as { service: { port: number } }).service.port).toBe(443);
    expect(o['status']).toEqual({});
    const next = svc({});
    s.prepareForUpdate(next, { ...o, status: { conditions: [] } }, ctx);
    expect(next['status']).toEqual({ conditions: [] });
  });

  it('prints Service and Available as kubectl does', () => {
    const o = svc({ service: { namespace: 'default', name: 'ext' } });
    expect(s.table.cells(o, Date.now()).slice(0, 2)).toEqual(['default/ext', 'Unknown']);
    o['status'] = { conditions: [{ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck' }] };
    expect(availableCell(o)).toBe('False (FailedDiscoveryCheck)');
    expect(s.table.cells(svc({}), Date.now())[0]).toBe('Local');
  });
});
