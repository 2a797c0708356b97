// apiregistration.k8s.io/v1 APIService (the `apiservices` battery), as kube-aggregator's strategy: the status is
// the system's (a subresource; cleared on create), the service port defaults to 443, and the table shows where a
// group/version is served (`Local`, or the service) and whether it is available.
import type { KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { clone } from '../../registry/meta.js';
import { statusSubresource } from '../../registry/status-subresource.js';
import { age, AGE, col } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';
import { apiServiceSpec, validateAPIService, validateAPIServiceStatus } from './validation.js';

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}

/** The Available condition as kubectl prints it: `True`, or `False (FailedDiscoveryCheck)`; `Unknown` when absent. */
export function availableCell(o: KObject): string {
  const conds = (o['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const c = conds.find((x) => x.type === 'Available');
  if (!c) return 'Unknown';
  if (c.status === 'True' || !c.reason) return c.status ?? '';
  return `${c.status} (${c.reason})`;
}

export class APIServiceStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      nameRule: 'path-segment',
      table: {
        columns: [
          col('Service', 'The reference to the service that hosts this API endpoint.'),
          col('Available', 'Whether this service is available.'),
          AGE,
        ],
        cells: (o, now) => {
          const svc = apiServiceSpec(o).service;
          return [svc ? `${svc.namespace ?? ''}/${svc.name ?? ''}` : 'Local', availableCell(o), age(o, now)];
        },
      },
    });
    const status = statusSubresource(this);
    this.subresources = {
      status: { ...status, updateStrategy: { ...status.updateStrategy!, validateUpdate: (obj) => validateAPIServiceStatus(obj) } },
    };
  }

  override prepareForCreate(obj: KObject): void {
    defaultPort(obj);
    obj['status'] = {};
  }

  override prepareForUpdate(obj: KObject, old: KObject): void {
    defaultPort(obj);
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = clone(old['status']);
  }

  override validate(obj: KObject): ReturnType<BuiltinStrategy['validate']> {
    return validateAPIService(obj);
  }
}

/** v1's SetDefaults_ServiceReference: port 443. */
function defaultPort(obj: KObject): void {
  const svc = apiServiceSpec(obj).service;
  if (svc && svc.port === undefined) svc.port = 443;
}

export const apiServices = define(
  {
    group: 'apiregistration.k8s.io',
    version: 'v1',
    kind: 'APIService',
    plural: 'apiservices',
    namespaced: false,
    battery: 'apiservices',
    categories: ['api-extensions'],
    schemaName: 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
  },
  (r) => new APIServiceStrategy(r),
);
