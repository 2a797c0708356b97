// core/v1 ResourceQuota: scopes fixed at creation, printed as used/hard per resource.
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';

/** A quota's scopes are fixed at creation (as a set: order and repeats do not count). */
export function quotaScopeErrors(obj: KObject, old: KObject): FieldError[] {
  const scopes = (o: KObject) => get(o, 'spec', 'scopes');
  const asSet = (v: unknown) => new Set(Array.isArray(v) ? v.map(String) : []);
  const now = asSet(scopes(obj));
  const before = asSet(scopes(old));
  if (now.size === before.size && [...now].every((x) => before.has(x))) return [];
  const v = scopes(obj);
  const rendered = Array.isArray(v)
    ? `[]core.ResourceQuotaScope{${v.map((x) => goQuote(String(x))).join(', ')}}`
    : '[]core.ResourceQuotaScope(nil)';
  return [fieldErr.invalid('spec.scopes', new GoSyntax(rendered), 'field is immutable')];
}

export class ResourceQuotaStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      status: true,
      table: {
        columns: [
          AGE,
          col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
          col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
        ],
        cells(o, now) {
          const hard = (get(o, 'status', 'hard') ?? get(o, 'spec', 'hard') ?? {}) as Record<string, string>;
          const used = (get(o, 'status', 'used') ?? {}) as Record<string, string>;
          const fmt = (keys: string[]) =>
            keys
              .sort()
              .map((k) => `${k}: ${used[k] ?? '0'}/${hard[k]}`)
              .join(', ');
          const all = Object.keys(hard);
          return [age(o, now), fmt(all.filter((k) => !k.startsWith('limits.'))), fmt(all.filter((k) => k.startsWith('limits.')))];
        },
      },
    });
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return quotaScopeErrors(obj, old);
  }
}

export const resourcequotas = define(
  {
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    namespaced: true,
    shortNames: ['quota'],
    schemaName: 'io.k8s.api.core.v1.ResourceQuota',
  },
  (r) => new ResourceQuotaStrategy(r),
);
