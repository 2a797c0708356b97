// certificates.k8s.io/v1 CertificateSigningRequest (the `certificates` battery), as kube's CSR strategies: the
// requester's identity is recorded on create, the spec never changes, and the two halves of the status have their
// own subresources — `approval` (the Approved/Denied conditions, what `kubectl certificate approve|deny` writes) and
// `status` (the certificate and other conditions, what a signer writes). Who may approve or sign for a signer is
// admission's business (admission.ts).
import { humanDuration } from '../../apimachinery/duration.js';
import type { KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { clone } from '../../registry/meta.js';
import { patch } from '../../registry/patch.js';
import { get as read } from '../../registry/read.js';
import type { SubresourceHandler } from '../../registry/strategy.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { RequestContext, ResourceDef } from '../../registry/types.js';
import { update } from '../../registry/write.js';
import { APPROVED, certificateOf, conditionsOf, DENIED, FAILED, specOf, validateCSR } from './validation.js';
import { loadX509 } from './x509.js';

/** kubectl's CONDITION column: the decision, then Failed and Issued. */
export function csrCondition(o: KObject): string {
  const types = new Set(conditionsOf(o).map((c) => c.type));
  let s = types.has(DENIED) ? 'Denied' : types.has(APPROVED) ? 'Approved' : 'Pending';
  if (types.has(FAILED)) s += ',Failed';
  if (certificateOf(o)) s += ',Issued';
  return s;
}

/** A subresource written as the object: `reset` takes from storage all that it may not change. */
function subresource(
  reset: (desired: KObject, old: KObject) => KObject,
  path: { approval?: boolean; certificate?: boolean },
): SubresourceHandler {
  return {
    verbs: ['get', 'patch', 'update'],
    updateStrategy: {
      resetFields(desired, old) {
        const next = reset(desired, old);
        next.metadata.managedFields = desired.metadata.managedFields ?? old.metadata.managedFields;
        next.metadata.resourceVersion = desired.metadata.resourceVersion;
        return next;
      },
      // Everything the subresource may not change was taken from storage above (kube's PrepareForUpdate of its
      // approval and status strategies); the resource's own preparation would undo the change.
      prepareForUpdate: () => undefined,
      validateUpdate: (obj, old) => validateCSR(obj, old, path),
    },
    get: read,
    update: (reg, call) => update(reg, call),
    patch: (reg, call) => patch(reg, call),
  };
}

const statusOf = (o: KObject) => ({ ...((o['status'] as Record<string, unknown> | undefined) ?? {}) });

export class CertificateSigningRequestStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      nameRule: () => [],
      fieldSelectors: { 'spec.signerName': (o) => specOf(o).signerName },
      table: {
        columns: [
          AGE,
          col('SignerName', 'Name of the signer'),
          col('Requestor', 'Name of the requestor'),
          col('RequestedDuration', 'Requested certificate duration'),
          col('Condition', 'Condition of the request'),
        ],
        cells: (o, now) => {
          const secs = specOf(o).expirationSeconds;
          return [
            age(o, now),
            specOf(o).signerName ?? '',
            get(o, 'spec', 'username') ?? '',
            secs === undefined ? '<none>' : humanDuration(secs * 1000),
            csrCondition(o),
          ];
        },
      },
    });
    this.subresources = {
      // The approval decision only: the conditions come from the request, the rest from storage.
      approval: subresource(
        (desired, old) => {
          const next = clone(old);
          next['status'] = { ...statusOf(old), conditions: conditionsOf(desired) };
          if (!conditionsOf(desired).length) delete (next['status'] as Record<string, unknown>)['conditions'];
          return next;
        },
        { approval: true },
      ),
      // What a signer writes: everything in status but the conditions that approve or deny.
      status: subresource(
        (desired, old) => {
          const next = clone(old);
          const status = statusOf(desired);
          const conditions = (old['status'] as { conditions?: unknown } | undefined)?.conditions;
          if (conditions === undefined) delete status['conditions'];
          else status['conditions'] = conditions;
          next['status'] = status;
          return next;
        },
        { certificate: true },
      ),
    };
  }

  prepare(): Promise<unknown> | undefined {
    return loadX509();
  }

  /** The requester is whoever creates it, and nothing starts approved. */
  override prepareForCreate(obj: KObject, ctx: RequestContext): void {
    const spec = { ...specOf(obj) } as Record<string, unknown>;
    delete spec['username'];
    delete spec['uid'];
    delete spec['groups'];
    delete spec['extra'];
    spec['username'] = ctx.user.username;
    if (ctx.user.uid) spec['uid'] = ctx.user.uid;
    if (ctx.user.groups.length) spec['groups'] = [...ctx.user.groups];
    if (ctx.user.extra && Object.keys(ctx.user.extra).length) spec['extra'] = clone(ctx.user.extra);
    obj['spec'] = spec;
    obj['status'] = {};
  }

  /** Immutable after creation except through the subresources. */
  override prepareForUpdate(obj: KObject, old: KObject): void {
    obj['spec'] = clone(old['spec'] ?? {});
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = clone(old['status']);
  }

  override validate(obj: KObject): ReturnType<BuiltinStrategy['validate']> {
    return validateCSR(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): ReturnType<BuiltinStrategy['validate']> {
    return validateCSR(obj, old);
  }
}

export const certificateSigningRequests = define(
  {
    group: 'certificates.k8s.io',
    version: 'v1',
    kind: 'CertificateSigningRequest',
    plural: 'certificatesigningrequests',
    namespaced: false,
    shortNames: ['csr'],
    battery: 'certificates',
    schemaName: 'io.k8s.api.certificates.v1.CertificateSigningRequest',
  },
  (r) => new CertificateSigningRequestStrategy(r),
);
