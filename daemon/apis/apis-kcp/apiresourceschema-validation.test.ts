import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { validateAPIResourceSchema, validateAPIResourceSchemaUpdate } from './apiresourceschema-validation.js';

const schema = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIResourceSchema',
  metadata: { name },
  spec: {
    group: 'wildwest.dev',
    names: { plural: 'cowboys', singular: 'cowboy', kind: 'Cowboy', listKind: 'CowboyList' },
    scope: 'Namespaced',
    versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { type: 'object' } }],
    ...spec,
  },
});
const errors = (o: KObject) => validateAPIResourceSchema(o).map(fieldErrorString);

describe('APIResourceSchema validation', () => {
  it('accepts a well-formed schema', () => {
    expect(errors(schema('today.cowboys.wildwest.dev'))).toEqual([]);
  });

  it("holds the name to <prefix>.<plural>.<group> in kcp's words", () => {
    expect(errors(schema('today.horses.wildwest.dev'))).toEqual([
      'metadata.name: Invalid value: "today.horses.wildwest.dev": must end in .cowboys.wildwest.dev',
    ]);
    expect(errors(schema('To_day.cowboys.wildwest.dev'))).toEqual([
      'metadata.name: Invalid value: "To_day.cowboys.wildwest.dev": must match ^[a-z]([-a-z0-9]*[a-z0-9])?$ in front of .cowboys.wildwest.dev',
    ]);
    expect(errors(schema('v1.cowboys.core', { group: '' }))).toEqual([]);
  });

  it('checks the group, the versions and the names', () => {
    expect(errors(schema('a.cowboys.core', { group: 'core' }))).toContain(
      'spec.group: Invalid value: "core": must be empty string for the core group',
    );
    expect(errors(schema('a.cowboys.wildwest', { group: 'wildwest' }))).toContain(
      'spec.group: Invalid value: "wildwest": should be a domain with at least one dot',
    );
    const twoStorage = schema('a.cowboys.wildwest.dev', {
      versions: [
        { name: 'v1', storage: true, schema: { type: 'object' } },
        { name: 'v2', storage: true, schema: { type: 'object' } },
      ],
    });
    expect(errors(twoStorage)).toContain('spec.versions: Invalid value: "array": must have exactly one version marked as storage version');
    expect(errors(schema('a.cowboys.wildwest.dev', { versions: [{ name: 'v1', storage: true, schema: { type: 'thing' } }] }))).toContain(
      'spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "thing": must be object at the root',
    );
    expect(errors(schema('a.cowboys.wildwest.dev', { names: { plural: 'cowboys' } }))).toEqual([
      'spec.names.singular: Required value',
      'spec.names.kind: Required value',
      'spec.names.listKind: Required value',
    ]);
  });

  it('keeps the spec immutable', () => {
    const old = schema('today.cowboys.wildwest.dev');
    expect(validateAPIResourceSchemaUpdate(schema('today.cowboys.wildwest.dev'), old)).toEqual([]);
    const changed = schema('today.cowboys.wildwest.dev', { scope: 'Cluster' });
    expect(validateAPIResourceSchemaUpdate(changed, old).map(fieldErrorString)).toEqual(['spec: Invalid value: "object": is immutable']);
  });
});
