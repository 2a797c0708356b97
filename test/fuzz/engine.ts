// The fuzz run: a daemon, every kind it serves (from discovery) and every write verb, with bodies mutated from valid
// objects at the paths of each kind's schema, for a time budget. A finding is a 5xx answer, or a successful write
// whose stored object a typed client could not read (checked against the published schema); the run also fails if
// the server stops answering. Shared by the test (fixed seed, ~60 s) and `npm run fuzz -- --seconds N --seed S`.
import fc from 'fast-check';
import { startTestDaemon, type TestDaemon } from '../e2e/support/daemon.js';
import { FuzzClient, kindKey, type JsonSchema, type Reply, type Served } from './client.js';
import { applyEdits, editsFor, malformedBodies, toJSONText, type Edit } from './mutations.js';
import { schemaPaths, storedTypeProblems, type SchemaPath, type Segment } from './schemas.js';
import { FUZZ_GROUP, seedFor, widgetCRD } from './seeds.js';

export interface FuzzOptions {
  seconds: number;
  seed: number;
  log?: (line: string) => void;
}

export interface Finding {
  what: string;
  request: string;
  status: number;
  answer: string;
}

export interface FuzzReport {
  cases: number;
  requests: number;
  byStatus: Record<number, number>;
  kinds: string[];
  findings: Finding[];
  /** Whether the server still answered /readyz and every list at the end. */
  alive: boolean;
}

const NS = 'fuzz';
/** LogicalCluster objects exist once per workspace and are never created: fuzzed in a workspace of their own. */
const LC_WORKSPACE = 'fuzzlc';

interface Target {
  served: Served;
  key: string;
  schema?: JsonSchema;
  paths: SchemaPath[];
  /** Verbs this target is fuzzed with. */
  verbs: Verb[];
  /** `/clusters/root/api/v1/namespaces/fuzz/configmaps` */
  collection: string;
  /** Kinds that are only read and written, never created (LogicalCluster): the one object's name. */
  only?: string;
}

type Verb = 'create' | 'update' | 'merge' | 'json' | 'strategic' | 'apply' | 'status' | 'status-patch' | 'delete' | 'token' | 'malformed';

interface Case {
  target: number;
  verb: Verb;
  edits: Edit[];
  yaml: boolean;
  malformed: { contentType: string; text: string; binary?: boolean };
}

const REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);

