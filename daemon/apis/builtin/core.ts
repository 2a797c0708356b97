// core/v1: the generic control plane's legacy group (kcp serves no pods, services or nodes).
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { deepEqual } from '../../registry/meta.js';
import type { ResourceDef } from '../../registry/types.js';
import { age, AGE, col, count, get } from './cells.js';
import { define } from './define.js';

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

function dataKeyErrors(obj: KObject, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    const m = obj[f];
    if (m === undefined || m === null) continue;
    if (typeof m !== 'object' || Array.isArray(m)) {
      errs.push(fieldErr.invalid(f, m, 'must be a map'));
      continue;
    }
    for (const k of Object.keys(m)) {
      if (!KEY_RE.test(k) || k.length > 253) {
        errs.push(fieldErr.invalid(`${f}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
      }
      if (seen.has(k)) errs.push(fieldErr.invalid(`${f}[${k}]`, k, 'duplicate of key present in data'));
      seen.add(k);
    }
  }
  return errs;
}

/**
 * ConfigMaps and Secrets marked `immutable: true`: the mark cannot be taken back and the data cannot change
 * (ValidateConfigMapUpdate, ValidateSecretUpdate).
 */
function immutableDataErrors(obj: KObject, old: KObject, fields: string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (obj['immutable'] !== true) errs.push(fieldErr.forbidden('immutable', 'field is immutable when `immutable` is set'));
  // An empty map is stored as none (kube's storage cannot tell them apart), so the two are the same data.
  const data = (o: KObject, f: string) => (o[f] && typeof o[f] === 'object' && Object.keys(o[f] as object).length ? o[f] : undefined);
  for (const f of fields) if (!deepEqual(data(obj, f), data(old, f))) errs.push(fieldErr.forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

/** A quota's scopes are fixed at creation (as a set: order and repeats do not count). */
function quotaScopeErrors(obj: KObject, old: KObject): FieldError[] {
  const scopes = (o: KObject) => get(o, 'spec', 'scopes') as unknown;
  const asSet = (v: unknown) => new Set(Array.isArray(v) ? v.map(String) : []);
  const now = asSet(scopes(obj));
  const before = asSet(scopes(old));
  if (now.size === before.size && [...now].every((x) => before.has(x))) return [];
  const v = scopes(obj);
  const rendered = Array.isArray(v) ? `[]core.ResourceQuotaScope{${v.map((x) => goQuote(String(x))).join(', ')}}` : '[]core.ResourceQuotaScope(nil)';
  return [fieldErr.invalid('spec.scopes', new GoSyntax(rendered), 'field is immutable')];
}

export const namespaces = define({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
  shortNames: ['ns'],
  subresources: { status: true },
  nameRule: 'dns1123-label',
  schemaName: 'io.k8s.api.core.v1.Namespace',
  fieldSelectors: { 'status.phase': (o) => get(o, 'status', 'phase') as string | undefined },
  table: { columns: [col('Status', 'The status of the namespace'), AGE], cells: (o, now) => [get(o, 'status', 'phase') ?? '', age(o, now)] },
  hooks: {
    prepareForCreate(obj) {
      const spec = (obj['spec'] ?? {}) as { finalizers?: string[] };
      obj['spec'] = { ...spec, finalizers: [...new Set([...(spec.finalizers ?? []), 'kubernetes'])] };
      obj['status'] = { phase: 'Active' };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
    },
    prepareForUpdate(obj, old) {
      // spec.finalizers change only through /finalize.
      obj['spec'] = { ...((obj['spec'] as object) ?? {}), finalizers: get(old, 'spec', 'finalizers') ?? [] };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
    },
    hasPendingFinalizers: (obj) => ((get(obj, 'spec', 'finalizers') as string[] | undefined) ?? []).length > 0,
    prepareForDelete(obj) {
      obj['status'] = { ...((obj['status'] as object) ?? {}), phase: 'Terminating' };
    },
  },
});

export const configmaps = define({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  shortNames: ['cm'],
  schemaName: 'io.k8s.api.core.v1.ConfigMap',
  table: { columns: [col('Data', 'Data contains the configuration data.', 'integer'), AGE], cells: (o, now) => [count(o['data']) + count(o['binaryData']), age(o, now)] },
  hooks: {
    validate: (o) => dataKeyErrors(o, ['data', 'binaryData']),
    validateUpdate: (o, old) => [...immutableDataErrors(o, old, ['data', 'binaryData']), ...dataKeyErrors(o, ['data', 'binaryData'])],
  },
});

function secretPrepare(obj: KObject): void {
  if (!obj['type']) obj['type'] = 'Opaque';
  const stringData = obj['stringData'] as Record<string, string> | undefined;
  if (stringData) {
    const data = { ...((obj['data'] as Record<string, string>) ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    obj['data'] = data;
    delete obj['stringData'];
  }
}

function secretValidate(obj: KObject): FieldError[] {
  const errs = dataKeyErrors(obj, ['data']);
  for (const [k, v] of Object.entries((obj['data'] as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) errs.push(fieldErr.invalid(`data[${k}]`, '<secret contents redacted>', 'must be base64 encoded'));
  }
  return errs;
}

export const secrets = define({
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  namespaced: true,
  schemaName: 'io.k8s.api.core.v1.Secret',
  fieldSelectors: { type: (o) => o['type'] as string | undefined },
  table: {
    columns: [col('Type', 'The type of the secret'), col('Data', 'The number of entries in the secret', 'integer'), AGE],
    cells: (o, now) => [o['type'] ?? '', count(o['data']), age(o, now)],
  },
  hooks: {
    prepareForCreate: secretPrepare,
    prepareForUpdate: secretPrepare,
    validate: secretValidate,
    validateUpdate(o, old) {
      const errs: FieldError[] = [];
      if (o['type'] !== old['type']) errs.push(fieldErr.invalid('type', new GoSyntax(goQuote(String(o['type'] ?? ''))), 'field is immutable'));
      // stringData has already become data (secretPrepare), so it is frozen with it.
      errs.push(...immutableDataErrors(o, old, ['data']), ...secretValidate(o));
      return errs;
    },
  },
});

export const serviceaccounts = define({
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  namespaced: true,
  shortNames: ['sa'],
  schemaName: 'io.k8s.api.core.v1.ServiceAccount',
  table: { columns: [col('Secrets', 'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount', 'integer'), AGE], cells: (o, now) => [((o['secrets'] as unknown[]) ?? []).length, age(o, now)] },
});

const involved = (f: string) => (o: KObject) => get(o, 'involvedObject', f) as string | undefined;

export const coreEvents = define({
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
  schemaName: 'io.k8s.api.core.v1.Event',
  fieldSelectors: {
    'involvedObject.kind': involved('kind'),
    'involvedObject.namespace': involved('namespace'),
    'involvedObject.name': involved('name'),
    'involvedObject.uid': involved('uid'),
    'involvedObject.apiVersion': involved('apiVersion'),
    'involvedObject.resourceVersion': involved('resourceVersion'),
    'involvedObject.fieldPath': involved('fieldPath'),
    reason: (o) => o['reason'] as string | undefined,
    reportingComponent: (o) => o['reportingComponent'] as string | undefined,
    source: (o) => get(o, 'source', 'component') as string | undefined,
    type: (o) => o['type'] as string | undefined,
  },
  table: {
    columns: [
      col('Last Seen', 'Time of the last occurrence'),
      col('Type', 'Type of this event (Normal, Warning)'),
      col('Reason', 'A short, machine-understandable string that gives the reason for this event'),
      col('Object', 'The object this event is about'),
      col('Subobject', 'The subobject this event is about', 'string', 1),
      col('Source', 'The component reporting this event', 'string', 1),
      col('Message', 'A human-readable description of the status of this operation'),
      col('First Seen', 'Time of the first occurrence', 'string', 1),
      col('Count', 'The number of times this event has occurred', 'integer', 1),
      col('Name', 'The name of the event', 'string', 1),
    ],
    cells(o, now) {
      const last = (o['lastTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string | undefined;
      const first = (o['firstTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string | undefined;
      const ago = (t: string | undefined) => age({ metadata: { creationTimestamp: t ?? null } }, now);
      return [
        ago(last),
        o['type'] ?? '',
        o['reason'] ?? '',
        `${String(get(o, 'involvedObject', 'kind') ?? '').toLowerCase()}/${String(get(o, 'involvedObject', 'name') ?? '')}`,
        get(o, 'involvedObject', 'fieldPath') ?? '',
        get(o, 'source', 'component') ?? o['reportingComponent'] ?? '',
        o['message'] ?? '',
        ago(first),
        o['count'] ?? 1,
        o.metadata.name ?? '',
      ];
    },
  },
});

export const resourcequotas = define({
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  namespaced: true,
  shortNames: ['quota'],
  subresources: { status: true },
  schemaName: 'io.k8s.api.core.v1.ResourceQuota',
  hooks: { validateUpdate: quotaScopeErrors },
  table: {
    columns: [AGE, col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
    cells(o, now) {
      const hard = (get(o, 'status', 'hard') ?? get(o, 'spec', 'hard') ?? {}) as Record<string, string>;
      const used = (get(o, 'status', 'used') ?? {}) as Record<string, string>;
      const fmt = (keys: string[]) => keys.sort().map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`).join(', ');
      const all = Object.keys(hard);
      return [age(o, now), fmt(all.filter((k) => !k.startsWith('limits.'))), fmt(all.filter((k) => k.startsWith('limits.')))];
    },
  },
});

export const CORE: ResourceDef[] = [namespaces, configmaps, secrets, serviceaccounts, coreEvents, resourcequotas];
