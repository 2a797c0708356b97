// Test support: the parts of the upstream Kubernetes OpenAPI document the schema tests compare against (extracted
// into test/fixtures/openapi-oracle.json by scripts/openapi-oracle.ts from the oracle in ../shared/oracle, which is
// never shipped), and which built-in kinds kcpx models completely. Imported by tests only.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/openapi-oracle.json');

export interface OracleSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, OracleSchema>;
  items?: OracleSchema;
  required?: string[];
  [k: string]: unknown;
}

export interface OracleOperation {
  operationId: string;
  'x-kubernetes-action'?: string;
  'x-kubernetes-group-version-kind'?: unknown;
  tags?: string[];
  /** Patch operations only. */
  consumes?: string[];
  /** The names of every parameter, the path's own included. */
  parameters: string[];
}

export interface Oracle {
  definitions: Record<string, OracleSchema>;
  paths: Record<string, Record<string, OracleOperation>>;
  /** The paths kcpx served, when the fixture was made, that upstream does not. */
  notUpstream: string[];
}

/** The upstream definitions and operations; a missing fixture fails the tests that need it, never skips them. */
export function readOracle(): Oracle {
  if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} is missing; regenerate it with \`npx tsx scripts/openapi-oracle.ts\` (reads ../shared/oracle)`);
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Oracle;
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
