import { describe, expect, it } from 'vitest';
import { fieldErrorString } from './status.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, validateObjectMeta } from './validation.js';

describe('name validation', () => {
  it("uses kube's exact messages", () => {
    expect(isDNS1123Label('Bad_Name')[0]).toBe(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(isDNS1123Subdomain('a'.repeat(254))).toContain('must be no more than 253 characters');
    expect(isDNS1123Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(isQualifiedName('example.com/app')).toEqual([]);
    expect(isQualifiedName('bad key')).not.toEqual([]);
  });

  it('validates object metadata into field errors', () => {
    const errs = validateObjectMeta(
      { name: 'Bad_Name', namespace: 'demo', labels: { 'ok/key': 'v', 'bad key': 'v' } },
      { namespaced: true, nameRule: 'dns1123-subdomain' },
    );
    expect(fieldErrorString(errs[0]!)).toMatch(/^metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(errs.some((e) => e.field === 'metadata.labels')).toBe(true);
    expect(fieldErrorString(validateObjectMeta({}, { namespaced: false, nameRule: 'dns1123-label' })[0]!)).toBe(
      'metadata.name: Required value: name or generateName is required',
    );
  });

  it("validates owner references and finalizers as ValidateObjectMeta does, with kube's field paths", () => {
    const errs = (meta: Parameters<typeof validateObjectMeta>[0]) =>
      validateObjectMeta({ name: 'a', ...meta }, { namespaced: false, nameRule: 'dns1123-subdomain' }).map(fieldErrorString);
    expect(errs({ ownerReferences: [{ apiVersion: 'a/b/c', kind: '', name: '', uid: '' }] })).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ]);
    expect(errs({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'D', name: 'x', uid: '1' }] })).toEqual([]);
    const two = [
      { apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true },
      { apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true },
    ];
    expect(errs({ ownerReferences: two })[0]).toMatch(
      /^metadata.ownerReferences: Invalid value: .*: Only one reference can have Controller set to true. Found "true" in references for A\/a and B\/b$/,
    );
    expect(errs({ ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1' }] })[0]).toMatch(
      /: \/v1, Kind=Event is disallowed from being an owner$/,
    );
    expect(errs({ finalizers: ['ok.example.com/f', ''] })).toEqual(['metadata.finalizers: Invalid value: "": name part must be non-empty']);
    expect(errs({ generation: -1 })).toEqual(['metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
  });
});
