// The built-in API groups beyond core/v1: events, leases, RBAC, admission registration, CRDs.
import { labelSelectorErrors } from '../../apimachinery/selector-validation.js';
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import type { ResourceDef } from '../../registry/types.js';
import { age, AGE, col, get } from './cells.js';
import { define } from './define.js';
import { eventUpdateErrors } from './events-validation.js';

const regarding = (f: string) => (o: KObject) => get(o, 'regarding', f) as string | undefined;

export const events = define({
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  namespaced: true,
  shortNames: ['ev'],
  schemaName: 'io.k8s.api.events.v1.Event',
  hooks: { validateUpdate: eventUpdateErrors },
  fieldSelectors: {
    'regarding.kind': regarding('kind'),
    'regarding.namespace': regarding('namespace'),
    'regarding.name': regarding('name'),
    'regarding.uid': regarding('uid'),
    reason: (o) => o['reason'] as string | undefined,
    reportingController: (o) => o['reportingController'] as string | undefined,
    type: (o) => o['type'] as string | undefined,
  },
  table: {
    columns: [col('Last Seen', 'Time of the last occurrence'), col('Type', 'Type of this event'), col('Reason', 'Why the action was taken'), col('Object', 'The object this event is about'), col('Message', 'A human-readable description')],
    cells: (o, now) => [
      age({ metadata: { creationTimestamp: (get(o, 'series', 'lastObservedTime') ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string } }, now),
      o['type'] ?? '',
      o['reason'] ?? '',
      `${String(get(o, 'regarding', 'kind') ?? '').toLowerCase()}/${String(get(o, 'regarding', 'name') ?? '')}`,
      o['note'] ?? '',
    ],
  },
});

export const leases = define({
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
  battery: 'leases',
  schemaName: 'io.k8s.api.coordination.v1.Lease',
  table: { columns: [col('Holder', 'The holder of the lease'), AGE], cells: (o, now) => [get(o, 'spec', 'holderIdentity') ?? '', age(o, now)] },
});

function rulesErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  ((o['rules'] as Array<Record<string, unknown>>) ?? []).forEach((r, i) => {
    if (!Array.isArray(r['verbs']) || r['verbs'].length === 0) errs.push(fieldErr.required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    const nonResource = Array.isArray(r['nonResourceURLs']) && r['nonResourceURLs'].length > 0;
    if (!nonResource && (!Array.isArray(r['apiGroups']) || r['apiGroups'].length === 0)) {
      errs.push(fieldErr.required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group'));
    }
  });
  return errs;
}

/** kube's ValidateClusterRole for the aggregationRule: selectors required and valid (the aggregation controller reads them). */
function clusterRoleErrors(o: KObject): FieldError[] {
  const errs = rulesErrors(o);
  const agg = o['aggregationRule'];
  if (agg === undefined || agg === null) return errs;
  const selectors = (agg as { clusterRoleSelectors?: unknown }).clusterRoleSelectors;
  if (!Array.isArray(selectors) || selectors.length === 0) {
    errs.push(fieldErr.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  } else selectors.forEach((sel, i) => errs.push(...labelSelectorErrors(sel, `aggregationRule.clusterRoleSelectors[${i}]`)));
  return errs;
}

function bindingErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const ref = o['roleRef'] as Record<string, unknown> | undefined;
  if (!ref?.['name']) errs.push(fieldErr.required('roleRef.name', ''));
  if (ref && ref['kind'] !== 'Role' && ref['kind'] !== 'ClusterRole') errs.push(fieldErr.notSupported('roleRef.kind', ref['kind'], ['Role', 'ClusterRole']));
  ((o['subjects'] as Array<Record<string, unknown>>) ?? []).forEach((s, i) => {
    if (!s['name']) errs.push(fieldErr.required(`subjects[${i}].name`, ''));
    if (!['User', 'Group', 'ServiceAccount'].includes(String(s['kind']))) errs.push(fieldErr.notSupported(`subjects[${i}].kind`, s['kind'], ['ServiceAccount', 'User', 'Group']));
  });
  return errs;
}

/** A binding's roleRef never changes (ValidateRoleBindingUpdate); the error prints the new one as Go's %#v. */
function bindingUpdateErrors(o: KObject, old: KObject): FieldError[] {
  const errs = bindingErrors(o);
  const ref = (x: KObject) => (x['roleRef'] && typeof x['roleRef'] === 'object' ? x['roleRef'] : {}) as Record<string, unknown>;
  const now = ref(o);
  const before = ref(old);
  const field = (r: Record<string, unknown>, k: string) => (typeof r[k] === 'string' ? (r[k] as string) : '');
  if (['apiGroup', 'kind', 'name'].some((k) => field(now, k) !== field(before, k))) {
    const shown = `rbac.RoleRef{APIGroup:${goQuote(field(now, 'apiGroup'))}, Kind:${goQuote(field(now, 'kind'))}, Name:${goQuote(field(now, 'name'))}}`;
    errs.push(fieldErr.invalid('roleRef', new GoSyntax(shown), 'cannot change roleRef'));
  }
  return errs;
}

const bindingTable = {
  columns: [
    col('Role', 'RoleRef is the reference to the role'),
    AGE,
    col('Users', 'Users in the binding', 'string', 1),
    col('Groups', 'Groups in the binding', 'string', 1),
    col('ServiceAccounts', 'ServiceAccounts in the binding', 'string', 1),
  ],
  cells(o: KObject, now: number) {
    const subjects = (o['subjects'] as Array<Record<string, string>>) ?? [];
    const of = (k: string) => subjects.filter((s) => s['kind'] === k);
    return [
      `${String(get(o, 'roleRef', 'kind') ?? '')}/${String(get(o, 'roleRef', 'name') ?? '')}`,
      age(o, now),
      of('User').map((s) => s['name']).join(', '),
      of('Group').map((s) => s['name']).join(', '),
      of('ServiceAccount').map((s) => `${s['namespace'] ?? ''}/${s['name']}`).join(', '),
    ];
  },
};

const rbac = (kind: string, plural: string, namespaced: boolean, extra: Partial<ResourceDef>) =>
  define({ group: 'rbac.authorization.k8s.io', version: 'v1', kind, plural, namespaced, nameRule: 'path-segment', battery: 'authorization', schemaName: `io.k8s.api.rbac.v1.${kind}`, ...extra });

export const roles = rbac('Role', 'roles', true, { hooks: { validate: rulesErrors } });
export const clusterroles = rbac('ClusterRole', 'clusterroles', false, { hooks: { validate: clusterRoleErrors } });
export const rolebindings = rbac('RoleBinding', 'rolebindings', true, { table: bindingTable, hooks: { validate: bindingErrors, validateUpdate: bindingUpdateErrors } });
export const clusterrolebindings = rbac('ClusterRoleBinding', 'clusterrolebindings', false, { table: bindingTable, hooks: { validate: bindingErrors, validateUpdate: bindingUpdateErrors } });

const admission = (kind: string, plural: string, extra: Partial<ResourceDef> = {}) =>
  define({ group: 'admissionregistration.k8s.io', version: 'v1', kind, plural, namespaced: false, battery: 'admission', schemaName: `io.k8s.api.admissionregistration.v1.${kind}`, ...extra });

export const admissionDefs = [
  admission('ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', { categories: ['api-extensions'] }),
  admission('MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', { categories: ['api-extensions'] }),
  admission('ValidatingAdmissionPolicy', 'validatingadmissionpolicies', { categories: ['api-extensions'], subresources: { status: true }, generation: true }),
  admission('ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', { categories: ['api-extensions'], generation: true }),
];

function crdName(name: string): string[] {
  return name.includes('.') ? [] : ['must be spec.names.plural+"."+spec.group'];
}

export const crds = define({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: { status: true },
  nameRule: crdName,
  generation: true,
  battery: 'crds',
  schemaName: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  table: {
    columns: [col('Created At', 'CreationTimestamp of the definition', 'date')],
    cells: (o) => [o.metadata.creationTimestamp ?? null],
  },
});

export const GROUPS: ResourceDef[] = [events, leases, roles, clusterroles, rolebindings, clusterrolebindings, ...admissionDefs, crds];
