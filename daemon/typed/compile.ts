// Schema components → TypeNodes: the Go type behind every schema node, compiled once per component and shared by
// every kind that references it (ObjectMeta is compiled once for all of them). References are linked lazily, so
// recursive types cost nothing until a body reaches them.
import { components } from '../schemas/index.js';
import { GO_TYPES, type GoTypeOverride } from '../schemas/go-types.js';
import type { Schema } from '../apimachinery/types.js';
import type { Alternatives, TypeNode } from './model.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const byComponent = new Map<string, TypeNode>();
const ANY: TypeNode = { kind: 'any', goType: 'interface {}' };

/** `io.k8s.api.core.v1.ConfigMap` → package `v1`, name `ConfigMap`. */
function goName(component: string): { pkg: string; name: string } {
  const parts = component.split('.');
  return { pkg: parts[parts.length - 2] ?? '', name: parts[parts.length - 1] ?? component };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The TypeNode of a schema component (undefined if there is no such component). */
export function componentType(name: string): TypeNode | undefined {
  const hit = byComponent.get(name);
  if (hit) return hit;
  const schema = components[name];
  if (!schema) return undefined;
  const special = specialComponent(name);
  if (special) {
    byComponent.set(name, special);
    return special;
  }
  const { pkg, name: typeName } = goName(name);
  // Registered before its fields are compiled, so a reference back to it (a recursive type) finds it.
  const node: TypeNode = { kind: 'struct', goType: `${pkg}.${typeName}`, struct: typeName };
  byComponent.set(name, node);
  Object.assign(node, compileNode(schema, { component: name, pkg, root: typeName, path: '', goType: node.goType }));
  return node;
}

/** Components whose Go type decodes itself (custom UnmarshalJSON), whatever their schema looks like. */
function specialComponent(name: string): TypeNode | undefined {
  switch (name) {
    case `${META}.Time`:
      return { kind: 'time', goType: 'v1.Time' };
    case `${META}.MicroTime`:
      return { kind: 'microtime', goType: 'v1.MicroTime' };
    case `${META}.FieldsV1`:
      return { kind: 'object', goType: 'v1.FieldsV1' };
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return { kind: 'quantity', goType: 'resource.Quantity' };
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return { kind: 'intorstring', goType: 'intstr.IntOrString' };
    case `${APIEXT}.JSON`:
      return { kind: 'any', goType: 'v1.JSON' };
    case `${APIEXT}.JSONSchemaPropsOrArray`:
      return alternatives('v1.JSONSchemaPropsOrArray', { array: sliceOf(jsonSchemaProps()), other: 'ignored' });
    case `${APIEXT}.JSONSchemaPropsOrBool`:
      return alternatives('v1.JSONSchemaPropsOrBool', { bool: true, other: { message: 'boolean or JSON schema expected' } });
    case `${APIEXT}.JSONSchemaPropsOrStringArray`:
      return alternatives('v1.JSONSchemaPropsOrStringArray', { array: sliceOf({ kind: 'string', goType: 'string' }), other: 'ignored' });
    default:
      return undefined;
  }
}

const jsonSchemaProps = () => componentType(`${APIEXT}.JSONSchemaProps`)!;
const sliceOf = (elem: TypeNode): TypeNode => ({ kind: 'slice', goType: `[]${elem.goType}`, elem });

/** JSONSchemaProps' unions: each takes a schema object, plus what `alt` lists. */
function alternatives(goType: string, alt: Omit<Alternatives, 'object'>): TypeNode {
  return { kind: 'alternatives', goType, alternatives: { object: jsonSchemaProps(), ...alt } };
}

interface Site {
  /** The component the schema node is part of. */
  component: string;
  pkg: string;
  /** The component's own type name, for naming inline structs. */
  root: string;
  /** Dotted path within the component (`spec.hard{}`). */
  path: string;
  /** A Go type given by the caller (the component's own name at its root). */
  goType?: string;
}

function override(site: Site): GoTypeOverride | undefined {
  return GO_TYPES[site.component]?.[site.path];
}

const child = (site: Site, path: string): Site => ({ component: site.component, pkg: site.pkg, root: site.root, path });

/** The Go name for an inline struct: listed in GO_TYPES, else the kind's name plus the field's (LeaseSpec). */
function inlineStructType(site: Site): string {
  if (site.goType) return site.goType;
  const last =
    site.path
      .replace(/(\[\]|\{\})+$/, '')
      .split('.')
      .pop() ?? '';
  return `${site.pkg}.${site.root}${capitalize(last)}`;
}

/** A referenced component: compiled now, or (referenced from inside itself) the node being compiled. */
function ref(name: string): TypeNode {
  const resolved = byComponent.get(name);
  if (resolved) return resolved;
  if (!components[name]) return { kind: 'object', goType: goTypeOfMissing(name) };
  return componentType(name)!;
}

function goTypeOfMissing(name: string): string {
  const { pkg, name: n } = goName(name);
  return `${pkg}.${n}`;
}

/** Compiles one schema node at `site`. */
function compileNode(schema: Schema, site: Site): TypeNode {
  const o = override(site);
  if (o && typeof o === 'object') return { kind: o.kind, goType: o.goType };
  const named = typeof o === 'string' ? o : undefined;
  if (schema.$ref) {
    const node = ref(schema.$ref.replace('#/components/schemas/', ''));
    return named ? { ...node, goType: named } : node;
  }
  if (schema['x-kubernetes-int-or-string']) return { kind: 'intorstring', goType: named ?? 'intstr.IntOrString' };
  switch (schema.type) {
    case 'string':
      if (schema.format === 'byte') return { kind: 'bytes', goType: named ?? '[]uint8' };
      if (schema.format === 'date-time') return { kind: 'time', goType: named ?? 'v1.Time' };
      return { kind: 'string', goType: named ?? 'string' };
    case 'boolean':
      return { kind: 'bool', goType: named ?? 'bool' };
    case 'integer':
      return schema.format === 'int64' ? { kind: 'int64', goType: named ?? 'int64' } : { kind: 'int32', goType: named ?? 'int32' };
    case 'number':
      return { kind: 'float64', goType: named ?? 'float64' };
    case 'array': {
      const elem = schema.items ? compileNode(schema.items, child(site, `${site.path}[]`)) : ANY;
      return { kind: 'slice', goType: named ?? `[]${elem.goType}`, elem };
    }
    case 'object':
    case undefined: {
      if (schema.properties && !schema['x-kubernetes-preserve-unknown-fields']) {
        const goType = named ?? inlineStructType(site);
        const fields: Record<string, TypeNode> = Object.create(null) as Record<string, TypeNode>;
        for (const [k, s] of Object.entries(schema.properties)) {
          fields[k] = compileNode(s, child(site, site.path ? `${site.path}.${k}` : k));
        }
        return { kind: 'struct', goType, struct: goType.slice(goType.lastIndexOf('.') + 1), fields };
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const elem = compileNode(schema.additionalProperties, child(site, `${site.path}{}`));
        return { kind: 'map', goType: named ?? `map[string]${elem.goType}`, elem };
      }
      if (schema.type === 'object') return { kind: 'object', goType: named ?? inlineStructType(site) };
      return { kind: 'any', goType: named ?? 'interface {}' };
    }
  }
}

/** metav1.ObjectMeta, which custom resources' metadata is decoded as. */
export function objectMetaType(): TypeNode {
  return componentType(`${META}.ObjectMeta`)!;
}
