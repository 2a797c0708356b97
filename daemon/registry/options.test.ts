import { describe, expect, it } from 'vitest';
import { StatusError, type Status } from '../apimachinery/status.js';
import { deleteOptionsOf, getOptionsOf, listOptionsOf, parseResourceVersion, writeOptionsOf } from './options.js';

const q = (s: string) => new URLSearchParams(s);

function refusal(fn: () => unknown): Status {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('ListOptions', () => {
  it('converts as kube converts url.Values', () => {
    expect(listOptionsOf(q('labelSelector=a%3Db&limit=5&timeoutSeconds=30&allowWatchBookmarks=1&watch=yes&resourceVersion=7'))).toEqual({
      labelSelector: 'a=b',
      fieldSelector: '',
      watch: true,
      allowWatchBookmarks: true,
      resourceVersion: '7',
      resourceVersionMatch: '',
      timeoutSeconds: 30,
      limit: 5,
      continue: '',
    });
    expect(listOptionsOf(q('watch=false&allowWatchBookmarks=0&limit=-3')).watch).toBe(false);
    expect(listOptionsOf(q('limit=-3')).limit).toBe(-3);
  });

  it('answers strconv errors with 400, the first bad field in struct order', () => {
    expect(refusal(() => listOptionsOf(q('limit=abc')))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'strconv.ParseInt: parsing "abc": invalid syntax',
    });
    expect(refusal(() => listOptionsOf(q('limit=x&timeoutSeconds=y'))).message).toBe('strconv.ParseInt: parsing "y": invalid syntax');
    expect(refusal(() => listOptionsOf(q('limit='))).message).toBe('strconv.ParseInt: parsing "": invalid syntax');
    expect(refusal(() => listOptionsOf(q('timeoutSeconds=99999999999999999999'))).message).toBe(
      'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
  });

  it('validates a list as ValidateListOptions', () => {
    expect(refusal(() => listOptionsOf(q('resourceVersionMatch=Exact')))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      details: { group: 'meta.k8s.io', kind: 'ListOptions' },
    });
    expect(refusal(() => listOptionsOf(q('resourceVersion=0&resourceVersionMatch=Exact'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
    expect(refusal(() => listOptionsOf(q('resourceVersion=1&resourceVersionMatch=foo'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "foo": supported values: "Exact", "NotOlderThan", ""',
    );
    expect(refusal(() => listOptionsOf(q('resourceVersion=1&resourceVersionMatch=Exact&continue=x'))).message).toContain(
      'resourceVersionMatch is forbidden when continue is provided',
    );
    expect(refusal(() => listOptionsOf(q('sendInitialEvents=false'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list',
    );
    expect(listOptionsOf(q('resourceVersion=5&resourceVersionMatch=NotOlderThan')).resourceVersionMatch).toBe('NotOlderThan');
  });

  it('defaults and validates a watch as SetListOptionsDefaults and validateWatchOptions (WatchList on)', () => {
    expect(listOptionsOf(q('watch=1'))).toMatchObject({ sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' });
    expect(listOptionsOf(q('watch=1&resourceVersion=0'))).toMatchObject({ sendInitialEvents: true });
    expect(listOptionsOf(q('watch=1&resourceVersion=9')).sendInitialEvents).toBeUndefined();
    expect(refusal(() => listOptionsOf(q('watch=1&resourceVersionMatch=NotOlderThan'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
    expect(refusal(() => listOptionsOf(q('watch=1&sendInitialEvents=true'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    );
    expect(refusal(() => listOptionsOf(q('watch=1&sendInitialEvents=true&resourceVersionMatch=Exact'))).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan"]',
    );
    expect(listOptionsOf(q('watch=1&sendInitialEvents=false&resourceVersionMatch=NotOlderThan')).sendInitialEvents).toBe(false);
  });

  it('parses resourceVersions, refusing malformed ones as 400 wherever they are read', () => {
    expect(parseResourceVersion('')).toBe(0);
    expect(parseResourceVersion('0')).toBe(0);
    expect(parseResourceVersion('12')).toBe(12);
    for (const bad of ['abc', '1e26', '-1']) {
      expect(refusal(() => parseResourceVersion(bad))).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message: `invalid resource version: resourceVersion: Invalid value: "${bad}": strconv.ParseUint: parsing "${bad}": invalid syntax`,
      });
    }
  });
});

describe('GetOptions', () => {
  it('refuses export unless it reads false', () => {
    expect(getOptionsOf(q('export=false&resourceVersion=3'))).toEqual({ resourceVersion: '3' });
    expect(getOptionsOf(q('export=0'))).toEqual({ resourceVersion: '' });
    expect(refusal(() => getOptionsOf(q('export=true')))).toMatchObject({
      code: 400,
      message: 'the export parameter, deprecated since v1.14, is no longer supported',
    });
    expect(refusal(() => getOptionsOf(q('export=')))).toMatchObject({ code: 400 });
  });
});

describe('Create/Update/PatchOptions', () => {
  it('reads the write options', () => {
    expect(writeOptionsOf(q('dryRun=All&fieldManager=me&fieldValidation=Strict'), 'CreateOptions')).toEqual({
      dryRun: true,
      fieldManager: 'me',
      fieldValidation: 'Strict',
      force: false,
    });
    expect(writeOptionsOf(q(''), 'UpdateOptions')).toEqual({ dryRun: false, fieldManager: '', fieldValidation: 'Warn', force: false });
    expect(writeOptionsOf(q('fieldManager=m&force=yes'), 'PatchOptions', true).force).toBe(true);
    expect(writeOptionsOf(q('fieldManager=m&force=false'), 'PatchOptions', true).force).toBe(false);
  });

  it('validates them as kube does, naming the options kind', () => {
    expect(refusal(() => writeOptionsOf(q('dryRun=All&dryRun=Bogus'), 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"All", "Bogus"}: supported values: "All"',
    );
    expect(refusal(() => writeOptionsOf(q('dryRun='), 'UpdateOptions')).message).toBe(
      'UpdateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{""}: supported values: "All"',
    );
    expect(refusal(() => writeOptionsOf(q('fieldValidation=strict'), 'UpdateOptions')).message).toBe(
      'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    );
    expect(refusal(() => writeOptionsOf(q(`fieldManager=${'é'.repeat(65)}`), 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
    );
    expect(refusal(() => writeOptionsOf(q('fieldManager=a%09b'), 'CreateOptions')).message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\tb": invalid character U+0009 (at position 1)',
    );
    expect(refusal(() => writeOptionsOf(q('force=true'), 'PatchOptions')).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    expect(refusal(() => writeOptionsOf(q('force'), 'PatchOptions')).message).toContain('force: Forbidden');
    expect(refusal(() => writeOptionsOf(q(''), 'PatchOptions', true)).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  });
});

describe('DeleteOptions', () => {
  it('reads the body when there is one and the query otherwise', () => {
    expect(deleteOptionsOf(undefined, q('gracePeriodSeconds=5&orphanDependents=true&dryRun=All'))).toEqual({
      gracePeriodSeconds: 5,
      orphanDependents: true,
      dryRun: ['All'],
    });
    // With a body, the query is not read at all.
    expect(deleteOptionsOf({ propagationPolicy: 'Foreground' }, q('dryRun=All&gracePeriodSeconds=abc'))).toEqual({
      propagationPolicy: 'Foreground',
    });
    expect(deleteOptionsOf(null, q('dryRun=All'))).toEqual({});
    expect(
      deleteOptionsOf(
        { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: null, preconditions: { uid: 'u', resourceVersion: null } },
        q(''),
      ),
    ).toEqual({ preconditions: { uid: 'u' } });
    expect(deleteOptionsOf(undefined, q('gracePeriodSeconds=-5')).gracePeriodSeconds).toBe(1);
  });

  it('refuses what kube refuses', () => {
    expect(refusal(() => deleteOptionsOf({ dryRun: ['Bogus'] }, q('')))).toMatchObject({
      code: 422,
      message: 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"',
    });
    expect(refusal(() => deleteOptionsOf(undefined, q('gracePeriodSeconds=abc')))).toMatchObject({
      code: 400,
      message: 'strconv.ParseInt: parsing "abc": invalid syntax',
    });
    expect(refusal(() => deleteOptionsOf(undefined, q('propagationPolicy=')))).toMatchObject({
      code: 422,
      message:
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "": supported values: "Foreground", "Background", "Orphan", "nil"',
    });
    expect(refusal(() => deleteOptionsOf({ propagationPolicy: 'Orphan', orphanDependents: false }, q(''))).message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    );
  });

  it('refuses a body of the wrong shape in the words of the decoder, as a 400, never deleting', () => {
    expect(refusal(() => deleteOptionsOf({ dryRun: 'All' }, q('')))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string',
    });
    expect(refusal(() => deleteOptionsOf({ gracePeriodSeconds: 1.5 }, q(''))).message).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
    );
    expect(refusal(() => deleteOptionsOf({ preconditions: { uid: 5 } }, q(''))).message).toBe(
      'json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID',
    );
    expect(refusal(() => deleteOptionsOf([], q(''))).message).toBe('json: cannot unmarshal array into Go value of type v1.DeleteOptions');
  });
});
