// Test support: a registry over an in-memory shard serving the built-ins, and calls of its verbs as the API
// handler makes them. Imported by tests only.
import { builtinResources, type BuiltinDeps } from '../apis/index.js';
import { StatusError, type Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { CallResult, ResourceCall } from './call.js';
import { Catalogs } from './catalog.js';
import { remove } from './delete.js';
import { patch } from './patch.js';
import { get } from './read.js';
import { Registry } from './registry.js';
import { ALL_BATTERIES, type ResourceDef } from './types.js';
import { create, update } from './write.js';

export interface VerbHarness {
  reg: Registry;
  def(group: string, plural: string): ResourceDef;
  call(
    def: ResourceDef,
    opts: { namespace?: string; name?: string; subresource?: string; query?: string; body?: unknown; contentType?: string },
  ): ResourceCall;
  create(def: ResourceDef, body: KObject, namespace?: string): Promise<KObject>;
  update(
    def: ResourceDef,
    name: string,
    body: unknown,
    opts?: { namespace?: string; subresource?: string; query?: string },
  ): Promise<CallResult>;
  patch(
    def: ResourceDef,
    name: string,
    type: string,
    body: unknown,
    opts?: { namespace?: string; subresource?: string; query?: string },
  ): Promise<CallResult>;
  delete(def: ResourceDef, name: string, body: unknown, opts?: { namespace?: string; query?: string }): Promise<CallResult>;
  get(def: ResourceDef, name: string, namespace?: string): KObject | undefined;
  close(): void;
}

export function verbHarness(extraDefs: ResourceDef[] = [], deps: BuiltinDeps = {}): VerbHarness {
  const store = new SqliteStore({ path: ':memory:' });
  const reg = new Registry(store, new Catalogs([...builtinResources(new Set(ALL_BATTERIES), deps), ...extraDefs], () => []));
  const h: VerbHarness = {
    reg,
    def(group, plural) {
      const d = [...reg.catalogs.builtins].find((x) => x.group === group && x.plural === plural);
      if (!d) throw new Error(`no ${plural}.${group}`);
      return d;
    },
    call(def, o) {
      const c: ResourceCall = {
        cluster: 'root',
        def,
        namespace: o.namespace ?? (def.namespaced ? 'default' : ''),
        query: new URLSearchParams(o.query ?? ''),
        ctx: { cluster: 'root', user: { username: 'admin', groups: ['system:masters'] }, now: new Date(), dryRun: false },
        userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/abc',
      };
      if (o.name !== undefined) c.name = o.name;
      if (o.subresource !== undefined) c.subresource = o.subresource;
      if (o.body !== undefined) c.body = o.body;
      if (o.contentType !== undefined) c.contentType = o.contentType;
      return c;
    },
    async create(def, body, namespace) {
      return (await create(reg, h.call(def, { body: structuredClone(body), ...(namespace ? { namespace } : {}) }))).body as KObject;
    },
    update: (def, name, body, o = {}) => update(reg, h.call(def, { ...o, name, body: structuredClone(body) })),
    patch: (def, name, type, body, o = {}) => patch(reg, h.call(def, { ...o, name, body, contentType: type })),
    delete: (def, name, body, o = {}) => remove(reg, h.call(def, { ...o, name, ...(body === undefined ? {} : { body }) })),
    get(def, name, namespace) {
      let read: ReturnType<typeof get>;
      try {
        read = get(reg, h.call(def, { name, ...(namespace ? { namespace } : {}) }));
      } catch {
        return undefined;
      }
      // The testkit's kinds convert nothing, so their reads answer at once.
      if (read instanceof Promise) throw new Error(`${def.plural} converts through a round trip: read it asynchronously`);
      return read.body as KObject;
    },
    close: () => store.close(),
  };
  return h;
}

/** The Status a rejected promise carries. */
export async function statusOf(p: Promise<unknown>): Promise<Status> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a refusal');
}
