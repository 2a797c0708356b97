// Admission of apis.kcp.io objects, as kcp's plugins: an APIResourceSchema is validated (and its spec kept) by
// pkg/admission/apiresourceschema, and an APIBinding may name an export only if its writer may `bind` it in the
// export's workspace (pkg/admission/apibinding): the refusal is the same whether or not the export exists, so it
// reveals nothing of other workspaces. A CRD may not take a group and resource a binding of its workspace serves
// (pkg/admission/crdnooverlappinggvr), and an APIExport's claims on resources that are not built in must name
// their export's identity (pkg/admission/apiexport).
import { fieldErr, fieldErrorString, forbidden, methodNotAllowedMessage } from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import { validateAPIResourceSchema, validateAPIResourceSchemaUpdate } from '../apis/apis-kcp/apiresourceschema-validation.js';
import { CRDS } from '../apiextensions/custom-resources.js';
import {
  API_BINDINGS,
  API_EXPORTS,
  API_RESOURCE_SCHEMAS,
  GROUP,
  specOf,
  statusOf,
  type APIBindingStatus,
  type APIBindingSpec,
  type APIExportSpec,
} from '../apis/apis-kcp/names.js';
import { isBuiltInClaimable } from './claims.js';
import { CLAIM_LABEL_PREFIX, hasClaimLabels, withClaimLabels, type ClaimLabeler } from './claim-labels.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/admission.js';
import { deepEqual } from '../registry/meta.js';
import type { ResourceDef, UserInfo } from '../registry/types.js';

export interface BindAdmissionDeps {
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  exportExists(cluster: string, name: string): boolean;
  /** Whether the user may `bind` the export, by the RBAC of the export's workspace. */
  mayBind(cluster: string, user: UserInfo, name: string): boolean;
}

/** kube's admission.NewForbidden for a list of field errors: `… is forbidden: [a, b]`. */
function refuse(a: AdmissionAttributes, errs: FieldError[]): never {
  throw forbidden({ group: a.def.group, resource: a.def.plural }, a.name, `[${errs.map(fieldErrorString).join(', ')}]`);
}

export function apiResourceSchemaAdmission(): AdmissionPlugin {
  return {
    name: 'apis.kcp.io/APIResourceSchema',
    resources: new Set([API_RESOURCE_SCHEMAS]),
    validate(a) {
      if (!a.object) return;
      const errs =
        a.operation === 'UPDATE' && a.oldObject
          ? validateAPIResourceSchemaUpdate(a.object, a.oldObject)
          : validateAPIResourceSchema(a.object);
      if (errs.length) refuse(a, errs);
    },
  };
}

const exportRef = (o: KObject) => specOf<APIBindingSpec>(o).reference?.export;

export function apiBindingAdmission(deps: BindAdmissionDeps): AdmissionPlugin {
  return {
    name: 'apis.kcp.io/APIBinding',
    resources: new Set([API_BINDINGS]),
    validate(a) {
      if (!a.object || a.subresource) return;
      const ref = exportRef(a.object);
      if (!ref?.name) return;
      if (a.operation === 'UPDATE' && a.oldObject && deepEqual(ref, exportRef(a.oldObject))) return;
      if (a.operation !== 'CREATE' && a.operation !== 'UPDATE') return;
      const path = ref.path ?? '';
      const action = a.operation === 'CREATE' ? 'create' : 'update';
      const denied = forbidden(
        { group: a.def.group, resource: a.def.plural },
        a.name,
        `unable to ${action} APIBinding: no permission to bind to export ${path ? `${path}:${ref.name}` : ref.name}`,
      );
      let cluster: string | undefined;
      if (path === '') cluster = a.ctx.cluster;
      else if (path === 'root') cluster = 'root';
      else {
        cluster = deps.resolveCluster(path);
        if (cluster === undefined || !deps.exportExists(cluster, ref.name)) throw denied;
      }
      if (!deps.mayBind(cluster, a.ctx.user, ref.name)) throw denied;
    },
  };
}

export interface CRDOverlapDeps {
  /** Every APIBinding of a cluster, as v1alpha2. */
  listBindings(cluster: string): KObject[];
}

