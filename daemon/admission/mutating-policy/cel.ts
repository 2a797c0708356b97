// The CEL environment of MutatingAdmissionPolicy expressions (kube's mutating admission library): the admission
// environment, plus the `JSONPatch` type (op, path, from, value), `jsonpatch.escapeKey()`, and `Object` /
// `Object.<field>…` constructions building apply configurations and patch values. Constructions are rewritten before
// compiling (./object-construction.ts); an `Object…` value remembers its type name, which kube checks against the
// field it is put in (its CheckTypeNamesMatchFieldPathNames).
import { compileExpression, EvaluationError, newAdmissionEnvironment, type CompiledExpression } from '../cel/expressions.js';
import { ConstructionError, rewriteConstructions } from './object-construction.js';

/** A JSONPatch operation as an expression built it. */
export class JSONPatchValue {
  op = '';
  path = '';
  from = '';
  value: unknown = undefined;
}

const JSONPATCH_FIELDS: ReadonlySet<string> = new Set(['op', 'path', 'from', 'value']);

/** The type names of the `Object…` values expressions built. */
const objectTypes = new WeakMap<object, string>();

export function objectTypeOf(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? objectTypes.get(v) : undefined;
}

/** A construction in progress: `kcpx_new("T").kcpx_field(…)…kcpx_done()`. */
class ObjectInit {
  readonly fields: Record<string, unknown> = {};
  constructor(readonly type: string) {}
}

class JSONPatchLibrary {}

export class MutationTypeError extends Error {}

function done(init: ObjectInit): unknown {
  if (init.type === 'JSONPatch') {
    const p = new JSONPatchValue();
    for (const [k, v] of Object.entries(init.fields)) {
      if (k === 'value') p.value = v;
      else if (typeof v !== 'string') throw new MutationTypeError(`type mismatch: JSONPatch.${k} must be a string`);
      else (p as unknown as Record<string, string>)[k] = v;
    }
    return p;
  }
  for (const [k, v] of Object.entries(init.fields)) {
    const t = objectTypeOf(v);
    // kube: an initializer's type name must be the path of the field it is put in
    if (t !== undefined && t !== `${init.type}.${k}`) {
      throw new MutationTypeError(`type mismatch: expected type name ${init.type}.${k} for field ${k}, got ${t}`);
    }
  }
  const obj = { ...init.fields };
  objectTypes.set(obj, init.type);
  return obj;
}

const environment = newAdmissionEnvironment();
environment.registerType('JSONPatch', {
  ctor: JSONPatchValue,
  fields: { op: 'string', path: 'string', from: 'string', value: 'dyn' },
});
environment.registerType('kcpx.JSONPatchLibrary', JSONPatchLibrary);
environment.registerConstant('jsonpatch', 'kcpx.JSONPatchLibrary', new JSONPatchLibrary());
environment.registerFunction('kcpx.JSONPatchLibrary.escapeKey(string): string', (_lib: JSONPatchLibrary, k: string) =>
  k.replaceAll('~', '~0').replaceAll('/', '~1'),
);
environment.registerType('kcpx.ObjectInit', ObjectInit);
environment.registerFunction('kcpx_new(string): kcpx.ObjectInit', (type: string) => new ObjectInit(type));
environment.registerFunction('kcpx.ObjectInit.kcpx_field(string, dyn): kcpx.ObjectInit', (init: ObjectInit, k: string, v: unknown) => {
  init.fields[k] = v;
  return init;
});
environment.registerFunction('kcpx.ObjectInit.kcpx_done(): dyn', done);

/** `JSONPatch` has its four fields; `Object` and its field types take any field (the target kind's schema judges). */
function fieldsOf(name: string): ReadonlySet<string> | 'any' | undefined {
  if (name === 'JSONPatch') return JSONPATCH_FIELDS;
  if (name === 'Object' || name.startsWith('Object.')) return 'any';
  return undefined;
}

/** Compiles a MutatingAdmissionPolicy expression; errors are kept as compileExpression keeps them. */
export function compileMutatingExpression(expression: string): CompiledExpression {
  let rewritten: string;
  try {
    rewritten = rewriteConstructions(expression, fieldsOf);
  } catch (err) {
    if (!(err instanceof ConstructionError)) throw err;
    const error = `compilation failed: ERROR: <input>: ${err.message}`;
    return {
      expression,
      error,
      evaluate: () => {
        throw new EvaluationError(error);
      },
    };
  }
  const compiled = compileExpression(rewritten, environment);
  return rewritten === expression ? compiled : { ...compiled, expression };
}
