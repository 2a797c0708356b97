// core/v1 ServiceAccount, and its token subresource (POST …/serviceaccounts/<name>/token, `kubectl create token`)
// when the daemon issues ServiceAccount tokens.
import type { ServiceAccountTokens } from '../../auth/service-account-tokens.js';
import { createTokenRequest } from '../../auth/token-request.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { ok } from '../../registry/call.js';
import { define } from '../../registry/define.js';
import type { SubresourceHandler } from '../../registry/strategy.js';
import { age, AGE, col } from '../../registry/table-cells.js';
import { verbs } from '../../registry/lazy-verbs.js';
import type { ResourceDef } from '../../registry/types.js';

const TOKEN_REQUEST = { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };

/** TokenRequests for the ServiceAccount the URL names, answered with a bound token (auth/token-request.ts). */
export function tokenSubresource(tokens: ServiceAccountTokens): SubresourceHandler {
  return {
    kind: TOKEN_REQUEST,
    verbs: ['create'],
    async create(reg, call) {
      const { decodeComponent } = await verbs.load();
      // The body is checked against its Go type before anything reads it.
      if (call.body !== undefined) decodeComponent('io.k8s.api.authentication.v1.TokenRequest', TOKEN_REQUEST, call.body);
      const body = createTokenRequest({
        cluster: call.cluster,
        namespace: call.namespace,
        name: call.name ?? '',
        body: call.body,
        now: reg.now(),
        get: (key) => reg.store.get(key),
        tokens,
      });
      return ok(body, 201);
    },
  };
}

export class ServiceAccountStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef, tokens?: ServiceAccountTokens) {
    super(resource, {
      table: {
        columns: [
          col('Secrets', 'Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount', 'integer'),
          AGE,
        ],
        cells: (o, now) => [((o['secrets'] as unknown[]) ?? []).length, age(o, now)],
      },
    });
    if (tokens) this.subresources = { token: tokenSubresource(tokens) };
  }
}

/** ServiceAccounts; with `tokens`, their token subresource issues bound tokens. */
export function serviceAccounts(tokens?: ServiceAccountTokens): ResourceDef {
  return define(
    {
      group: '',
      version: 'v1',
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      schemaName: 'io.k8s.api.core.v1.ServiceAccount',
    },
    (r) => new ServiceAccountStrategy(r, tokens),
  );
}
