// apiregistration.k8s.io/v1 APIService validation, as kube-aggregator's: the name is `<version>.<group>`, priorities
// are bounded, a Local APIService (no service) has no TLS settings, a service reference is complete.
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../apimachinery/validation.js';

export interface ServiceReference {
  namespace?: string;
  name?: string;
  port?: number;
}

export interface APIServiceSpec {
  group?: string;
  version?: string;
  service?: ServiceReference | null;
  caBundle?: string;
  insecureSkipTLSVerify?: boolean;
  groupPriorityMinimum?: number;
  versionPriority?: number;
}

export const apiServiceSpec = (o: KObject): APIServiceSpec => o['spec'] ?? {};

export function validateAPIService(obj: KObject): FieldError[] {
  const spec = apiServiceSpec(obj);
  const group = spec.group ?? '';
  const version = spec.version ?? '';
  const errs: FieldError[] = [];
  const required = `${version}.${group}`;
  const name = obj.metadata.name ?? '';
  if (name && name !== required) {
    errs.push(fieldErr.invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`));
  }
  if (!group && version !== 'v1') {
    errs.push(fieldErr.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
  }
  if (group) for (const e of isDNS1123Subdomain(group)) errs.push(fieldErr.invalid('spec.group', group, e));
  for (const e of isDNS1035Label(version)) errs.push(fieldErr.invalid('spec.version', version, e));
  const gpm = spec.groupPriorityMinimum ?? 0;
  if (gpm <= 0 || gpm > 20000) errs.push(fieldErr.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'));
  const vp = spec.versionPriority ?? 0;
  if (vp <= 0 || vp > 1000) errs.push(fieldErr.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'));
  const caBytes = spec.caBundle ? Buffer.from(spec.caBundle, 'base64').length : 0;
  if (!spec.service) {
    if (caBytes) errs.push(fieldErr.invalid('spec.caBundle', `${caBytes} bytes`, 'local APIServices may not have a caBundle'));
    if (spec.insecureSkipTLSVerify) {
      errs.push(fieldErr.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'));
    }
    return errs;
  }
  if (!spec.service.namespace) errs.push(fieldErr.required('spec.service.namespace'));
  if (!spec.service.name) errs.push(fieldErr.required('spec.service.name'));
  const port = spec.service.port ?? 443;
  if (!(port >= 1 && port <= 65535)) {
    errs.push(fieldErr.invalid('spec.service.port', port, 'port is not valid: must be between 1 and 65535, inclusive'));
  }
  if (spec.insecureSkipTLSVerify && caBytes > 0) {
    errs.push(fieldErr.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  }
  return errs;
}

/** ValidateAPIServiceStatus: condition statuses are True, False or Unknown. */
export function validateAPIServiceStatus(obj: KObject): FieldError[] {
  const conds = ((obj['status'] as { conditions?: Array<{ status?: string }> } | undefined)?.conditions ?? []) as Array<{
    status?: string;
  }>;
  const errs: FieldError[] = [];
  conds.forEach((c, i) => {
    if (c.status !== 'True' && c.status !== 'False' && c.status !== 'Unknown') {
      errs.push(fieldErr.notSupported(`status.conditions[${i}].status`, c.status ?? '', ['True', 'False', 'Unknown']));
    }
  });
  return errs;
}
