// Schemas of apis.kcp.io (kcp serves these kinds from system CRDs; the components follow their Go types' fields).
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, freeform, kind, list, META, obj, ref, str } from './build.js';

const conditions = list(ref(`${META}.Condition`), 'Current state conditions.', {
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
});

const exportReference = obj(
  'A reference to an APIExport by workspace path and name.',
  {
    path: str('The workspace path of the APIExport; empty means the workspace of the referencing object.'),
    name: str('The name of the APIExport.'),
  },
  { required: ['name'] },
);

const claimSelector = obj('Which objects of a claimed resource the claim covers.', {
  matchAll: bool('Selects every object of the resource.'),
  matchLabels: freeform('Objects whose labels match all of these.'),
  matchExpressions: atomic(freeform('A label selector requirement.'), 'Label selector requirements.'),
});

const claimV2 = (extra: Record<string, Schema>) =>
  obj(
    'A claim to access objects of a resource in the workspaces that bind the APIExport.',
    {
      group: str('The API group of the claimed resource; empty for the core group.'),
      resource: str('The claimed resource (plural name).'),
      identityHash: str('The identity of the claimed resource when it comes from an APIExport.'),
      verbs: atomic(str(''), 'The verbs the claim allows; "*" means all.'),
      ...extra,
    },
    { required: ['resource', 'verbs'] },
  );

const claimV1 = (extra: Record<string, Schema>) =>
  obj(
    'A claim to access objects of a resource in the workspaces that bind the APIExport.',
    {
      group: str('The API group of the claimed resource; empty for the core group.'),
      resource: str('The claimed resource (plural name).'),
      identityHash: str('The identity of the claimed resource when it comes from an APIExport.'),
      all: bool('Claims every object of the resource.'),
      resourceSelector: atomic(freeform('Selects objects by name and namespace.'), 'Selected objects.'),
      ...extra,
    },
    { required: ['resource'] },
  );

const identity = obj('Where the identity of the export is kept.', {
  secretRef: obj('The Secret holding the identity key.', { namespace: str('Namespace.'), name: str('Name.') }),
});

const exportStatus = obj('The observed state of the APIExport.', {
  identityHash: str('The sha256 of the identity key; immutable once set.'),
  conditions,
  virtualWorkspaces: atomic(obj('A virtual workspace URL.', { url: str('The URL.') }), 'Deprecated: URLs of the virtual workspaces.'),
});

const maximalPermissionPolicy = obj('The maximal permissions consumers get on the exported resources.', {
  local: obj('The policy is the RBAC of the export workspace with "apis.kcp.io:binding:" prefixed subjects.', {}),
});

const bindingStatus = obj('The observed state of the APIBinding.', {
  apiExportClusterName: str('The logical cluster of the bound APIExport.'),
  boundResources: atomic(
    obj('A resource bound through the APIExport.', {
      group: str('API group.'),
      resource: str('Resource (plural name).'),
      schema: obj('The APIResourceSchema of the resource.', {
        name: str('Name of the APIResourceSchema.'),
        UID: str('UID of the APIResourceSchema.'),
        identityHash: str('Identity of the APIExport.'),
      }),
      storageVersions: atomic(str(''), 'Versions objects were stored in.'),
    }),
    'The resources bound.',
  ),
  phase: str('Binding or Bound.'),
  conditions,
  appliedPermissionClaims: atomic(freeform('An applied permission claim.'), 'The permission claims in effect.'),
  exportPermissionClaims: atomic(freeform('A permission claim of the export.'), 'The permission claims the export makes.'),
});

