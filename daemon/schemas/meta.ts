// meta/v1 schemas shared by every kind.
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, freeform, int, list, mapOf, META, obj, ref, str, time } from './build.js';

export const metaSchemas: Record<string, Schema> = {
  [`${META}.Time`]: { type: 'string', format: 'date-time', description: 'Time is a timestamp in RFC 3339 form, second precision.' },
  [`${META}.FieldsV1`]: { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
  [`${META}.OwnerReference`]: obj(
    'OwnerReference contains enough information to let you identify an owning object.',
    {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool('If true, the owner cannot be deleted from storage before this reference is removed (foreground deletion).'),
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}.ManagedFieldsEntry`]: obj('ManagedFieldsEntry records the fields a field manager owns and how it set them.', {
    apiVersion: str('The API version the fields were set in.'),
    fieldsType: str('The format of the fields field; only "FieldsV1".'),
    fieldsV1: { ...ref(`${META}.FieldsV1`), description: 'The set of owned fields.' },
    manager: str('The identifier of the workflow managing these fields.'),
    operation: str('Apply or Update.'),
    subresource: str('The subresource the object was written through, if any.'),
    time: time('When the fields were last changed.'),
  }),
  [`${META}.ObjectMeta`]: obj('ObjectMeta is metadata that all persisted resources must have.', {
    annotations: mapOf(str(''), 'Annotations is an unstructured key value map stored with a resource that may be set by external tools.'),
    creationTimestamp: time('When the object was created; set by the server, read-only.'),
    deletionGracePeriodSeconds: int('Seconds allowed for graceful termination before removal; set by the server.', 'int64'),
    deletionTimestamp: time('When the object will be (or started being) deleted; set by the server.'),
    finalizers: list(str(''), 'Finalizers must be empty before the object is deleted from storage.', {
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    generateName: str('A prefix the server uses to generate a unique name when name is empty.'),
    generation: int('A sequence number representing a specific generation of the desired state.', 'int64'),
    labels: mapOf(str(''), 'Map of string keys and values that can be used to organize and categorize objects.'),
    managedFields: atomic(ref(`${META}.ManagedFieldsEntry`), 'Which field managers own which fields (server-side apply).'),
    name: str('Name must be unique within a namespace. Cannot be updated.'),
    namespace: str('The namespace the object lives in; empty for cluster-scoped objects.'),
    ownerReferences: list(
      ref(`${META}.OwnerReference`),
      'Objects this object depends on; when all owners are deleted it is garbage collected.',
      {
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
    ),
    resourceVersion: str('An opaque value for optimistic concurrency and watches; set by the server.'),
    selfLink: str('Deprecated; not set.'),
    uid: str('The unique identifier of this object in time and space; set by the server.'),
  }),
  [`${META}.ListMeta`]: obj('ListMeta describes metadata that synthetic resources must have.', {
    continue: str('Token for the next page of a paginated list.'),
    remainingItemCount: int('Number of items after this page.', 'int64'),
    resourceVersion: str('The resourceVersion the list was read at.'),
    selfLink: str('Deprecated; not set.'),
  }),
  [`${META}.LabelSelectorRequirement`]: obj(
    'A selector requirement: a key, an operator and values.',
    {
      key: str('The label key.'),
      operator: str('In, NotIn, Exists or DoesNotExist.'),
      values: atomic(str(''), 'Values for In and NotIn.'),
    },
    { required: ['key', 'operator'] },
  ),
  [`${META}.LabelSelector`]: obj(
    'A label query over a set of resources.',
    {
      matchExpressions: atomic(ref(`${META}.LabelSelectorRequirement`), 'Requirements; all must match.'),
      matchLabels: mapOf(str(''), 'Key/value pairs that must match.'),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}.FieldSelectorRequirement`]: obj(
    'A field selector requirement: a key, an operator and values.',
    {
      key: str('The field selector key.'),
      operator: str('In, NotIn, Exists or DoesNotExist.'),
      values: atomic(str(''), 'Values for In and NotIn.'),
    },
    { required: ['key', 'operator'] },
  ),
  [`${META}.Condition`]: obj(
    'Condition contains details for one aspect of the current state of a resource.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('A human readable message.'),
      observedGeneration: int('The generation the condition was set for.', 'int64'),
      reason: str('A CamelCase reason for the last transition.'),
      status: str('True, False or Unknown.'),
      type: str('The type of condition.'),
    },
    { required: ['type', 'status'] },
  ),
  [`${META}.Status`]: obj('Status is the return value of calls that do not return other objects.', {
    apiVersion: str('APIVersion of this representation.'),
    code: int('Suggested HTTP return code.'),
    details: freeform('Extended data associated with the reason.'),
    kind: str('Kind of this representation.'),
    message: str('A human-readable description of the status.'),
    metadata: ref(`${META}.ListMeta`),
    reason: str('A machine-readable description of why the operation is in the Failure status.'),
    status: str('Success or Failure.'),
  }),
  [`${META}.Patch`]: {
    type: 'object',
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [`${META}.DeleteOptions`]: obj('DeleteOptions may be provided when deleting an API object.', {
    apiVersion: str('APIVersion of this representation.'),
    dryRun: atomic(str(''), 'When present, modifications are not persisted ("All").'),
    gracePeriodSeconds: int('Seconds before the object should be deleted.', 'int64'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool(
      'Deletes a corrupt object that cannot be read from storage; may break the cluster.',
    ),
    kind: str('Kind of this representation.'),
    orphanDependents: bool('Deprecated: use propagationPolicy.'),
    preconditions: obj('Conditions that must be fulfilled before deletion.', {
      resourceVersion: str('The target resourceVersion.'),
      uid: str('The target UID.'),
    }),
    propagationPolicy: str('Orphan, Background or Foreground.'),
  }),
};
