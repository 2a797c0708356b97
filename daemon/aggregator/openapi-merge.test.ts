import { describe, expect, it } from 'vitest';
import { filterSpecByPaths, mergeSpecs, type Swagger } from './openapi-merge.js';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const get = (schema: unknown, params: unknown[] = []) => ({
  get: { parameters: params, responses: { '200': { description: 'OK', schema } } },
});

function extension(): Swagger {
  return {
    swagger: '2.0',
    info: { title: 'ext', version: 'v1' },
    paths: {
      '/apis/ext.example.dev/v1/widgets': get(ref('ext.WidgetList'), [{ $ref: '#/parameters/limit' }]),
      '/apis/ext.example.dev/v1beta1/widgets': get(ref('ext.Old')),
      '/apis/other.dev/v1/things': get(ref('other.Thing')),
      '/version/': get(ref('Info')),
    },
    definitions: {
      'ext.WidgetList': { type: 'object', properties: { items: { type: 'array', items: ref('ext.Widget') } } },
      'ext.Widget': { type: 'object', properties: { metadata: ref('ObjectMeta'), spec: ref('ext.WidgetSpec') } },
      'ext.WidgetSpec': { type: 'object', description: 'spec' },
      ObjectMeta: { type: 'object', description: "the extension's own" },
      Info: { type: 'object', description: 'version info' },
      'ext.Old': { type: 'object' },
      'other.Thing': { type: 'object' },
      Unused: { type: 'string' },
    },
    parameters: { limit: { name: 'limit', in: 'query', type: 'integer' }, unused: { name: 'x', in: 'query', type: 'string' } },
  };
}

describe('filterSpecByPaths', () => {
  it('keeps the paths under the prefixes and what they reference, transitively, and copies', () => {
    const src = extension();
    const out = filterSpecByPaths(src, ['/apis/ext.example.dev/v1/']);
    expect(Object.keys(out.paths!)).toEqual(['/apis/ext.example.dev/v1/widgets']);
    expect(Object.keys(out.definitions!).sort()).toEqual(['ObjectMeta', 'ext.Widget', 'ext.WidgetList', 'ext.WidgetSpec']);
    expect(Object.keys(out.parameters!)).toEqual(['limit']);
    expect(out['info']).toEqual(src['info']);
    (out.definitions!['ext.WidgetSpec'] as { description: string }).description = 'changed';
    expect(src.definitions!['ext.WidgetSpec']).toEqual({ type: 'object', description: 'spec' });
  });
});

describe('mergeSpecs', () => {
  function local(): Swagger {
    return {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: 'v1.32.0' },
      paths: { '/version/': get(ref('Info')), '/api/v1/namespaces': get(ref('NamespaceList')) },
      definitions: {
        Info: { type: 'object', description: 'version info' },
        ObjectMeta: { type: 'object', description: 'kube' },
        NamespaceList: { type: 'object' },
      },
      parameters: { limit: { name: 'limit', in: 'query', type: 'integer' } },
    };
  }

  it('adds new paths and their definitions, shares equal ones, renames conflicting ones with every reference', () => {
    const dest = local();
    const source = filterSpecByPaths(extension(), ['/apis/ext.example.dev/v1/']);
    const before = JSON.stringify(source);
    mergeSpecs(dest, source);
    expect(JSON.stringify(source)).toBe(before);
    expect(Object.keys(dest.paths!).sort()).toEqual(['/api/v1/namespaces', '/apis/ext.example.dev/v1/widgets', '/version/']);
    expect(dest.definitions!['ObjectMeta']).toEqual({ type: 'object', description: 'kube' });
    expect(dest.definitions!['ObjectMeta_v2']).toEqual({ type: 'object', description: "the extension's own" });
    expect((dest.definitions!['ext.Widget'] as { properties: { metadata: unknown } }).properties.metadata).toEqual(ref('ObjectMeta_v2'));
    // The same parameter is shared, not renamed.
    expect(Object.keys(dest.parameters!)).toEqual(['limit']);
    expect(dest['info']).toEqual({ title: 'Kubernetes', version: 'v1.32.0' });
  });

  it('keeps the destination’s path on a conflict, and adds nothing for it', () => {
    const dest = local();
    mergeSpecs(dest, filterSpecByPaths(extension(), ['/version/']));
    expect(dest).toEqual(local());
  });

  it('picks the next free suffix when `_v2` is taken', () => {
    const dest = local();
    dest.definitions!['ObjectMeta_v2'] = { type: 'object', description: 'taken' };
    mergeSpecs(dest, filterSpecByPaths(extension(), ['/apis/ext.example.dev/v1/']));
    expect(dest.definitions!['ObjectMeta_v3']).toEqual({ type: 'object', description: "the extension's own" });
    expect(dest.definitions!['ObjectMeta_v2']).toEqual({ type: 'object', description: 'taken' });
  });

  it('renames conflicting shared parameters as definitions are', () => {
    const dest = local();
    const source = filterSpecByPaths(extension(), ['/apis/ext.example.dev/v1/']);
    source.parameters!['limit'] = { name: 'limit', in: 'query', type: 'string' };
    mergeSpecs(dest, source);
    expect(dest.parameters!['limit_v2']).toEqual({ name: 'limit', in: 'query', type: 'string' });
    const params = (dest.paths!['/apis/ext.example.dev/v1/widgets'] as { get: { parameters: unknown[] } }).get.parameters;
    expect(params).toEqual([{ $ref: '#/parameters/limit_v2' }]);
  });
});