export const apisKcpSchemas: Record<string, Schema> = {
  'io.kcp.apis.v1alpha1.APIResourceSchema': kind(
    'apis.kcp.io',
    'v1alpha1',
    'APIResourceSchema',
    'APIResourceSchema describes a resource, identified by (group, version, resource, schema); it is immutable.',
    {
      spec: obj(
        'The resource: CustomResourceDefinition-like group, names, scope and versions.',
        {
          group: str('The API group of the resource.'),
          names: freeform('The names of the resource, as a CustomResourceDefinition names them.'),
          scope: str('Cluster or Namespaced.'),
          versions: atomic(freeform('A version of the resource with its schema.'), 'The versions of the resource.'),
          nameValidation: str('DNS1123Subdomain (default) or PathSegmentName.'),
          conversion: freeform('How objects are converted between versions.'),
        },
        { required: ['group', 'names', 'scope', 'versions'] },
      ),
    },
  ),
  'io.kcp.apis.v1alpha2.APIExport': kind(
    'apis.kcp.io',
    'v1alpha2',
    'APIExport',
    'APIExport registers an API and implementation to allow consumption by others through APIBindings.',
    {
      spec: obj('The exported API.', {
        resources: list(
          obj(
            'An exported resource.',
            {
              name: str('The resource (plural name).'),
              group: str('The API group.'),
              schema: str('The APIResourceSchema of the resource.'),
              storage: obj('How objects are stored.', { crd: obj('Stored like custom resources.', {}), virtual: freeform('Virtual.') }),
            },
            { required: ['name', 'schema', 'storage'] },
          ),
          'The exported resources.',
          { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['group', 'name'] },
        ),
        identity,
        maximalPermissionPolicy,
        permissionClaims: atomic(claimV2({}), 'Access the export claims to other resources in bound workspaces.'),
      }),
      status: exportStatus,
    },
  ),
  'io.kcp.apis.v1alpha1.APIExport': kind(
    'apis.kcp.io',
    'v1alpha1',
    'APIExport',
    'APIExport registers an API and implementation to allow consumption by others through APIBindings.',
    {
      spec: obj('The exported API.', {
        latestResourceSchemas: atomic(str(''), 'The APIResourceSchemas exported.'),
        identity,
        maximalPermissionPolicy,
        permissionClaims: atomic(claimV1({}), 'Access the export claims to other resources in bound workspaces.'),
      }),
      status: exportStatus,
    },
  ),
  'io.kcp.apis.v1alpha2.APIBinding': kind(
    'apis.kcp.io',
    'v1alpha2',
    'APIBinding',
    'APIBinding enables a set of resources and their behaviour through an external service provider in this workspace.',
    {
      spec: obj(
        'What is bound.',
        {
          reference: obj('The APIExport bound.', { export: exportReference }, { required: ['export'] }),
          permissionClaims: atomic(
            claimV2({ selector: claimSelector, state: str('Accepted or Rejected.') }),
            'The permission claims accepted or rejected.',
          ),
        },
        { required: ['reference'] },
      ),
      status: bindingStatus,
    },
  ),
  'io.kcp.apis.v1alpha1.APIBinding': kind(
    'apis.kcp.io',
    'v1alpha1',
    'APIBinding',
    'APIBinding enables a set of resources and their behaviour through an external service provider in this workspace.',
    {
      spec: obj(
        'What is bound.',
        {
          reference: obj('The APIExport bound.', { export: exportReference }, { required: ['export'] }),
          permissionClaims: atomic(claimV1({ state: str('Accepted or Rejected.') }), 'The permission claims accepted or rejected.'),
        },
        { required: ['reference'] },
      ),
      status: bindingStatus,
    },
  ),
  'io.kcp.apis.v1alpha1.APIExportEndpointSlice': kind(
    'apis.kcp.io',
    'v1alpha1',
    'APIExportEndpointSlice',
    'APIExportEndpointSlice is a sink for the endpoints of an APIExport.',
    {
      spec: obj(
        'Which export.',
        { export: exportReference, partition: str('The Partition of shards whose endpoints are listed.') },
        { required: ['export'] },
      ),
      status: obj('The endpoints.', {
        conditions,
        endpoints: list(obj('An endpoint.', { url: str('The URL of the virtual workspace.') }, { required: ['url'] }), 'The endpoints.', {
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['url'],
        }),
        shardSelector: str('The shards selected.'),
      }),
    },
  ),
};
