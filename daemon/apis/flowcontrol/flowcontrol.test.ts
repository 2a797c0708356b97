// The flowcontrol battery's built-ins: kube's defaulting, its validation paths and messages, and its table cells.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { buildTable } from '../../registry/table.js';
import { ALL_BATTERIES, type RequestContext } from '../../registry/types.js';
import { hasStatusSubresource } from '../../registry/strategy.js';
import { builtinResources } from '../index.js';
import { defaultFlowSchema, defaultPriorityLevel } from './defaults.js';
import { flowschemas } from './flowschemas.js';
import { prioritylevelconfigurations } from './prioritylevelconfigurations.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'admin', groups: [] }, now: new Date(), dryRun: false };

const fs = (spec: unknown, name = 'fs', status?: unknown): KObject => ({
  apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
  kind: 'FlowSchema',
  metadata: { name, creationTimestamp: new Date(Date.now() - 5000).toISOString() },
  ...(spec === undefined ? {} : { spec }),
  ...(status === undefined ? {} : { status }),
});
const pl = (spec: unknown, name = 'pl'): KObject => ({ ...fs(spec, name), kind: 'PriorityLevelConfiguration' });

/** Creates as the registry does: defaults first, then validation; the errors as kubectl prints them. */
function createErrors(def: typeof flowschemas, o: KObject): string[] {
  def.strategy.prepareForCreate(o, ctx);
  return def.strategy.validate(o, ctx).map(fieldErrorString);
}
const fsErrors = (spec: unknown, name?: string) => createErrors(flowschemas, fs(spec, name));
const plErrors = (spec: unknown, name?: string) => createErrors(prioritylevelconfigurations, pl(spec, name));

/** A field of spec. */
const get = (o: KObject, k: string) => (o['spec'] as Record<string, unknown>)[k];

const ref = { priorityLevelConfiguration: { name: 'workload-low' } };
const queue = (queuing: unknown) => ({ type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing } } });

describe('the flowcontrol battery', () => {
  it('serves both kinds cluster-scoped, with status and generation, only when the battery is on', () => {
    const names = (b: readonly string[]) => builtinResources(new Set(b as typeof ALL_BATTERIES)).map((d) => d.plural);
    expect(names(ALL_BATTERIES)).toEqual(expect.arrayContaining(['flowschemas', 'prioritylevelconfigurations']));
    expect(names(ALL_BATTERIES.filter((b) => b !== 'flowcontrol'))).not.toContain('flowschemas');
    for (const d of [flowschemas, prioritylevelconfigurations]) {
      expect(d).toMatchObject({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', namespaced: false, shortNames: [] });
      expect(hasStatusSubresource(d.strategy)).toBe(true);
      expect(d.strategy.tracksGeneration).toBe(true);
      expect(d.schemaName).toBe(`io.k8s.api.flowcontrol.v1.${d.kind}`);
    }
  });
});

describe('defaulting', () => {
  it('gives FlowSchemas matchingPrecedence 1000 when unset or zero, and an empty status', () => {
    for (const spec of [ref, { ...ref, matchingPrecedence: 0 }, undefined]) {
      const o = fs(spec, 'x', { conditions: [{ type: 'Dangling', status: 'False' }] });
      flowschemas.strategy.prepareForCreate(o, ctx);
      expect(o['spec']).toMatchObject({ matchingPrecedence: 1000 });
      expect(o['status']).toEqual({});
    }
    const kept = fs({ ...ref, matchingPrecedence: 500 });
    defaultFlowSchema(kept);
    expect(kept['spec']).toMatchObject({ matchingPrecedence: 500 });
  });

  it('fills in a limited level: shares 30, lendable 0, queuing 64/8/50', () => {
    const o = pl(queue({}));
    defaultPriorityLevel(o);
    expect(o['spec']).toEqual({
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 30,
        lendablePercent: 0,
        limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 8, queueLengthLimit: 50 } },
      },
    });
  });

  it('keeps explicit values, zero shares included, and invents no queuing', () => {
    const o = pl({
      type: 'Limited',
      limited: { nominalConcurrencyShares: 0, lendablePercent: 10, limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 0 } } },
    });
    defaultPriorityLevel(o);
    expect(get(o, 'limited')).toEqual({
      nominalConcurrencyShares: 0,
      lendablePercent: 10,
      limitResponse: { type: 'Queue', queuing: { queues: 16, handSize: 8, queueLengthLimit: 50 } },
    });
    const reject = pl({ type: 'Limited', limited: { limitResponse: { type: 'Reject' } } });
    defaultPriorityLevel(reject);
    expect(get(reject, 'limited')).toEqual({ nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Reject' } });
  });

  it('fills in an exempt section with zeros', () => {
    const o = pl({ type: 'Exempt', exempt: {} }, 'exempt');
    defaultPriorityLevel(o);
    expect(get(o, 'exempt')).toEqual({ nominalConcurrencyShares: 0, lendablePercent: 0 });
  });
});

