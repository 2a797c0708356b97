// Admission of apis.kcp.io objects, as kcp's plugins: an APIResourceSchema is validated (and its spec kept) by
// pkg/admission/apiresourceschema, and an APIBinding may name an export only if its writer may `bind` it in the
// export's workspace (pkg/admission/apibinding): the refusal is the same whether or not the export exists, so it
// reveals nothing of other workspaces.
import { fieldErrorString, forbidden } from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import { validateAPIResourceSchema, validateAPIResourceSchemaUpdate } from '../apis/apis-kcp/apiresourceschema-validation.js';
import { API_BINDINGS, API_RESOURCE_SCHEMAS, specOf, type APIBindingSpec } from '../apis/apis-kcp/names.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/admission.js';
import { deepEqual } from '../registry/meta.js';
import type { UserInfo } from '../registry/types.js';

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
