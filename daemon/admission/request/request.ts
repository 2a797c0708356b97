// The AdmissionRequest kube sends to webhooks and binds as `request` in CEL: what is asked, of what, by whom.
import { randomUUID } from 'node:crypto';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes } from '../../registry/admission.js';

export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind: { group: string; version: string; kind: string };
  requestResource: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  object: KObject | null;
  oldObject: KObject | null;
  dryRun: boolean;
  options: { apiVersion: string; kind: string };
}

const OPTIONS_KIND = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

export function admissionRequest(a: AdmissionAttributes): AdmissionRequest {
  const { def, ctx } = a;
  const kind = { group: def.group, version: def.version, kind: def.kind };
  const resource = { group: def.group, version: def.version, resource: def.plural };
  const user = ctx.user;
  const userInfo: AdmissionRequest['userInfo'] = { username: user.username };
  if (user.uid) userInfo.uid = user.uid;
  if (user.groups.length) userInfo.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length) userInfo.extra = user.extra;
  const req: AdmissionRequest = {
    uid: randomUUID(),
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    operation: a.operation,
    userInfo,
    object: a.object ?? null,
    oldObject: a.oldObject ?? null,
    dryRun: ctx.dryRun,
    options: { apiVersion: 'meta.k8s.io/v1', kind: OPTIONS_KIND[a.operation] },
  };
  if (a.subresource) {
    req.subResource = a.subresource;
    req.requestSubResource = a.subresource;
  }
  const name = a.name || a.object?.metadata.name;
  if (name) req.name = name;
  if (a.namespace && def.namespaced) req.namespace = a.namespace;
  return req;
}
