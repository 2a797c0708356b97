// kube-apiserver's two flowcontrol controllers, for one logical cluster at a time:
// - the configuration producer (pkg/registry/flowcontrol/ensurer): every bootstrap object exists (a missing one is
//   created again, mandatory or suggested); a mandatory object's spec is restored, a suggested one's only while its
//   `apf.kubernetes.io/autoupdate-spec` annotation says true (or, without a readable annotation, while it is at
//   generation 1, i.e. unedited); the annotation is set to what was decided; objects that carry `autoupdate-spec:
//   true` but are no longer in the bootstrap set are deleted;
// - the status half of the configuration consumer (k8s.io/apiserver pkg/util/flowcontrol): every FlowSchema's
//   `Dangling` condition says whether the priority level it references exists.
// kube runs the producer every minute; here the controller runs it when something it cares about changes.
import { isObject } from '../../apimachinery/is-object.js';
import type { KObject } from '../../apimachinery/types.js';
import { AUTO_UPDATE_ANNOTATION, bootstrapConfiguration } from './bootstrap.js';

export type FlowControlKind = 'FlowSchema' | 'PriorityLevelConfiguration';

export interface FlowControlDeps {
  now(): Date;
  /** Whether the logical cluster is there to keep (a deleted one's content is being swept away). */
  clusterExists(cluster: string): boolean;
  list(cluster: string, kind: FlowControlKind): KObject[];
  /** Creates the object as the server would (with `status`, where given, as its controller would set it at once). */
  create(cluster: string, obj: KObject, status?: Record<string, unknown>): KObject | undefined;
  /** Replaces the object at the resourceVersion it carries; undefined when someone else wrote it meanwhile. */
  update(cluster: string, obj: KObject): KObject | undefined;
  /** Deletes the object at the resourceVersion it carries; false when it changed or went meanwhile. */
  delete(cluster: string, obj: KObject): boolean;
}

export interface BootstrapObject {
  readonly object: KObject;
  readonly mandatory: boolean;
}

/** The bootstrap objects by kind and name. */
export class BootstrapSet {
  readonly priorityLevels = new Map<string, BootstrapObject>();
  readonly flowSchemas = new Map<string, BootstrapObject>();

  constructor() {
    for (const set of bootstrapConfiguration()) {
      for (const object of set.priorityLevels) this.priorityLevels.set(object.metadata.name!, { object, mandatory: set.mandatory });
      for (const object of set.flowSchemas) this.flowSchemas.set(object.metadata.name!, { object, mandatory: set.mandatory });
    }
  }

  of(kind: FlowControlKind): Map<string, BootstrapObject> {
    return kind === 'FlowSchema' ? this.flowSchemas : this.priorityLevels;
  }
}

/** Go's strconv.ParseBool, which kube reads the annotation with. */
export function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

const annotationOf = (o: KObject) => o.metadata.annotations?.[AUTO_UPDATE_ANNOTATION];

/**
 * Drops what Go's JSON cannot tell from absent for these specs (null, false, "", empty lists and structs), so a spec
 * written by a client compares as kube's semantic equality compares the decoded structs.
 */
function normalised(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalised);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const n = normalised(x);
    if (n === null || n === undefined || n === false || n === '') continue;
    if (Array.isArray(n) && n.length === 0) continue;
    if (isObject(n) && Object.keys(n).length === 0) continue;
    out[k] = n;
  }
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isObject(a) || !isObject(b) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

/** kube's SpecEqualish: the stored spec is the bootstrap one; the exempt level's shares and lending are the operator's. */
export function specEqualish(kind: FlowControlKind, bootstrap: KObject, current: KObject): boolean {
  const expected = structuredClone(bootstrap['spec']) as Record<string, unknown>;
  const actual = current['spec'];
  if (kind === 'PriorityLevelConfiguration' && bootstrap.metadata.name === 'exempt') {
    const exempt = isObject(actual) ? actual['exempt'] : undefined;
    if (!isObject(exempt)) return false;
    const mine = expected['exempt'] as Record<string, unknown>;
    mine['nominalConcurrencyShares'] = exempt['nominalConcurrencyShares'];
    mine['lendablePercent'] = exempt['lendablePercent'];
  }
  return deepEqual(normalised(expected), normalised(actual));
}

