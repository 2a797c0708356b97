// Workspace admission, as kcp's workspace + WorkspaceTypeExists plugins: type defaulting and resolution, `use`
// permission on the type, parent/child constraints, owner and required-groups annotations, system-owned fields
// (spec.cluster, spec.URL, the logical-cluster finalizer), immutability.
import { forbidden, invalid, fieldErr } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/admission.js';
import type { UserInfo } from '../registry/types.js';
import type { Store } from '../storage/store.js';
import type { WorkspaceIndex } from './index.js';
import type { Lifecycle } from './initialization.js';
import { isSystemPrivileged } from './privileged.js';
import {
  ANN_MOUNT,
  ANN_OWNER,
  ANN_REQUIRED_GROUPS,
  logicalClusterKey,
  ROOT,
  typeString,
  WORKSPACE_FINALIZER,
  WORKSPACE_TYPES,
  WORKSPACES,
  type TypeRef,
} from '../apis/core-kcp/names.js';

const WS_GR = { group: 'tenancy.kcp.io', resource: 'workspaces' };

/**
 * Whether `user` may `use` the WorkspaceType `name` stored in logical cluster `cluster` — kcp's deep
 * SubjectAccessReview: RBAC in the type's workspace, whether or not the user may enter it.
 */
export type UseAuthorizer = (cluster: string, user: UserInfo, name: string) => boolean;

interface TypeSpec {
  initializer?: boolean;
  terminator?: boolean;
  extend?: { with?: TypeRef[] };
  defaultChildWorkspaceType?: TypeRef;
  limitAllowedParents?: { none?: boolean; types?: TypeRef[] };
  limitAllowedChildren?: { none?: boolean; types?: TypeRef[] };
  defaultAPIBindings?: Array<{ path?: string; export: string }>;
}

/** kcp's initializer of workspaces whose type (or one it extends) has defaultAPIBindings (apiexports/initializer.ts). */
const APIBINDINGS_INITIALIZER = 'system:apibindings';

export class WorkspaceAdmission implements AdmissionPlugin {
  readonly name = 'tenancy.kcp.io/Workspace';
  readonly resources = new Set([WORKSPACES]);

  /**
   * WorkspaceType specs by `<logical cluster>|<name>` (null: no such type). Every workspace create reads several
   * (parent, child, their `extend` chains); types change rarely, and every change is a store event that evicts.
   */
  private readonly types = new Map<string, TypeSpec | null>();

  constructor(
    private readonly store: Store,
    private readonly index: WorkspaceIndex,
    private readonly authorizeUse: UseAuthorizer,
  ) {}

  /** Fed the WorkspaceTypes' committed changes. */
  observe(ev: { resource: string; cluster: string; name: string }): void {
    if (ev.resource === WORKSPACE_TYPES) this.types.delete(`${ev.cluster}|${ev.name}`);
  }

  admit(a: AdmissionAttributes): void {
    if (a.operation === 'CREATE') this.admitCreate(a);
    else if (a.operation === 'UPDATE') this.admitUpdate(a);
  }

  private admitCreate(a: AdmissionAttributes): void {
    const ws = a.object!;
    const name = ws.metadata.name ?? '';
    const parent = this.index.cluster(a.ctx.cluster);
    if (!parent) throw forbidden(WS_GR, name, `logical cluster ${a.ctx.cluster} does not exist`);
    if (parent.phase !== 'Ready') throw forbidden(WS_GR, name, `parent workspace ${parent.path} is not Ready (phase ${parent.phase})`);
    const spec = (ws['spec'] as Record<string, unknown> | undefined) ?? {};
    ws['spec'] = spec;
    const privileged = isSystemPrivileged(a.ctx.user);
    if (!privileged) {
      if (spec['cluster']) throw forbidden(WS_GR, name, 'spec.Cluster can only be set by system privileged users');
      if (spec['URL']) throw forbidden(WS_GR, name, 'spec.URL can only be set by system privileged users');
    }
    delete spec['cluster'];
    delete spec['URL'];
    migrateMountAnnotation(ws);
    const mount = spec['mount'] as { ref?: Record<string, unknown> } | undefined;
    if (mount) {
      if (spec['type'])
        throw invalid(
          'Workspace.tenancy.kcp.io',
          name,
          [fieldErr.forbidden('spec.type', 'spec.type cannot be set for mounted workspaces')],
          'tenancy.kcp.io',
        );
      const ref = mount.ref;
      if (!ref || !ref['apiVersion'] || !ref['kind'] || !ref['name']) {
        throw invalid(
          'Workspace.tenancy.kcp.io',
          name,
          [fieldErr.required('spec.mount.ref', 'apiVersion, kind and name are required')],
          'tenancy.kcp.io',
        );
      }
    } else {
      spec['type'] = this.resolveType(a.ctx.cluster, parent.type, spec['type'] as Partial<TypeRef> | undefined, name, a.ctx.user);
    }
    const user = a.ctx.user;
    const owner: Record<string, unknown> = { username: user.username };
    if (user.uid) owner['uid'] = user.uid;
    if (user.groups.length) owner['groups'] = user.groups;
    const annotations: Record<string, string> = { ...(ws.metadata.annotations ?? {}), [ANN_OWNER]: JSON.stringify(owner) };
    // kcp: a child requires the groups its parent requires; only the system may choose otherwise.
    if (!privileged || annotations[ANN_REQUIRED_GROUPS] === undefined) {
      const inherited = this.store.get(logicalClusterKey(a.ctx.cluster))?.metadata.annotations?.[ANN_REQUIRED_GROUPS];
      if (inherited === undefined) delete annotations[ANN_REQUIRED_GROUPS];
      else annotations[ANN_REQUIRED_GROUPS] = inherited;
    }
    ws.metadata.annotations = annotations;
    ws.metadata.finalizers = [...new Set([...(ws.metadata.finalizers ?? []), WORKSPACE_FINALIZER])];
    ws['status'] = { phase: 'Scheduling' };
  }

