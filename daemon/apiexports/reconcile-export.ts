// The apiexport controller's reconciler (kcp's pkg/reconciler/apis/apiexport): every APIExport gets an identity —
// a Secret `kcp-system/<export>` holding 256 random bits, unless spec.identity names another — whose sha256 is
// status.identityHash, and a default APIExportEndpointSlice named after it (owned by it) unless annotated otherwise.
import { createHash } from 'node:crypto';
import type { KObject } from '../apimachinery/types.js';
import { IDENTITY_NAMESPACE, SKIP_ENDPOINT_SLICE, statusOf, type APIExportSpec, type Condition } from '../apis/apis-kcp/names.js';
import { markFalse, markTrue } from './conditions.js';

export interface ExportDeps {
  now(): Date;
  /** The export as v1alpha2, or undefined. */
  getExport(cluster: string, name: string): KObject | undefined;
  getSecret(cluster: string, namespace: string, name: string): KObject | undefined;
  /** Creates the identity Secret (and its namespace if needed); false when it already exists. */
  createSecret(cluster: string, secret: KObject): boolean;
  /** Writes the export's spec and status as given (optimistic: false when the version read is gone). */
  updateExport(cluster: string, exp: KObject): boolean;
  getEndpointSlice(cluster: string, name: string): KObject | undefined;
  createEndpointSlice(cluster: string, slice: KObject): void;
  /** 32 random bytes. */
  randomKey(): Buffer;
}

export type ExportOutcome = 'gone' | 'deleting' | 'identity-invalid' | 'ready' | 'conflict';

/** kcp's identity hash: the hex sha256 of the Secret's `key`. */
export function identityHash(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex');
}

export function reconcileExport(deps: ExportDeps, cluster: string, name: string): ExportOutcome {
  const exp = deps.getExport(cluster, name);
  if (!exp) return 'gone';
  if (exp.metadata.deletionTimestamp) return 'deleting';
  const now = deps.now();
  const next = structuredClone(exp);
  const spec = (next['spec'] ??= {}) as APIExportSpec;
  const ref = spec.identity?.secretRef;
  const defaulted = !ref?.name;
  if (defaulted) spec.identity = { ...spec.identity, secretRef: { namespace: IDENTITY_NAMESPACE, name } };
  const secretRef = spec.identity!.secretRef as { namespace: string; name: string };
  secretRef.namespace ||= IDENTITY_NAMESPACE;

  const status = statusOf<{ identityHash?: string; conditions?: Condition[] }>(next);
  let conditions = status.conditions ?? [];
  let outcome: ExportOutcome = 'ready';
  let secret = deps.getSecret(cluster, secretRef.namespace, secretRef.name);
  if (!secret && defaulted) {
    const created: KObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: secretRef.namespace, name: secretRef.name },
      type: 'Opaque',
      data: { key: deps.randomKey().toString('base64') },
    };
    deps.createSecret(cluster, created);
    secret = deps.getSecret(cluster, secretRef.namespace, secretRef.name);
  }
  const key = (secret?.['data'] as Record<string, string> | undefined)?.['key'];
  if (!secret || !key) {
    conditions = markFalse(
      conditions,
      'IdentityValid',
      secret ? 'IdentityVerificationFailed' : 'IdentityNotFound',
      'Error',
      secret
        ? `identity secret ${secretRef.namespace}/${secretRef.name} has no key`
        : `identity secret ${secretRef.namespace}/${secretRef.name} not found`,
      now,
    );
    outcome = 'identity-invalid';
  } else {
    const hash = identityHash(Buffer.from(key, 'base64'));
    if (status.identityHash && status.identityHash !== hash) {
      conditions = markFalse(
        conditions,
        'IdentityValid',
        'IdentityVerificationFailed',
        'Error',
        'hash mismatch: identity secret changed',
        now,
      );
      outcome = 'identity-invalid';
    } else {
      status.identityHash = hash;
      conditions = markTrue(conditions, 'IdentityValid', now);
    }
  }
  conditions = markTrue(conditions, 'VirtualWorkspaceURLsReady', now);
  status.conditions = conditions;
  next['status'] = status;
  if (JSON.stringify(next) !== JSON.stringify(exp) && !deps.updateExport(cluster, next)) return 'conflict';

  if (!exp.metadata.annotations?.[SKIP_ENDPOINT_SLICE] && !deps.getEndpointSlice(cluster, name)) {
    deps.createEndpointSlice(cluster, {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIExportEndpointSlice',
      metadata: {
        name,
        ownerReferences: [
          {
            apiVersion: 'apis.kcp.io/v1alpha2',
            kind: 'APIExport',
            name,
            uid: exp.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { export: { path: cluster, name } },
    });
  }
  return outcome;
}
