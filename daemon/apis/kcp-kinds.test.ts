// kcp's own kinds (tenancy.kcp.io, core.kcp.io, mounts.contrib.kcp.io) are served as kcp serves them, from CRDs:
// generation, a status subresource, no strategic merge patch — with their name rules, tables and validation.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { nameErrors } from '../apimachinery/validation.js';
import type { RequestContext } from '../registry/types.js';
import { logicalclusters } from './core-kcp/logicalclusters.js';
import { shards } from './core-kcp/shards.js';
import { kubeclusters } from './mounts/kubeclusters.js';
import { workspaces } from './tenancy/workspaces.js';
import { workspacetypes } from './tenancy/workspacetypes.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };

describe("kcp's kinds", () => {
  it('track generation, have a status subresource and refuse strategic merge patches', () => {
    for (const d of [workspaces, workspacetypes, logicalclusters, shards, kubeclusters]) {
      expect(d.strategy.tracksGeneration).toBe(true);
      expect(Object.keys(d.strategy.subresources)).toEqual(['status']);
      expect(d.strategy.patchTypes).not.toContain('application/strategic-merge-patch+json');
      expect(d.categories).toEqual(['kcp']);
    }
  });

  it('name Workspaces as kcp does and LogicalClusters `cluster` only', () => {
    expect(nameErrors(workspaces.strategy.nameRule, 'team-a')).toEqual([]);
    expect(nameErrors(workspaces.strategy.nameRule, 'Team.A')).toEqual([
      "must match the pattern ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)",
    ]);
    expect(nameErrors(logicalclusters.strategy.nameRule, 'cluster')).toEqual([]);
    expect(nameErrors(logicalclusters.strategy.nameRule, 'other')).toEqual(['must be "cluster"']);
  });

  it('let LogicalCluster initializers only be removed', () => {
    const lc = (initializers: string[]): KObject => ({
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'LogicalCluster',
      metadata: { name: 'cluster' },
      status: { phase: 'Initializing', initializers },
    });
    expect(logicalclusters.strategy.validateUpdate(lc(['a']), lc(['a', 'b']), ctx)).toEqual([]);
    expect(logicalclusters.strategy.validateUpdate(lc(['a', 'c']), lc(['a']), ctx).map(fieldErrorString)).toEqual([
      'status.initializers: Invalid value: ["a","c"]: initializers can only be removed, not added: [c]',
    ]);
  });

  it("print a Workspace's type, phase and URL", () => {
    const ws: KObject = {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name: 'a' },
      spec: { type: { name: 'universal' }, URL: 'https://x' },
      status: { phase: 'Ready' },
    };
    expect(workspaces.strategy.table.cells(ws, Date.now()).slice(0, 4)).toEqual(['universal', null, 'Ready', 'https://x']);
  });
});
