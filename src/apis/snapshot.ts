// `kubectl kcp crd snapshot`: an APIResourceSchema named `<prefix>.<crd name>` from each CustomResourceDefinition of a
// file, as kcp's CRDToAPIResourceSchema (sdk/apis/apis/v1alpha1/crd_to_apiresourceschema.go) makes it; printed as
// kcp's plugin prints it (sigs.k8s.io/yaml: keys sorted, each document followed by `---`).
import YAML from 'yaml';
import { cliError } from '../errors/catalogue.js';

type Obj = Record<string, unknown>;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function crdToAPIResourceSchema(crd: Obj, prefix: string): Obj {
  const meta = (crd['metadata'] ?? {}) as Obj;
  const spec = (crd['spec'] ?? {}) as Obj;
  const crdName = typeof meta['name'] === 'string' ? meta['name'] : '';
  const name = `${prefix}.${crdName}`;
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) throw cliError('invalidSnapshotName', name);
  const versions = (spec['versions'] ?? []) as Obj[];
  const conversion = spec['conversion'] as Obj | undefined;
  if (versions.length > 1 && !conversion) throw cliError('snapshotNeedsConversion', crdName);
  const out: Obj = { group: spec['group'], names: spec['names'], scope: spec['scope'] };
  if (conversion) {
    const c: Obj = { strategy: conversion['strategy'] };
    const webhook = conversion['webhook'] as Obj | undefined;
    if (conversion['strategy'] === 'Webhook' && webhook) {
      const w: Obj = { conversionReviewVersions: webhook['conversionReviewVersions'] };
      const cc = webhook['clientConfig'] as Obj | undefined;
      if (cc) {
        if (cc['service']) throw cliError('snapshotWebhookService');
        if (!cc['url']) throw cliError('snapshotWebhookURL');
        w['clientConfig'] = { url: cc['url'], ...(cc['caBundle'] ? { caBundle: cc['caBundle'] } : {}) };
      }
      c['webhook'] = w;
    }
    out['conversion'] = c;
  }
  out['versions'] = versions.map((v) => {
    const r: Obj = { name: v['name'], served: v['served'] ?? false, storage: v['storage'] ?? false, subresources: v['subresources'] ?? {} };
    for (const f of ['deprecated', 'deprecationWarning', 'additionalPrinterColumns', 'selectableFields'])
      if (v[f] !== undefined) r[f] = v[f];
    const schema = (v['schema'] as Obj | undefined)?.['openAPIV3Schema'];
    if (schema !== undefined) r['schema'] = schema;
    return r;
  });
  return { apiVersion: 'apis.kcp.io/v1alpha1', kind: 'APIResourceSchema', metadata: { creationTimestamp: null, name }, spec: out };
}

/** Every CRD of a multi-document YAML (or JSON) text, converted and printed as kcp's plugin prints them. */
export function snapshot(text: string, prefix: string, output: 'yaml' | 'json'): string {
  let out = '';
  for (const doc of YAML.parseAllDocuments(text)) {
    const crd = doc.toJSON() as Obj | null;
    if (!crd) continue;
    const schema = crdToAPIResourceSchema(crd, prefix);
    out +=
      output === 'json'
        ? `${JSON.stringify(sortKeys(schema), null, 2)}\n`
        : YAML.stringify(sortKeys(schema), { lineWidth: 0, indentSeq: false });
    out += '\n---\n';
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Obj)[k])]),
  );
}
