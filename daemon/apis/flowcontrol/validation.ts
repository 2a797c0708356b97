// kube-apiserver's validation of FlowSchemas and PriorityLevelConfigurations, with its field paths and messages
// (kubectl prints them verbatim). It runs after defaulting, so zero numbers have already become kube's defaults.
import { isObject } from '../../apimachinery/is-object.js';
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../apimachinery/validation.js';

type Obj = Record<string, unknown>;

/** Go pointers and slices: JSON null and absence both decode to nil. */
const present = (v: unknown) => v !== undefined && v !== null;
const asObj = (v: unknown): Obj => (isObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).map((x) => String(x));
/** Go decodes into int32 fields; anything absent is its zero value. */
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const MAX_MATCHING_PRECEDENCE = 10000;
const MAX_QUEUES = 10_000_000;
/** Shuffle sharding hashes flows into 64 bits and keeps 60 for dealing hands. */
const MAX_HASH_BITS = 60;
const DISTINGUISHER_METHODS = ['ByNamespace', 'ByUser'];
const SUPPORTED_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];
const SUBJECT_FIELDS = { ServiceAccount: 'serviceAccount', User: 'user', Group: 'group' } as const;

export function flowSchemaErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asObj(o['spec']);
  const mp = num(spec['matchingPrecedence']);
  const mpPath = 'spec.matchingPrecedence';
  if (mp <= 0) errs.push(fieldErr.invalid(mpPath, mp, 'must be a positive value'));
  if (mp > MAX_MATCHING_PRECEDENCE) errs.push(fieldErr.invalid(mpPath, mp, `must not be greater than ${MAX_MATCHING_PRECEDENCE}`));
  if (mp === 1 && o.metadata.name !== 'exempt')
    errs.push(fieldErr.invalid(mpPath, mp, "only the schema named 'exempt' may have matchingPrecedence 1"));
  const dm = spec['distinguisherMethod'];
  if (isObject(dm) && !DISTINGUISHER_METHODS.includes(str(dm['type']))) {
    errs.push(fieldErr.notSupported('spec.distinguisherMethod.type', dm, DISTINGUISHER_METHODS));
  }
  const pl = str(asObj(spec['priorityLevelConfiguration'])['name']);
  if (pl) for (const msg of isDNS1123Subdomain(pl)) errs.push(fieldErr.invalid('spec.priorityLevelConfiguration.name', pl, msg));
  else errs.push(fieldErr.required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  arr(spec['rules']).forEach((r, i) => errs.push(...ruleErrors(asObj(r), `spec.rules[${i}]`)));
  return [...errs, ...conditionErrors(o)];
}

function ruleErrors(rule: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const subjects = arr(rule['subjects']);
  if (subjects.length) subjects.forEach((s, i) => errs.push(...subjectErrors(asObj(s), `${path}.subjects[${i}]`)));
  else errs.push(fieldErr.required(`${path}.subjects`, 'subjects must contain at least one value'));
  const resourceRules = arr(rule['resourceRules']);
  const nonResourceRules = arr(rule['nonResourceRules']);
  if (!resourceRules.length && !nonResourceRules.length)
    errs.push(fieldErr.required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  resourceRules.forEach((r, i) => errs.push(...resourceRuleErrors(asObj(r), `${path}.resourceRules[${i}]`)));
  nonResourceRules.forEach((r, i) => errs.push(...nonResourceRuleErrors(asObj(r), `${path}.nonResourceRules[${i}]`)));
  return errs;
}

function subjectErrors(s: Obj, path: string): FieldError[] {
  const kind = str(s['kind']) as keyof typeof SUBJECT_FIELDS;
  const own = SUBJECT_FIELDS[kind];
  if (!own) return [fieldErr.notSupported(`${path}.kind`, str(s['kind']), ['Group', 'ServiceAccount', 'User'])];
  const errs: FieldError[] = [];
  const member = s[own];
  if (!present(member)) errs.push(fieldErr.required(`${path}.${own}`, `${own} is required when subject kind is '${kind}'`));
  else if (kind === 'ServiceAccount') errs.push(...serviceAccountErrors(asObj(member), `${path}.${own}`));
  else if (!str(asObj(member)['name'])) errs.push(fieldErr.required(`${path}.${own}.name`));
  for (const [k, f] of Object.entries(SUBJECT_FIELDS)) {
    if (f !== own && present(s[f])) errs.push(fieldErr.forbidden(`${path}.${f}`, `${f} is forbidden when subject kind is not '${k}'`));
  }
  return errs;
}

function serviceAccountErrors(sa: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sa['name']);
  if (!name) errs.push(fieldErr.required(`${path}.name`));
  else if (name !== '*') for (const msg of isDNS1123Subdomain(name)) errs.push(fieldErr.invalid(`${path}.name`, name, msg));
  const ns = str(sa['namespace']);
  if (ns) for (const msg of isDNS1123Label(ns)) errs.push(fieldErr.invalid(`${path}.namespace`, ns, msg));
  else errs.push(fieldErr.required(`${path}.namespace`, 'must specify namespace for service account'));
  return errs;
}