function verbsOf(s: Served): Verb[] {
  if (REVIEW_GROUPS.has(s.group)) return ['create', 'malformed'];
  const v: Verb[] = [];
  if (s.verbs.includes('create')) v.push('create', 'malformed');
  if (s.verbs.includes('update')) v.push('update');
  if (s.verbs.includes('patch')) {
    v.push('merge', 'json', 'apply');
    if (!s.group.includes('.') || s.group.endsWith('k8s.io')) v.push('strategic');
  }
  if (s.subresources.includes('status')) v.push('status', 'status-patch');
  if (s.verbs.includes('delete')) v.push('delete');
  if (s.subresources.includes('token')) v.push('token');
  return v;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {});
  const daemon = await startTestDaemon();
  const client = new FuzzClient(daemon.url, daemon.kubeconfig);
  const report: FuzzReport = { cases: 0, requests: 0, byStatus: {}, kinds: [], findings: [], alive: false };
  const seen = new Set<string>();
  try {
    const { targets, components } = await setUp(client, daemon, log);
    report.kinds = targets.map((t) => t.key);
    let counter = 0;
    const bases = new Map<string, string | null>();
    const send = async (what: string, method: string, path: string, body?: string | Buffer, contentType?: string): Promise<Reply> => {
      report.requests++;
      let r: Reply;
      try {
        r = await client.send(method, path, body, contentType);
      } catch (err) {
        r = { status: 599, text: `no answer: ${(err as Error).message}` };
      }
      report.byStatus[r.status] = (report.byStatus[r.status] ?? 0) + 1;
      if (r.status >= 500) {
        const signature = `${what} ${r.status} ${r.text
          .replace(/"[^"]{40,}"/g, '"…"')
          .replace(/\d+/g, 'N')
          .slice(0, 300)}`;
        if (!seen.has(signature)) {
          seen.add(signature);
          report.findings.push({
            what,
            request: `${method} ${path} ${contentType ?? ''} ${(Buffer.isBuffer(body) ? body.toString('base64') : (body ?? '')).slice(0, 600)}`,
            status: r.status,
            answer: r.text.slice(0, 1000),
          });
          log(`finding: ${what}: ${r.status} ${r.text.slice(0, 300)}`);
        }
      }
      return r;
    };
    const readBack = async (t: Target, what: string, name: string) => {
      const r = await send(`${what} (read back)`, 'GET', `${t.collection}/${name}`);
      if (r.status !== 200 || !t.schema) return;
      const problems = storedTypeProblems(JSON.parse(r.text), t.schema, components);
      if (problems.length) {
        const signature = `${what} stored ${problems[0]!.replace(/\d+/g, 'N')}`;
        if (!seen.has(signature)) {
          seen.add(signature);
          report.findings.push({
            what: `${what}: stored an object of the wrong type`,
            request: name,
            status: r.status,
            answer: `${problems.join('; ')} in ${r.text.slice(0, 600)}`,
          });
          log(`finding: ${what} stored ${problems.join('; ')}`);
        }
      }
    };

    const caseArb: fc.Arbitrary<Case> = fc.nat({ max: targets.length - 1 }).chain((i) =>
      fc.record({
        target: fc.constant(i),
        verb: fc.constantFrom(...targets[i]!.verbs),
        edits: editsFor(targets[i]!.paths),
        yaml: fc.boolean(),
        malformed: malformedBodies,
      }),
    );

    const runCase = async (c: Case) => {
      report.cases++;
      const t = targets[c.target]!;
      const what = `${t.key} ${c.verb}`;
      const name = t.only ?? freshName(t, ++counter);
      switch (c.verb) {
        case 'create': {
          const body = applyEdits(withTypeMeta(t, seedFor(t.key, name, NS, t.schema, components)), c.edits);
          const text = toJSONText(body);
          const r = await send(what, 'POST', t.collection, text, c.yaml ? 'application/yaml' : 'application/json');
          if (r.status < 300 && !REVIEW_GROUPS.has(t.served.group)) await readBack(t, what, nameIn(r, name));
          return;
        }
        case 'malformed': {
          const m = c.malformed;
          await send(`${what} ${m.contentType}`, 'POST', t.collection, m.binary ? Buffer.from(m.text, 'latin1') : m.text, m.contentType);
          return;
        }
        case 'token': {
          const sa = await base(bases, t, send);
          if (!sa) return;
          const body = applyEdits(
            seedFor('authentication.k8s.io/v1/TokenRequest', '', NS, undefined, components),
            c.edits.map(retarget(TOKEN_REQUEST_PATHS)),
          );
          await send(what, 'POST', `${t.collection}/${sa}/token`, toJSONText(body));
          return;
        }
        case 'delete': {
          const created = await send(
            `${t.key} create (for delete)`,
            'POST',
            t.collection,
            JSON.stringify(withTypeMeta(t, seedFor(t.key, name, NS, t.schema, components))),
          );
          if (created.status >= 300) return;
          const opts = applyEdits(
            {
              apiVersion: 'v1',
              kind: 'DeleteOptions',
              propagationPolicy: 'Background',
              gracePeriodSeconds: 0,
              preconditions: {},
              dryRun: [],
            },
            c.edits.map(retarget(DELETE_OPTIONS_PATHS)),
          );
          await send(what, 'DELETE', `${t.collection}/${nameIn(created, name)}`, toJSONText(opts));
          return;
        }
      }
      // The remaining verbs change an existing object.
      const current = await base(bases, t, send);
      if (!current) return;
      const cur = JSON.parse((await send(`${t.key} get`, 'GET', `${t.collection}/${current}`)).text) as Record<string, unknown>;
      const edited = applyEdits(cur, c.edits);
      const item = `${t.collection}/${current}`;
      let r: Reply;
      switch (c.verb) {
        case 'update':
          r = await send(what, 'PUT', item, toJSONText(edited), c.yaml ? 'application/yaml' : 'application/json');
          break;
        case 'status':
          r = await send(what, 'PUT', `${item}/status`, toJSONText(edited));
          break;
        case 'merge':
        case 'strategic':
        case 'status-patch':
          r = await send(
            what,
            'PATCH',
            c.verb === 'status-patch' ? `${item}/status` : item,
            toJSONText(mergePatch(edited, c.edits)),
            c.verb === 'strategic' ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
          );
          break;
        case 'json':
          r = await send(what, 'PATCH', item, toJSONText(jsonPatch(cur, c.edits)), 'application/json-patch+json');
          break;
        case 'apply': {
          const applied = applyEdits(withTypeMeta(t, seedFor(t.key, current, NS, t.schema, components)), c.edits);
          r = await send(what, 'PATCH', `${item}?fieldManager=fuzz&force=true`, toJSONText(applied), 'application/apply-patch+yaml');
          break;
        }
        default:
          return;
      }
      if (r.status < 300) await readBack(t, what, current);
    };

    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        await runCase(c);
        return true;
      }),
      {
        seed: opts.seed,
        numRuns: Number.MAX_SAFE_INTEGER,
        interruptAfterTimeLimit: opts.seconds * 1000,
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
    report.alive = await alive(client, targets, report, log);
  } finally {
    await client.close();
    await daemon.stop();
  }
  return report;
}