/** kcp's CRDNoOverlappingGVR: a new CRD may not serve what a binding of its workspace already serves. */
export function crdNoOverlappingBindingAdmission(deps: CRDOverlapDeps): AdmissionPlugin {
  return {
    name: 'apis.kcp.io/CRDNoOverlappingGVR',
    resources: new Set([CRDS]),
    validate(a) {
      if (a.operation !== 'CREATE' || !a.object || a.subresource) return;
      const spec = specOf<{ group?: string; names?: { plural?: string } }>(a.object);
      const group = spec.group ?? '';
      const plural = spec.names?.plural;
      const holder = deps
        .listBindings(a.ctx.cluster)
        .find((b) => statusOf<APIBindingStatus>(b).boundResources?.some((r) => r.group === group && r.resource === plural));
      if (holder) {
        throw forbidden(
          { group: a.def.group, resource: a.def.plural },
          a.name,
          `cannot create because resource is bound by APIBinding "${holder.metadata.name}"`,
        );
      }
    },
  };
}

/** kcp's APIExport admission: a claim on a resource that is not built in must say whose (its export's identity). */
export function apiExportAdmission(): AdmissionPlugin {
  return {
    name: 'apis.kcp.io/APIExport',
    resources: new Set([API_EXPORTS]),
    validate(a) {
      if (!a.object || a.subresource || (a.operation !== 'CREATE' && a.operation !== 'UPDATE')) return;
      const claims = specOf<APIExportSpec>(a.object).permissionClaims ?? [];
      const i = claims.findIndex((c) => !c.identityHash && !isBuiltInClaimable(c.group ?? '', c.resource) && c.group !== GROUP);
      if (i >= 0) {
        const err = fieldErr.invalid(
          `spec.permissionClaims[${i}].identityHash`,
          '',
          'identityHash is required for API types that are not built-in',
        );
        throw forbidden({ group: a.def.group, resource: a.def.plural }, a.name, fieldErrorString(err));
      }
    },
  };
}

/**
 * No new objects of a resource whose binding is being deleted: kcp serves it as a terminating CRD, and kube's CRD
 * handler refuses creates while its CRD terminates (in the words kcpx uses for its own terminating CRDs).
 */
export function terminatingBindingAdmission(isTerminating: (def: ResourceDef) => boolean): AdmissionPlugin {
  return {
    name: 'apis.kcp.io/APIBindingTerminating',
    validate(a) {
      if (a.operation !== 'CREATE' || a.subresource || !isTerminating(a.def)) return;
      throw methodNotAllowedMessage(
        { group: a.def.group, resource: a.def.plural },
        'create not allowed while custom resource definition is terminating',
      );
    },
  };
}

/**
 * kcp's permission claims admission: every write of an object is given the claim labels of the claims its
 * workspace's bindings accepted and that cover it, and loses the others; nobody else may set them. Writes in
 * workspaces whose bindings accept no claim, of objects without claim labels, cost a map lookup.
 */
export function claimLabelAdmission(labeler: ClaimLabeler): AdmissionPlugin {
  const expected = (a: AdmissionAttributes): Record<string, string> | undefined => {
    if (a.subresource || !a.object || (a.operation !== 'CREATE' && a.operation !== 'UPDATE')) return undefined;
    const labels = a.object.metadata.labels;
    if (!labeler.claims(a.ctx.cluster) && !hasClaimLabels(labels)) return undefined;
    return labeler.labelsFor(a.ctx.cluster, a.def.group, a.def.plural, labels);
  };
  return {
    name: 'apis.kcp.io/PermissionClaims',
    admit(a) {
      const want = expected(a);
      if (!want || !a.object) return;
      const labels = withClaimLabels(a.object.metadata.labels, want);
      if (Object.keys(labels).length > 0 || a.object.metadata.labels) a.object.metadata.labels = labels;
    },
    validate(a) {
      const want = expected(a);
      if (!want || !a.object) return;
      const labels = a.object.metadata.labels ?? {};
      const errs: FieldError[] = [];
      for (const [k, v] of Object.entries(want)) {
        if (labels[k] !== v) errs.push(fieldErr.invalid(`metadata.labels[${k}]`, labels[k] ?? '', `must be ${JSON.stringify(v)}`));
      }
      for (const k of Object.keys(labels)) {
        if (k.startsWith(CLAIM_LABEL_PREFIX) && !(k in want))
          errs.push({ type: 'FieldValueForbidden', field: `metadata.labels[${k}]`, detail: 'must not be set' });
      }
      if (errs.length === 1) throw forbidden({ group: a.def.group, resource: a.def.plural }, a.name, fieldErrorString(errs[0]!));
      if (errs.length > 1) refuse(a, errs);
    },
  };
}
