// Which group/version/kind decodes with which descriptor: every built-in kind kcpx serves from kube's API groups
// (client-go sends them all as protobuf), checked by kinds.test.ts against the served list. Custom resources and
// kcp's own kinds are JSON-only on kcp too: the envelope decoder answers 415 for them.
import * as admission from './admissionregistration.js';
import { CustomResourceDefinition } from './apiextensions.js';
import { APIService } from './apiregistration.js';
import * as authn from './authentication.js';
import * as authz from './authorization.js';
import { Scale } from './autoscaling.js';
import { CertificateSigningRequest } from './certificates.js';
import { Lease } from './coordination.js';
import * as core from './core.js';
import * as events from './events.js';
import { FlowSchema, PriorityLevelConfiguration } from './flowcontrol.js';
import { DeleteOptions } from './meta.js';
import type { MessageType } from './descriptor.js';
import * as rbac from './rbac.js';

const byGroupVersion: Record<string, Record<string, MessageType>> = {
  v1: {
    Namespace: core.Namespace,
    ConfigMap: core.ConfigMap,
    Secret: core.Secret,
    ServiceAccount: core.ServiceAccount,
    ResourceQuota: core.ResourceQuota,
    Event: core.Event,
  },
  'authentication.k8s.io/v1': {
    TokenRequest: authn.TokenRequest,
    SelfSubjectReview: authn.SelfSubjectReview,
    TokenReview: authn.TokenReview,
  },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: authz.SelfSubjectAccessReview,
    SelfSubjectRulesReview: authz.SelfSubjectRulesReview,
    SubjectAccessReview: authz.SubjectAccessReview,
    LocalSubjectAccessReview: authz.LocalSubjectAccessReview,
  },
  'rbac.authorization.k8s.io/v1': {
    Role: rbac.Role,
    ClusterRole: rbac.ClusterRole,
    RoleBinding: rbac.RoleBinding,
    ClusterRoleBinding: rbac.ClusterRoleBinding,
  },
  'coordination.k8s.io/v1': { Lease },
  'events.k8s.io/v1': { Event: events.Event },
  'certificates.k8s.io/v1': { CertificateSigningRequest },
  'admissionregistration.k8s.io/v1': {
    ValidatingWebhookConfiguration: admission.ValidatingWebhookConfiguration,
    MutatingWebhookConfiguration: admission.MutatingWebhookConfiguration,
    ValidatingAdmissionPolicy: admission.ValidatingAdmissionPolicy,
    ValidatingAdmissionPolicyBinding: admission.ValidatingAdmissionPolicyBinding,
  },
  'admissionregistration.k8s.io/v1beta1': {
    MutatingAdmissionPolicy: admission.MutatingAdmissionPolicy,
    MutatingAdmissionPolicyBinding: admission.MutatingAdmissionPolicyBinding,
  },
  'apiextensions.k8s.io/v1': { CustomResourceDefinition },
  'flowcontrol.apiserver.k8s.io/v1': { FlowSchema, PriorityLevelConfiguration },
  'apiregistration.k8s.io/v1': { APIService },
  'autoscaling/v1': { Scale },
};

/** The descriptor for a kind, or undefined when protobuf is not supported for it. */
export function messageFor(apiVersion: string, kind: string): MessageType | undefined {
  // DeleteOptions is registered in every group version (metav1.AddToGroupVersion): a DELETE body names the group
  // version of what it deletes.
  if (kind === 'DeleteOptions' && apiVersion !== '') return DeleteOptions;
  const kinds = Object.hasOwn(byGroupVersion, apiVersion) ? byGroupVersion[apiVersion]! : undefined;
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** `apiVersion/Kind` of every supported kind, for docs and tests. */
export function supportedKinds(): string[] {
  return Object.entries(byGroupVersion).flatMap(([gv, kinds]) => Object.keys(kinds).map((k) => `${gv}/${k}`));
}