  private admitUpdate(a: AdmissionAttributes): void {
    const ws = a.object!;
    const old = a.oldObject!;
    const spec = (ws['spec'] as Record<string, unknown>) ?? {};
    const oldSpec = (old['spec'] as Record<string, unknown>) ?? {};
    ws['spec'] = spec;
    const errs = [];
    if (JSON.stringify(spec['type'] ?? null) !== JSON.stringify(oldSpec['type'] ?? null))
      errs.push(fieldErr.invalid('spec.type', spec['type'] ?? null, 'field is immutable'));
    if (JSON.stringify(spec['mount'] ?? null) !== JSON.stringify(oldSpec['mount'] ?? null) && a.subresource !== 'status') {
      errs.push(fieldErr.invalid('spec.mount', spec['mount'] ?? null, 'field is immutable'));
    }
    if (oldSpec['cluster'] && !spec['cluster']) errs.push(fieldErr.invalid('spec.cluster', null, 'cluster cannot be unset'));
    if (oldSpec['URL'] && !spec['URL']) errs.push(fieldErr.invalid('spec.URL', null, 'URL cannot be unset'));
    if (errs.length) throw invalid('Workspace.tenancy.kcp.io', ws.metadata.name ?? '', errs, 'tenancy.kcp.io');
    if (isSystemPrivileged(a.ctx.user)) return;
    // spec.cluster is what routing follows (the index is rebuilt from it): the system's alone, mounts included.
    const name = ws.metadata.name ?? '';
    if ((spec['cluster'] ?? '') !== (oldSpec['cluster'] ?? ''))
      throw forbidden(WS_GR, name, 'spec.cluster can only be changed by system privileged users');
    if ((spec['URL'] ?? '') !== (oldSpec['URL'] ?? ''))
      throw forbidden(WS_GR, name, 'spec.URL can only be changed by system privileged users');
    // kcp's finalizer plugin: the finalizer that deletes the logical cluster stays until the system removes it.
    const finalizers = ws.metadata.finalizers ?? [];
    if ((old.metadata.finalizers ?? []).includes(WORKSPACE_FINALIZER) && !finalizers.includes(WORKSPACE_FINALIZER)) {
      if (ws.metadata.deletionTimestamp) throw forbidden(WS_GR, name, `removing the finalizer ${WORKSPACE_FINALIZER} is forbidden`);
      ws.metadata.finalizers = [...finalizers, WORKSPACE_FINALIZER];
    }
  }

  /** kcp: default from the parent type; find an unqualified name in this workspace, its ancestors, then root. */
  private resolveType(
    cluster: string,
    parentTypeText: string,
    requested: Partial<TypeRef> | undefined,
    name: string,
    user: UserInfo,
  ): TypeRef {
    const parentType = parseType(parentTypeText);
    const parentSpec = this.typeSpec(parentType);
    let ref: TypeRef;
    if (!requested?.name) {
      ref = parentSpec?.defaultChildWorkspaceType ?? { name: 'universal', path: ROOT };
    } else if (requested.path) {
      ref = { name: requested.name, path: requested.path };
    } else {
      ref = this.findType(cluster, requested.name) ?? { name: requested.name, path: '' };
    }
    const spec = ref.path ? this.typeSpec(ref) : undefined;
    if (!spec) {
      throw forbidden(WS_GR, name, `WorkspaceType ${ref.path ? typeString(ref) : ref.name} does not exist`);
    }
    const childAliases = this.aliases(ref);
    // kcp checks `use` on the type and on every type it extends, each in its own workspace, before the constraints.
    for (const alias of childAliases) {
      const typeRef = parseType(alias);
      const target = this.index.resolve(typeRef.path);
      if (target?.type !== 'cluster' || !this.authorizeUse(target.entry.name, user, typeRef.name)) {
        throw forbidden(WS_GR, name, `unable to use workspace type ${alias}: missing verb='use' permission on workspacetype`);
      }
    }
    const parentAliases = parentSpec ? this.aliases(parentType) : [parentTypeText];
    const childrenLimit = parentSpec?.limitAllowedChildren;
    if (childrenLimit?.none) throw forbidden(WS_GR, name, `workspace type ${parentTypeText} cannot have any child`);
    if (childrenLimit?.types?.length) {
      const allowed = childrenLimit.types.map(typeString);
      if (!childAliases.some((c) => allowed.includes(c))) {
        throw forbidden(
          WS_GR,
          name,
          `workspace type ${parentTypeText} only allows [${allowed.join(' ')}] child workspaces, but child type ${typeString(ref)} only implements [${childAliases.join(' ')}]`,
        );
      }
    }
    const parentsLimit = spec.limitAllowedParents;
    if (parentsLimit?.none) throw forbidden(WS_GR, name, `workspace type ${typeString(ref)} cannot have any parent`);
    if (parentsLimit?.types?.length) {
      const allowed = parentsLimit.types.map(typeString);
      if (!parentAliases.some((p) => allowed.includes(p))) {
        throw forbidden(
          WS_GR,
          name,
          `workspace type ${typeString(ref)} only allows [${allowed.join(' ')}] parent workspaces, but parent type ${parentTypeText} only implements [${parentAliases.join(' ')}]`,
        );
      }
    }
    return ref;
  }

