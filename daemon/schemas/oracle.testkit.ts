// Test support: where the upstream OpenAPI document lives (../shared/oracle, a test oracle that is never shipped)
// and which built-in kinds kcpx models completely. Imported by tests only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ORACLE = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/oracle/kubernetes-v1.35.0-swagger.json');

/** Why the oracle tests did not run: they skip saying so, and fail in CI, where the oracle is meant to be there. */
export const ORACLE_ABSENT = `the test oracle ${ORACLE} is absent (it lives beside the project, in ../shared/oracle, and is never copied into it)`;

/** The upstream Swagger document, or undefined where the oracle is absent. */
export function readOracle<T>(): T | undefined {
  return existsSync(ORACLE) ? (JSON.parse(readFileSync(ORACLE, 'utf8')) as T) : undefined;
}

/** Kinds whose whole structure kcpx reproduces (the others keep parts free-form on purpose). */
export const FULLY_MODELLED_KINDS = [
  'io.k8s.api.core.v1.ConfigMap',
  'io.k8s.api.core.v1.Secret',
  'io.k8s.api.core.v1.Namespace',
  'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.coordination.v1.Lease',
  'io.k8s.api.rbac.v1.Role',
  'io.k8s.api.rbac.v1.ClusterRole',
  'io.k8s.api.rbac.v1.RoleBinding',
  'io.k8s.api.rbac.v1.ClusterRoleBinding',
  'io.k8s.api.flowcontrol.v1.FlowSchema',
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
] as const;

/** Kinds that are computed, never stored or listed (reviews, TokenRequest), modelled completely as well. */
export const FULLY_MODELLED_REVIEW_KINDS = [
  'io.k8s.api.authentication.v1.TokenReview',
  'io.k8s.api.authentication.v1.TokenRequest',
  'io.k8s.api.authentication.v1.SelfSubjectReview',
  'io.k8s.api.authorization.v1.SubjectAccessReview',
  'io.k8s.api.authorization.v1.LocalSubjectAccessReview',
  'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
  'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
] as const;
