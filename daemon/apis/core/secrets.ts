// core/v1 Secret: type Opaque by default, stringData folded into data, base64 data under valid keys, type and (once
// marked immutable) data frozen.
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, count } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';
import { dataKeyErrors, immutableDataErrors } from './data-validation.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

const DATA = ['data'] as const;

function defaultAndFold(obj: KObject): void {
  if (!obj['type']) obj['type'] = 'Opaque';
  const stringData = obj['stringData'] as Record<string, string> | undefined;
  if (stringData) {
    const data = { ...((obj['data'] as Record<string, string>) ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v)).toString('base64');
    obj['data'] = data;
    delete obj['stringData'];
  }
}

function secretErrors(obj: KObject): FieldError[] {
  const errs = dataKeyErrors(obj, DATA);
  for (const [k, v] of Object.entries((obj['data'] as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v))
      errs.push(fieldErr.invalid(`data[${k}]`, '<secret contents redacted>', 'must be base64 encoded'));
  }
  return errs;
}

export class SecretStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      fieldSelectors: { type: (o) => o['type'] as string | undefined },
      table: {
        columns: [col('Type', 'The type of the secret'), col('Data', 'The number of entries in the secret', 'integer'), AGE],
        cells: (o, now) => [o['type'] ?? '', count(o['data']), age(o, now)],
      },
    });
  }

  override prepareForCreate(obj: KObject): void {
    defaultAndFold(obj);
  }

  override prepareForUpdate(obj: KObject): void {
    defaultAndFold(obj);
  }

  override validate(obj: KObject): FieldError[] {
    return secretErrors(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    const errs: FieldError[] = [];
    if (obj['type'] !== old['type'])
      errs.push(fieldErr.invalid('type', new GoSyntax(goQuote(scalarText(obj['type']))), 'field is immutable'));
    // stringData has already become data (defaultAndFold), so it is frozen with it.
    errs.push(...immutableDataErrors(obj, old, DATA), ...secretErrors(obj));
    return errs;
  }
}

export const secrets = define(
  { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, schemaName: 'io.k8s.api.core.v1.Secret' },
  (r) => new SecretStrategy(r),
);