async function setUp(
  client: FuzzClient,
  daemon: TestDaemon,
  log: (l: string) => void,
): Promise<{ targets: Target[]; components: Record<string, JsonSchema> }> {
  await client.json('POST', '/clusters/root/api/v1/namespaces', { metadata: { name: NS } });
  await client.json('POST', '/clusters/root/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCRD());
  await client.json('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', { metadata: { name: LC_WORKSPACE } });
  for (let i = 0; ; i++) {
    const ws = await client.json<{ status?: { phase?: string } }>(
      'GET',
      `/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/${LC_WORKSPACE}`,
    );
    const served = await client.discover('root');
    if (ws.status?.phase === 'Ready' && served.some((s) => s.group === FUZZ_GROUP)) break;
    if (i > 100) throw new Error('fuzz set-up: the workspace or the CRD did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  const served = await client.discover('root');
  const { components, byKind } = await client.schemas('root');
  const targets: Target[] = [];
  for (const s of served) {
    const key = kindKey(s.group, s.version, s.kind);
    const component = byKind.get(key);
    const schema = component ? components[component] : undefined;
    const paths = schema ? schemaPaths(schema, components) : [];
    const path = `${s.group ? `/apis/${s.group}` : '/api'}/${s.version}${s.namespaced ? `/namespaces/${NS}` : ''}/${s.plural}`;
    const target: Target = { served: s, key, paths, verbs: verbsOf(s), collection: `/clusters/root${path}` };
    if (schema) target.schema = schema;
    if (s.kind === 'LogicalCluster') {
      target.collection = `/clusters/root:${LC_WORKSPACE}${path}`;
      target.only = 'cluster';
      target.verbs = target.verbs.filter((v) => v !== 'create' && v !== 'malformed' && v !== 'delete');
    }
    if (target.verbs.length) targets.push(target);
  }
  log(`fuzzing ${targets.length} kinds of ${daemon.url}: ${targets.map((t) => t.key).join(', ')}`);
  return { targets, components };
}

function withTypeMeta(t: Target, obj: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: t.served.group ? `${t.served.group}/${t.served.version}` : t.served.version, kind: t.served.kind, ...obj };
}

/** Names valid for every kind (CRDs need plural.group; kcp names are DNS labels). */
function freshName(t: Target, n: number): string {
  if (t.served.kind === 'CustomResourceDefinition') return `f${n}.${FUZZ_GROUP}`;
  return `fuzz-${n}`;
}

function nameIn(r: Reply, fallback: string): string {
  try {
    return (JSON.parse(r.text) as { metadata?: { name?: string } }).metadata?.name ?? fallback;
  } catch {
    return fallback;
  }
}

type Send = (what: string, method: string, path: string, body?: string | Buffer, contentType?: string) => Promise<Reply>;

/** The object update-like verbs work on: created once per kind from its seed. */
async function base(bases: Map<string, string | null>, t: Target, send: Send): Promise<string | undefined> {
  if (t.only) return t.only;
  const key = `${t.collection}`;
  const name = `fuzz-base-${t.served.plural.slice(0, 30)}`.replace(/\./g, '-');
  const have = bases.get(key);
  if (have === null) return undefined;
  const got = await send(
    `${t.key} get base`,
    'GET',
    `${t.collection}/${t.served.kind === 'CustomResourceDefinition' ? `base.${FUZZ_GROUP}` : name}`,
  );
  if (got.status === 200) return nameIn(got, name);
  const seedName = t.served.kind === 'CustomResourceDefinition' ? `base.${FUZZ_GROUP}` : name;
  const created = await send(
    `${t.key} create base`,
    'POST',
    t.collection,
    JSON.stringify(withTypeMeta(t, seedFor(t.key, seedName, NS, t.schema, {}))),
  );
  if (created.status >= 300) {
    bases.set(key, null);
    return undefined;
  }
  bases.set(key, seedName);
  return seedName;
}

/** A merge patch carrying the edited top-level fields (null where an edit removed one). */
function mergePatch(edited: Record<string, unknown>, edits: Edit[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const e of edits) {
    const top = (e.op === 'extra' && e.path.length === 0 ? e.key : e.path[0]) as string | undefined;
    if (top === undefined) continue;
    patch[top] = top in edited ? edited[top] : null;
  }
  return patch;
}

const pointer = (path: Segment[]) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** A JSON patch doing the edits: add (which replaces) or remove, after adding the parents a path lacks. */
function jsonPatch(cur: Record<string, unknown>, edits: Edit[]): unknown[] {
  const ops: unknown[] = [];
  for (const e of edits) {
    const path = e.op === 'extra' ? [...e.path, e.key] : e.path;
    if (!path.length) continue;
    let node: unknown = cur;
    for (let i = 0; i < path.length - 1; i++) {
      const next = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[path[i]!] : undefined;
      if (next === undefined || next === null || typeof next !== 'object') {
        ops.push({ op: 'add', path: pointer(path.slice(0, i + 1)), value: typeof path[i + 1] === 'number' ? [] : {} });
        node = typeof path[i + 1] === 'number' ? [] : {};
      } else node = next;
    }
    ops.push(e.op === 'delete' ? { op: 'remove', path: pointer(path) } : { op: 'add', path: pointer(path), value: e.value });
  }
  return ops;
}

const DELETE_OPTIONS_PATHS: Segment[][] = [
  ['propagationPolicy'],
  ['gracePeriodSeconds'],
  ['preconditions'],
  ['preconditions', 'uid'],
  ['preconditions', 'resourceVersion'],
  ['dryRun'],
  ['dryRun', 0],
  ['orphanDependents'],
  ['apiVersion'],
  ['kind'],
];
const TOKEN_REQUEST_PATHS: Segment[][] = [
  ['spec'],
  ['spec', 'expirationSeconds'],
  ['spec', 'audiences'],
  ['spec', 'audiences', 0],
  ['spec', 'boundObjectRef'],
  ['spec', 'boundObjectRef', 'name'],
  ['metadata'],
  ['apiVersion'],
];

/** Edits generated for one kind, aimed at another body's fields (DeleteOptions, TokenRequest): same values, other paths. */
function retarget(paths: Segment[][]): (e: Edit) => Edit {
  return (e) => {
    const path = paths[(e.path.length * 7 + String(e.path[e.path.length - 1] ?? '').length) % paths.length]!;
    return e.op === 'delete'
      ? { op: 'delete', path }
      : e.op === 'set'
        ? { op: 'set', path, value: e.value }
        : { op: 'extra', path: path.slice(0, -1), key: e.key, value: e.value };
  };
}

/** The server still serves: ready, and every kind lists (a stored object of the wrong type could break a list). */
async function alive(client: FuzzClient, targets: Target[], report: FuzzReport, log: (l: string) => void): Promise<boolean> {
  const ready = await client.send('GET', '/readyz').catch(() => ({ status: 0, text: '' }));
  if (ready.status !== 200) {
    log(`/readyz answered ${ready.status}`);
    return false;
  }
  for (const t of targets) {
    if (!t.served.verbs.includes('list')) continue;
    const r = await client.send('GET', t.collection).catch(() => ({ status: 0, text: '' }));
    if (r.status !== 200) {
      report.findings.push({
        what: `${t.key} list after the run`,
        request: `GET ${t.collection}`,
        status: r.status,
        answer: r.text.slice(0, 500),
      });
      return false;
    }
  }
  return true;
}
