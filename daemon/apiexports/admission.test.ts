import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin, Operation } from '../registry/admission.js';
import type { ResourceDef } from '../registry/types.js';
import { apiExportAdmission, claimLabelAdmission, crdNoOverlappingBindingAdmission, terminatingBindingAdmission } from './admission.js';
import { ClaimLabeler, claimLabel } from './claim-labels.js';

const def = (group: string, plural: string) => ({ group, plural }) as ResourceDef;
const CRD = def('apiextensions.k8s.io', 'customresourcedefinitions');
const EXPORTS = def('apis.kcp.io', 'apiexports');
const CM = def('', 'configmaps');

function attrs(operation: Operation, d: ResourceDef, object: KObject, name = object.metadata.name ?? ''): AdmissionAttributes {
  return {
    operation,
    def: d,
    ctx: { cluster: 'c', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false },
    namespace: '',
    name,
    object,
  };
}

async function refusal(plugin: AdmissionPlugin, a: AdmissionAttributes): Promise<string | undefined> {
  try {
    await plugin.admit?.(a);
    await plugin.validate?.(a);
    return undefined;
  } catch (err) {
    if (err instanceof StatusError) return `${err.status.code} ${err.status.message}`;
    throw err;
  }
}

const crd = (group: string, plural: string): KObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: { group, names: { plural } },
});
const boundBinding: KObject = {
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'cowboys' },
  status: { boundResources: [{ group: 'wildwest.dev', resource: 'cowboys', schema: { name: 's', UID: 'u', identityHash: 'h' } }] },
};

describe('admission of APIs as a service', () => {
  it('refuses a CRD taking what a binding serves, as kcp words it', async () => {
    const plugin = crdNoOverlappingBindingAdmission({ listBindings: () => [boundBinding] });
    expect(await refusal(plugin, attrs('CREATE', CRD, crd('wildwest.dev', 'cowboys')))).toBe(
      '403 customresourcedefinitions.apiextensions.k8s.io "cowboys.wildwest.dev" is forbidden: cannot create because resource is bound by APIBinding "cowboys"',
    );
    expect(await refusal(plugin, attrs('CREATE', CRD, crd('wildwest.dev', 'horses')))).toBeUndefined();
    expect(await refusal(plugin, attrs('UPDATE', CRD, crd('wildwest.dev', 'cowboys')))).toBeUndefined();
  });

  it('requires an identityHash on claims of resources that are not built in', async () => {
    const exp = (claim: object): KObject => ({
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: 'e' },
      spec: { permissionClaims: [claim] },
    });
    const plugin = apiExportAdmission();
    expect(await refusal(plugin, attrs('CREATE', EXPORTS, exp({ group: 'wildwest.dev', resource: 'cowboys', verbs: ['*'] })))).toBe(
      '403 apiexports.apis.kcp.io "e" is forbidden: spec.permissionClaims[0].identityHash: Invalid value: "": identityHash is required for API types that are not built-in',
    );
    expect(
      await refusal(plugin, attrs('CREATE', EXPORTS, exp({ group: 'wildwest.dev', resource: 'cowboys', identityHash: 'h' }))),
    ).toBeUndefined();
    expect(await refusal(plugin, attrs('CREATE', EXPORTS, exp({ group: '', resource: 'configmaps' })))).toBeUndefined();
    expect(await refusal(plugin, attrs('CREATE', EXPORTS, exp({ group: 'apis.kcp.io', resource: 'apibindings' })))).toBeUndefined();
    expect(await refusal(plugin, attrs('UPDATE', EXPORTS, exp({ group: 'apps', resource: 'deployments' })))).toContain(
      'identityHash is required',
    );
  });

  it('refuses new objects of a binding being deleted', async () => {
    const terminating = def('wildwest.dev', 'cowboys');
    const plugin = terminatingBindingAdmission((d) => d === terminating);
    const cowboy: KObject = { apiVersion: 'wildwest.dev/v1alpha1', kind: 'Cowboy', metadata: { name: 'x' } };
    expect(await refusal(plugin, attrs('CREATE', terminating, cowboy))).toBe(
      '405 create not allowed while custom resource definition is terminating',
    );
    expect(await refusal(plugin, attrs('UPDATE', terminating, cowboy))).toBeUndefined();
    expect(await refusal(plugin, attrs('CREATE', def('wildwest.dev', 'horses'), cowboy))).toBeUndefined();
  });

  it('labels claimed objects, takes stale claim labels away, and leaves unclaimed workspaces alone', async () => {
    const labeler = new ClaimLabeler();
    labeler.onBinding('c', 'b', {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIBinding',
      metadata: { name: 'b' },
      spec: {
        reference: { export: { name: 'e' } },
        permissionClaims: [{ resource: 'configmaps', selector: { matchAll: true }, state: 'Accepted' }],
      },
      status: { apiExportClusterName: 'prov' },
    });
    const [key, value] = claimLabel('prov', 'e', { resource: 'configmaps' });
    const plugin = claimLabelAdmission(labeler);
    const a = attrs('CREATE', CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { 'claimed.internal.apis.kcp.io/forged': 'x' } },
    });
    expect(await refusal(plugin, a)).toBeUndefined();
    expect(a.object!.metadata.labels).toEqual({ [key]: value });
    const elsewhere = attrs('CREATE', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } });
    elsewhere.ctx = { ...elsewhere.ctx, cluster: 'other' };
    expect(await refusal(plugin, elsewhere)).toBeUndefined();
    expect(elsewhere.object!.metadata.labels).toBeUndefined();
    // What a later mutation sets is caught by validation.
    const late = attrs('UPDATE', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { [key]: 'changed' } } });
    expect(() => plugin.validate!(late)).toThrow(`metadata.labels[${key}]: Invalid value: "changed": must be "${value}"`);
  });
});