describe('FlowSchema validation', () => {
  it('accepts a complete FlowSchema', () => {
    const rules = [
      {
        subjects: [
          { kind: 'Group', group: { name: 'system:authenticated' } },
          { kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name: '*' } },
        ],
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/api/*'] }],
      },
    ];
    expect(fsErrors({ ...ref, matchingPrecedence: 10000, distinguisherMethod: { type: 'ByUser' }, rules })).toEqual([]);
  });

  it('requires a priority level and checks its name', () => {
    expect(fsErrors({})).toEqual(['spec.priorityLevelConfiguration.name: Required value: must reference a priority level']);
    expect(fsErrors({ priorityLevelConfiguration: { name: 'Bad_Name' } })[0]).toMatch(
      /^spec\.priorityLevelConfiguration\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('keeps matchingPrecedence in 1..10000, and 1 for "exempt" only', () => {
    expect(fsErrors({ ...ref, matchingPrecedence: -5 })).toEqual(['spec.matchingPrecedence: Invalid value: -5: must be a positive value']);
    expect(fsErrors({ ...ref, matchingPrecedence: 10001 })).toEqual([
      'spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000',
    ]);
    expect(fsErrors({ ...ref, matchingPrecedence: 1 })).toEqual([
      "spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
    ]);
    expect(fsErrors({ priorityLevelConfiguration: { name: 'exempt' }, matchingPrecedence: 1 }, 'exempt')).toEqual([]);
  });

  it('supports ByUser and ByNamespace distinguishers only', () => {
    expect(fsErrors({ ...ref, distinguisherMethod: { type: 'ByNamespace' } })).toEqual([]);
    expect(fsErrors({ ...ref, distinguisherMethod: { type: 'ByGroup' } })).toEqual([
      'spec.distinguisherMethod.type: Unsupported value: {"type":"ByGroup"}: supported values: "ByNamespace", "ByUser"',
    ]);
  });

  it('checks rules, subjects and their members', () => {
    expect(fsErrors({ ...ref, rules: [{}] })).toEqual([
      'spec.rules[0].subjects: Required value: subjects must contain at least one value',
      'spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty',
    ]);
    const subjects = [
      { kind: 'User', group: { name: 'g' } },
      { kind: 'ServiceAccount', serviceAccount: { name: 'sa' } },
      { kind: 'Robot' },
    ];
    expect(
      fsErrors({ ...ref, rules: [{ subjects, resourceRules: [{ verbs: ['get', 'fly'], apiGroups: ['', '*'], resources: [] }] }] }),
    ).toEqual([
      "spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'",
      "spec.rules[0].subjects[0].group: Forbidden: group is forbidden when subject kind is not 'Group'",
      'spec.rules[0].subjects[1].serviceAccount.namespace: Required value: must specify namespace for service account',
      'spec.rules[0].subjects[2].kind: Unsupported value: "Robot": supported values: "Group", "ServiceAccount", "User"',
      'spec.rules[0].resourceRules[0].verbs: Unsupported value: ["get","fly"]: supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"',
      'spec.rules[0].resourceRules[0].apiGroups: Invalid value: ["","*"]: if \'*\' is present, must not specify other api groups',
      'spec.rules[0].resourceRules[0].resources: Required value: resource rules must supply at least one resource',
      'spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace',
    ]);
  });

  it('checks non-resource URLs and status conditions', () => {
    const rules = [
      {
        subjects: [{ kind: 'Group', group: { name: '*' } }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['healthz', '/a/*b'] }],
      },
    ];
    expect(fsErrors({ ...ref, rules })).toEqual([
      'spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "healthz": must start with slash',
      'spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: Invalid value: "/a/*b": wildcard can only do suffix matching',
    ]);
    const o = fs({ ...ref, matchingPrecedence: 100 }, 'fs', { conditions: [{ type: 'Dangling' }, { type: 'Dangling' }, {}] });
    expect(flowschemas.strategy.validate(o, ctx).map(fieldErrorString)).toEqual([
      'status.conditions[1].type: Duplicate value: "Dangling"',
      'status.conditions[2].type: Required value: must not be empty',
    ]);
  });
});

describe('PriorityLevelConfiguration validation', () => {
  it('accepts limited levels that queue or reject, and the exempt level', () => {
    expect(plErrors(queue({}))).toEqual([]);
    expect(
      plErrors({
        type: 'Limited',
        limited: { nominalConcurrencyShares: 0, borrowingLimitPercent: 200, limitResponse: { type: 'Reject' } },
      }),
    ).toEqual([]);
    expect(plErrors({ type: 'Exempt' }, 'exempt')).toEqual([]);
  });

  it('supports the types Exempt and Limited, Exempt only for "exempt"', () => {
    expect(plErrors({ type: 'Unlimited' })).toEqual(['spec.type: Unsupported value: "Unlimited": supported values: "Exempt", "Limited"']);
    expect(plErrors(undefined)).toEqual(['spec.type: Unsupported value: "": supported values: "Exempt", "Limited"']);
    expect(plErrors({ type: 'Exempt', limited: {} })).toEqual([
      "spec.type: Invalid value: \"Exempt\": type must be 'Exempt' if and only if name is 'exempt'",
      'spec.limited: Forbidden: must be nil if the type is not Limited',
    ]);
  });

  it('requires limited for Limited and forbids exempt there', () => {
    expect(plErrors({ type: 'Limited' })).toEqual(['spec.limited: Required value: must not be empty when type is Limited']);
    expect(plErrors({ type: 'Limited', exempt: {}, limited: { limitResponse: { type: 'Reject' } } })).toEqual([
      'spec.exempt: Forbidden: must be nil if the type is Limited',
    ]);
  });

  it('checks the limit response and its queuing', () => {
    expect(plErrors({ type: 'Limited', limited: {} })).toEqual([
      'spec.limited.limitResponse.type: Unsupported value: "": supported values: "Queue", "Reject"',
    ]);
    expect(plErrors({ type: 'Limited', limited: { limitResponse: { type: 'Queue' } } })).toEqual([
      'spec.limited.limitResponse.queuing: Required value: must not be empty if limited.limitResponse.type is Limited',
    ]);
    expect(plErrors({ type: 'Limited', limited: { limitResponse: { type: 'Reject', queuing: {} } } })).toEqual([
      'spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited',
    ]);
    expect(plErrors(queue({ queues: -1, handSize: -2, queueLengthLimit: -3 }))).toEqual([
      'spec.limited.limitResponse.queuing.queueLengthLimit: Invalid value: -3: must be positive',
      'spec.limited.limitResponse.queuing.queues: Invalid value: -1: must be positive',
      'spec.limited.limitResponse.queuing.handSize: Invalid value: -2: must be positive',
    ]);
    expect(plErrors(queue({ queues: 4, handSize: 5 }))).toEqual([
      'spec.limited.limitResponse.queuing.handSize: Invalid value: 5: should not be greater than queues (4)',
    ]);
    expect(plErrors(queue({ queues: 10000000, handSize: 10 }))).toEqual([
      'spec.limited.limitResponse.queuing.handSize: Invalid value: 10: required entropy bits of deckSize 10000000 and handSize 10 should not be greater than 60',
    ]);
    expect(plErrors(queue({ queues: 10000001, handSize: 1 }))).toEqual([
      'spec.limited.limitResponse.queuing.queues: Invalid value: 10000001: must not be greater than 10000000',
    ]);
  });

  it('bounds shares and percentages', () => {
    expect(
      plErrors({
        type: 'Limited',
        limited: { nominalConcurrencyShares: -1, lendablePercent: 101, borrowingLimitPercent: -1, limitResponse: { type: 'Reject' } },
      }),
    ).toEqual([
      'spec.limited.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer',
      'spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive',
      'spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer',
    ]);
    expect(plErrors({ type: 'Exempt', exempt: { nominalConcurrencyShares: -1, lendablePercent: -1 } }, 'exempt')).toEqual([
      'spec.exempt.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer',
      'spec.exempt.lendablePercent: Invalid value: -1: must be between 0 and 100, inclusive',
    ]);
  });
});

describe('tables', () => {
  const headers = (t: Record<string, unknown>) =>
    (t['columnDefinitions'] as Array<{ name: string; priority: number }>).map((c) => `${c.name}/${c.priority}`);
  const cells = (t: Record<string, unknown>) => (t['rows'] as Array<{ cells: unknown[] }>).map((r) => r.cells);

  it("prints FlowSchemas with kube's columns and fallbacks", () => {
    const plain = fs({ ...ref, matchingPrecedence: 1000 }, 'plain');
    const dangling = fs({ ...ref, matchingPrecedence: 200, distinguisherMethod: { type: 'ByUser' } }, 'dangling', {
      conditions: [{ type: 'Dangling', status: 'True' }],
    });
    const t = buildTable(flowschemas, [plain, dangling], {}, 'None');
    expect(headers(t)).toEqual(['Name/0', 'PriorityLevel/0', 'MatchingPrecedence/0', 'DistinguisherMethod/0', 'Age/0', 'MissingPL/0']);
    // Ordered as kube's printer orders them: by matching precedence, then name.
    expect(cells(t)).toEqual([
      ['dangling', 'workload-low', 200, 'ByUser', '5s', 'True'],
      ['plain', 'workload-low', 1000, '<none>', '5s', '?'],
    ]);
    const tie = fs({ ...ref, matchingPrecedence: 1000 }, 'another');
    expect(cells(buildTable(flowschemas, [plain, tie, dangling], {}, 'None')).map((c) => c[0])).toEqual(['dangling', 'another', 'plain']);
  });

  it('prints PriorityLevelConfigurations with <none> where a level has no limits or queues', () => {
    const limited = pl(queue({}), 'limited');
    defaultPriorityLevel(limited);
    const reject = pl({ type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } }, 'reject');
    const exempt = pl({ type: 'Exempt' }, 'exempt');
    const t = buildTable(prioritylevelconfigurations, [limited, reject, exempt], {}, 'None');
    expect(headers(t)).toEqual(['Name/0', 'Type/0', 'NominalConcurrencyShares/0', 'Queues/0', 'HandSize/0', 'QueueLengthLimit/0', 'Age/0']);
    expect(cells(t)).toEqual([
      ['limited', 'Limited', 30, 64, 8, 50, '5s'],
      ['reject', 'Limited', 5, '<none>', '<none>', '<none>', '5s'],
      ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>', '5s'],
    ]);
  });
});