  private findType(cluster: string, typeName: string): TypeRef | undefined {
    let entry = this.index.cluster(cluster);
    const tried = new Set<string>();
    while (entry && !tried.has(entry.path)) {
      tried.add(entry.path);
      if (this.storedType(entry.name, typeName)) return { name: typeName, path: entry.path };
      const parentPath = entry.path.includes(':') ? entry.path.slice(0, entry.path.lastIndexOf(':')) : undefined;
      const parent = parentPath ? this.index.byPath(parentPath) : undefined;
      entry = parent?.type === 'cluster' ? parent.entry : undefined;
    }
    if (this.storedType(ROOT, typeName)) return { name: typeName, path: ROOT };
    return undefined;
  }

  typeSpec(ref: TypeRef): TypeSpec | undefined {
    const target = this.index.resolve(ref.path);
    if (target?.type !== 'cluster') return undefined;
    return this.storedType(target.entry.name, ref.name);
  }

  private storedType(cluster: string, name: string): TypeSpec | undefined {
    const key = `${cluster}|${name}`;
    let spec = this.types.get(key);
    if (spec === undefined) {
      const obj = this.store.get({ cluster, resource: WORKSPACE_TYPES, namespace: '', name });
      spec = obj ? ((obj['spec'] as TypeSpec) ?? {}) : null;
      // Absent types are remembered too (a miss is as common as a hit in the ancestor walk); the bound keeps
      // lookups of made-up names from growing the map without limit.
      if (this.types.size >= 10_000) this.types.clear();
      this.types.set(key, spec);
    }
    return spec ?? undefined;
  }

  /** Initializer and terminator ids of a type and of everything it extends (kcp: `<type's workspace path>:<name>`). */
  lifecycle(ref: TypeRef): Lifecycle {
    const out: Lifecycle = { initializers: [], terminators: [] };
    for (const alias of this.aliases(ref)) {
      const spec = this.typeSpec(parseType(alias));
      if (spec?.initializer) out.initializers.push(alias);
      if (spec?.terminator) out.terminators.push(alias);
    }
    if (this.defaultAPIBindings(typeString(ref)).length) out.initializers.unshift(APIBINDINGS_INITIALIZER);
    return out;
  }

  /** The APIExports a new workspace of a type (`path:name`) binds: its own and those of the types it extends. */
  defaultAPIBindings(type: string): Array<{ path?: string; export: string }> {
    return this.aliases(parseType(type)).flatMap((alias) => this.typeSpec(parseType(alias))?.defaultAPIBindings ?? []);
  }

  /** The type and everything it extends, transitively, as `path:name`. */
  aliases(ref: TypeRef): string[] {
    const out: string[] = [];
    const visit = (r: TypeRef) => {
      const s = typeString(r);
      if (out.includes(s)) return;
      out.push(s);
      for (const e of this.typeSpec(r)?.extend?.with ?? []) visit(e);
    };
    visit(ref);
    return out;
  }
}

function parseType(text: string): TypeRef {
  const i = text.lastIndexOf(':');
  return i < 0 ? { name: text, path: ROOT } : { path: text.slice(0, i), name: text.slice(i + 1) };
}

/** The pre-2025 annotation form of a mount, `{"spec":{"ref":{…}}}`, becomes spec.mount. */
function migrateMountAnnotation(ws: KObject): void {
  const text = ws.metadata.annotations?.[ANN_MOUNT];
  const spec = ws['spec'] as Record<string, unknown>;
  if (!text || spec['mount']) return;
  try {
    const parsed = JSON.parse(text) as { spec?: { ref?: unknown; reference?: unknown } };
    const ref = parsed.spec?.ref ?? parsed.spec?.reference;
    if (ref) spec['mount'] = { ref };
  } catch {
    throw invalid(
      'Workspace.tenancy.kcp.io',
      ws.metadata.name ?? '',
      [fieldErr.invalid(`metadata.annotations[${ANN_MOUNT}]`, text, 'must be JSON of the form {"spec":{"ref":{…}}}')],
      'tenancy.kcp.io',
    );
  }
}
