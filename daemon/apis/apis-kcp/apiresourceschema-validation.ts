// kcp's APIResourceSchema validation (pkg/admission/apiresourceschema/validation.go): the name is
// `<prefix>.<plural>.<group>`, the group a domain, exactly one storage version, the names complete, and the spec
// never changes after create. kcp runs it as admission, so a refusal is a 403 listing the errors.
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { isDNS1123Subdomain } from '../../apimachinery/validation.js';
import { deepEqual } from '../../registry/meta.js';
import { groupOrCore } from './names.js';

const PREFIX_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

interface SchemaSpec {
  group?: string;
  names?: { plural?: string; singular?: string; kind?: string; listKind?: string };
  scope?: string;
  versions?: Array<{ name?: string; storage?: boolean; served?: boolean; schema?: unknown }>;
}

export function validateAPIResourceSchema(obj: KObject): FieldError[] {
  const spec = (obj['spec'] ?? {}) as SchemaSpec;
  const errs: FieldError[] = [];
  const name = obj.metadata.name ?? '';
  const plural = spec.names?.plural;
  if (plural) {
    const postfix = `.${plural}.${groupOrCore(spec.group)}`;
    if (!name.endsWith(postfix)) return [fieldErr.invalid('metadata.name', name, `must end in ${postfix}`)];
    if (!PREFIX_RE.test(name.slice(0, -postfix.length))) {
      return [fieldErr.invalid('metadata.name', name, `must match ^[a-z]([-a-z0-9]*[a-z0-9])?$ in front of ${postfix}`)];
    }
  }
  const group = spec.group ?? '';
  if (group === 'core') errs.push(fieldErr.invalid('spec.group', group, 'must be empty string for the core group'));
  else if (group !== '') {
    const bad = isDNS1123Subdomain(group);
    if (bad.length) errs.push(fieldErr.invalid('spec.group', group, bad.join(',')));
    else if (!group.includes('.')) errs.push(fieldErr.invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errs.push(fieldErr.notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  }
  const versions = spec.versions ?? [];
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    const n = v.name ?? '';
    if (seen.has(n)) unique = false;
    seen.add(n);
    if (!DNS1035_LABEL_RE.test(n) || n.length > 63) {
      errs.push(
        fieldErr.invalid(
          `spec.versions[${i}].name`,
          n,
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        ),
      );
    }
    if (v.schema === undefined || v.schema === null) errs.push(fieldErr.required(`spec.versions[${i}].schema`, ''));
    else if (typeof v.schema !== 'object' || (v.schema as { type?: unknown }).type !== 'object') {
      errs.push(
        fieldErr.invalid(
          `spec.versions[${i}].schema.openAPIV3Schema.type`,
          (v.schema as { type?: unknown }).type ?? '',
          'must be object at the root',
        ),
      );
    }
  });
  if (!unique) errs.push(fieldErr.invalid('spec.versions', new GoSyntax('"array"'), 'must contain unique version names'));
  if (storage !== 1)
    errs.push(fieldErr.invalid('spec.versions', new GoSyntax('"array"'), 'must have exactly one version marked as storage version'));
  for (const f of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!spec.names?.[f]) errs.push(fieldErr.required(`spec.names.${f}`, ''));
  }
  return errs;
}

export function validateAPIResourceSchemaUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateAPIResourceSchema(obj);
  if (!deepEqual(obj['spec'], old['spec'])) errs.push(fieldErr.invalid('spec', new GoSyntax('"object"'), 'is immutable'));
  return errs;
}