function verbErrors(verbs: string[], path: string): FieldError[] {
  if (!verbs.length) return [fieldErr.required(path, 'verbs must contain at least one value')];
  if (verbs.includes('*'))
    return verbs.length > 1 ? [fieldErr.invalid(path, verbs, "if '*' is present, must not specify other verbs")] : [];
  return verbs.every((v) => SUPPORTED_VERBS.includes(v)) ? [] : [fieldErr.notSupported(path, verbs, SUPPORTED_VERBS)];
}

/** A list that must not be empty and where '*' stands alone. */
function wildcardListErrors(items: string[], path: string, what: string, required: string): FieldError[] {
  if (!items.length) return [fieldErr.required(path, required)];
  return items.length > 1 && items.includes('*')
    ? [fieldErr.invalid(path, items, `if '*' is present, must not specify other ${what}`)]
    : [];
}

function resourceRuleErrors(rule: Obj, path: string): FieldError[] {
  const errs = [
    ...verbErrors(strings(rule['verbs']), `${path}.verbs`),
    ...wildcardListErrors(
      strings(rule['apiGroups']),
      `${path}.apiGroups`,
      'api groups',
      'resource rules must supply at least one api group',
    ),
    ...wildcardListErrors(strings(rule['resources']), `${path}.resources`, 'resources', 'resource rules must supply at least one resource'),
  ];
  const namespaces = strings(rule['namespaces']);
  if (!namespaces.length && rule['clusterScope'] !== true) {
    errs.push(fieldErr.required(`${path}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace'));
  } else if (namespaces.includes('*')) {
    if (namespaces.length > 1)
      errs.push(fieldErr.invalid(`${path}.namespaces`, namespaces, "if '*' is present, must not specify other namespaces"));
  } else {
    namespaces.forEach((ns, i) => {
      for (const msg of isDNS1123Label(ns))
        errs.push(fieldErr.invalid(`${path}.namespaces[${i}]`, ns, `each member of this list must be '*' or a DNS-1123 label; ${msg}`));
    });
  }
  return errs;
}

function nonResourceRuleErrors(rule: Obj, path: string): FieldError[] {
  const errs = verbErrors(strings(rule['verbs']), `${path}.verbs`);
  const urls = strings(rule['nonResourceURLs']);
  const urlsPath = `${path}.nonResourceURLs`;
  if (!urls.length) errs.push(fieldErr.required(urlsPath, 'nonResourceURLs must contain at least one value'));
  else if (urls.includes('*')) {
    if (urls.length > 1) errs.push(fieldErr.invalid(urlsPath, urls, "if '*' is present, must not specify other non-resource URLs"));
  } else {
    urls.forEach((u, i) => {
      const msg = nonResourceURLProblem(u);
      if (msg) errs.push(fieldErr.invalid(`${urlsPath}[${i}]`, u, msg));
    });
  }
  return errs;
}

function nonResourceURLProblem(path: string): string | undefined {
  if (!path) return 'must not be empty';
  if (path === '/') return undefined;
  if (!path.startsWith('/')) return 'must start with slash';
  if (path.includes(' ')) return 'must not contain white-space';
  if (path.includes('//')) return 'must not contain double slash';
  const wildcards = path.split('*').length - 1;
  if (wildcards > 1 || (wildcards === 1 && !path.endsWith('/*'))) return 'wildcard can only do suffix matching';
  return undefined;
}

export function priorityLevelErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asObj(o['spec']);
  const type = str(spec['type']);
  if ((o.metadata.name === 'exempt') !== (type === 'Exempt'))
    errs.push(fieldErr.invalid('spec.type', type, "type must be 'Exempt' if and only if name is 'exempt'"));
  switch (type) {
    case 'Exempt':
      if (present(spec['limited'])) errs.push(fieldErr.forbidden('spec.limited', 'must be nil if the type is not Limited'));
      if (present(spec['exempt'])) errs.push(...exemptErrors(asObj(spec['exempt']), 'spec.exempt'));
      break;
    case 'Limited':
      if (present(spec['exempt'])) errs.push(fieldErr.forbidden('spec.exempt', 'must be nil if the type is Limited'));
      if (!present(spec['limited'])) errs.push(fieldErr.required('spec.limited', 'must not be empty when type is Limited'));
      else errs.push(...limitedErrors(asObj(spec['limited']), 'spec.limited'));
      break;
    default:
      errs.push(fieldErr.notSupported('spec.type', type, ['Exempt', 'Limited']));
  }
  return [...errs, ...conditionErrors(o)];
}

/** Zero shares are allowed: they make a "jail" level that holds requests without ever running them. */
function sharesErrors(ncs: unknown, path: string): FieldError[] {
  return present(ncs) && num(ncs) < 0
    ? [fieldErr.invalid(`${path}.nominalConcurrencyShares`, num(ncs), 'must be a non-negative integer')]
    : [];
}

function lendableErrors(lp: unknown, path: string): FieldError[] {
  return present(lp) && (num(lp) < 0 || num(lp) > 100)
    ? [fieldErr.invalid(`${path}.lendablePercent`, num(lp), 'must be between 0 and 100, inclusive')]
    : [];
}

function exemptErrors(e: Obj, path: string): FieldError[] {
  return [...sharesErrors(e['nominalConcurrencyShares'], path), ...lendableErrors(e['lendablePercent'], path)];
}

function limitedErrors(l: Obj, path: string): FieldError[] {
  const errs = [
    ...sharesErrors(l['nominalConcurrencyShares'], path),
    ...limitResponseErrors(asObj(l['limitResponse']), `${path}.limitResponse`),
    ...lendableErrors(l['lendablePercent'], path),
  ];
  const blp = l['borrowingLimitPercent'];
  if (present(blp) && num(blp) < 0)
    errs.push(fieldErr.invalid(`${path}.borrowingLimitPercent`, num(blp), 'if specified, must be a non-negative integer'));
  return errs;
}

function limitResponseErrors(lr: Obj, path: string): FieldError[] {
  const type = str(lr['type']);
  const queuing = lr['queuing'];
  switch (type) {
    case 'Reject':
      return present(queuing) ? [fieldErr.forbidden(`${path}.queuing`, 'must be nil if limited.limitResponse.type is not Limited')] : [];
    case 'Queue':
      return present(queuing)
        ? queuingErrors(asObj(queuing), `${path}.queuing`)
        : [fieldErr.required(`${path}.queuing`, 'must not be empty if limited.limitResponse.type is Limited')];
    default:
      return [fieldErr.notSupported(`${path}.type`, type, ['Queue', 'Reject'])];
  }
}

function queuingErrors(q: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const [queues, handSize, limit] = [num(q['queues']), num(q['handSize']), num(q['queueLengthLimit'])];
  if (limit <= 0) errs.push(fieldErr.invalid(`${path}.queueLengthLimit`, limit, 'must be positive'));
  if (queues <= 0) errs.push(fieldErr.invalid(`${path}.queues`, queues, 'must be positive'));
  else if (queues > MAX_QUEUES) errs.push(fieldErr.invalid(`${path}.queues`, queues, `must not be greater than ${MAX_QUEUES}`));
  if (handSize <= 0) errs.push(fieldErr.invalid(`${path}.handSize`, handSize, 'must be positive'));
  else if (handSize > queues) errs.push(fieldErr.invalid(`${path}.handSize`, handSize, `should not be greater than queues (${queues})`));
  else if (Math.ceil(Math.log2(queues) * handSize) > MAX_HASH_BITS) {
    errs.push(
      fieldErr.invalid(
        `${path}.handSize`,
        handSize,
        `required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than ${MAX_HASH_BITS}`,
      ),
    );
  }
  return errs;
}

function conditionErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(asObj(o['status'])['conditions']).forEach((c, i) => {
    const type = str(asObj(c)['type']);
    if (seen.has(type)) errs.push(fieldErr.duplicate(`status.conditions[${i}].type`, type));
    seen.add(type);
    if (!type) errs.push(fieldErr.required(`status.conditions[${i}].type`, 'must not be empty'));
  });
  return errs;
}