/** kube's ReviseIfNeeded: the object to write back, or undefined when it is as it should be. */
export function revise(kind: FlowControlKind, current: KObject, boot: BootstrapObject): KObject | undefined {
  const declared = parseGoBool(annotationOf(current));
  // Without a readable annotation, an object nobody edited (generation 1) may be updated.
  const autoUpdate = boot.mandatory || (declared ?? current.metadata.generation === 1);
  const fixAnnotation = declared !== autoUpdate;
  const fixSpec = autoUpdate && !specEqualish(kind, boot.object, current);
  if (!fixAnnotation && !fixSpec) return undefined;
  const revised = structuredClone(current);
  if (fixSpec) {
    revised['spec'] = structuredClone(boot.object['spec']);
    // As the API's update would: a spec change is a new generation.
    revised.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  if (fixAnnotation) revised.metadata.annotations = { ...revised.metadata.annotations, [AUTO_UPDATE_ANNOTATION]: String(autoUpdate) };
  return revised;
}

/** An object that says it is kube's to keep up to date, under a name kube no longer bootstraps: kube deletes it. */
export function unwanted(kind: FlowControlKind, o: KObject, boots: BootstrapSet): boolean {
  return !boots.of(kind).has(o.metadata.name!) && parseGoBool(annotationOf(o)) === true;
}

export interface DanglingCondition {
  type: 'Dangling';
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: 'NotFound' | 'Found';
  message: string;
}

const referenced = (fs: KObject): string => {
  const spec = fs['spec'];
  const ref = isObject(spec) ? spec['priorityLevelConfiguration'] : undefined;
  const name = isObject(ref) ? ref['name'] : undefined;
  return typeof name === 'string' ? name : '';
};

/** The Dangling condition kube's consumer wants on a FlowSchema, without its time. */
export function desiredDangling(fs: KObject, found: boolean): DanglingCondition {
  const name = JSON.stringify(referenced(fs));
  return found
    ? {
        type: 'Dangling',
        status: 'False',
        reason: 'Found',
        message: `This FlowSchema references the PriorityLevelConfiguration object named ${name} and it exists`,
      }
    : {
        type: 'Dangling',
        status: 'True',
        reason: 'NotFound',
        message: `This FlowSchema references the PriorityLevelConfiguration object named ${name} but there is no such object`,
      };
}

function conditionsOf(fs: KObject): unknown[] {
  const status = fs['status'];
  const conditions = isObject(status) ? status['conditions'] : undefined;
  return Array.isArray(conditions) ? conditions : [];
}

function currentDangling(fs: KObject): Record<string, unknown> | undefined {
  return conditionsOf(fs).find((c): c is Record<string, unknown> => isObject(c) && c['type'] === 'Dangling');
}

const sameCondition = (c: Record<string, unknown> | undefined, want: DanglingCondition) =>
  c !== undefined && c['status'] === want.status && c['reason'] === want.reason && c['message'] === want.message;

/**
 * Whether the FlowSchema's Dangling condition can be right for some state of its priority level: what a handler can
 * tell from the event alone (whether the level exists is the reconciler's to read).
 */
export function danglingPlausible(fs: KObject): boolean {
  const c = currentDangling(fs);
  return sameCondition(c, desiredDangling(fs, true)) || sameCondition(c, desiredDangling(fs, false));
}

/** The status with the Dangling condition set as wanted (other conditions kept), or undefined when it already is. */
export function withDangling(fs: KObject, found: boolean, now: Date): Record<string, unknown> | undefined {
  const want = desiredDangling(fs, found);
  if (sameCondition(currentDangling(fs), want)) return undefined;
  const condition: DanglingCondition = {
    type: 'Dangling',
    status: want.status,
    lastTransitionTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reason: want.reason,
    message: want.message,
  };
  const others = conditionsOf(fs).filter((c) => !(isObject(c) && c['type'] === 'Dangling'));
  const status = isObject(fs['status']) ? fs['status'] : {};
  return { ...status, conditions: [...others, condition] };
}

export interface EnsureOutcome {
  created: string[];
  updated: string[];
  deleted: string[];
  /** FlowSchemas whose Dangling condition was written. */
  statuses: string[];
}

/** Keeps one logical cluster's flowcontrol configuration as kube-apiserver keeps its own. */
export function ensureFlowControl(deps: FlowControlDeps, boots: BootstrapSet, cluster: string): EnsureOutcome | 'skipped' {
  if (!deps.clusterExists(cluster)) return 'skipped';
  const out: EnsureOutcome = { created: [], updated: [], deleted: [], statuses: [] };
  const now = deps.now();
  const byName = (kind: FlowControlKind) => new Map(deps.list(cluster, kind).map((o) => [o.metadata.name!, o]));
  const levels = byName('PriorityLevelConfiguration');
  const schemas = byName('FlowSchema');

  const ensure = (
    kind: FlowControlKind,
    current: Map<string, KObject>,
    statusFor?: (o: KObject) => Record<string, unknown> | undefined,
  ) => {
    for (const [name, boot] of boots.of(kind)) {
      const existing = current.get(name);
      const label = `${kind}/${name}`;
      if (!existing) {
        const created = deps.create(cluster, structuredClone(boot.object), statusFor?.(boot.object));
        // Losing the race to another creator is fine: its event brings the cluster back here.
        if (created) {
          current.set(name, created);
          out.created.push(label);
        }
        continue;
      }
      const revised = revise(kind, existing, boot);
      if (!revised) continue;
      // A conflict means a newer write is on its way, and with it another event to reconcile on.
      const written = deps.update(cluster, revised);
      if (written) {
        current.set(name, written);
        out.updated.push(label);
      }
    }
    for (const [name, o] of current) {
      if (!unwanted(kind, o, boots)) continue;
      if (deps.delete(cluster, o)) out.deleted.push(`${kind}/${name}`);
      current.delete(name);
    }
  };

  ensure('PriorityLevelConfiguration', levels);
  // A FlowSchema created here starts with the condition kube's consumer would give it at once.
  ensure('FlowSchema', schemas, (fs) => withDangling(fs, levels.has(referenced(fs)), now));
  for (const [name, fs] of schemas) {
    const status = withDangling(fs, levels.has(referenced(fs)), now);
    if (!status) continue;
    if (deps.update(cluster, { ...fs, status })) out.statuses.push(name);
  }
  return out;
}
