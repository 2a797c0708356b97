// TokenRequest (POST …/namespaces/<ns>/serviceaccounts/<name>/token, `kubectl create token`): kube's TokenREST
// (pkg/registry/core/serviceaccount/storage/token.go) for a control plane without pods or nodes — a token is bound
// to its ServiceAccount and optionally to a Secret, never to a Pod or a Node.
import { badRequest, conflict, fieldErr, invalid, notFound } from '../apimachinery/status.js';
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import type { ObjectKey } from '../storage/store.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';

const KIND = 'TokenRequest.authentication.k8s.io';
const GROUP = 'authentication.k8s.io';
/** The versioned default of spec.expirationSeconds (one hour). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
/** ValidateTokenRequest's bounds: ten minutes to 2^32 seconds. */
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

export interface TokenRequestCall {
  cluster: string;
  namespace: string;
  /** The ServiceAccount's name, from the URL. */
  name: string;
  /** The decoded TokenRequest body (may be empty). */
  body: unknown;
  now: Date;
  get(key: ObjectKey): KObject | undefined;
  tokens: ServiceAccountTokens;
}

interface TokenRequestBody {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    audiences?: string[] | null;
    expirationSeconds?: number | null;
    boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
  };
}

/** The TokenRequest kube answers with (201): the spec as applied, and the token in status. */
export function createTokenRequest(call: TokenRequestCall): KObject {
  const req = (call.body ?? {}) as TokenRequestBody;
  const meta = req.metadata ?? {};
  if (meta.name && meta.name !== call.name) {
    throw invalid(
      KIND,
      call.name,
      [fieldErr.invalid('metadata.name', meta.name, 'must match the service account name if specified')],
      GROUP,
    );
  }
  if (meta.namespace && meta.namespace !== call.namespace) {
    throw invalid(
      KIND,
      call.name,
      [fieldErr.invalid('metadata.namespace', meta.namespace, 'must match the service account namespace if specified')],
      GROUP,
    );
  }
  const sa = call.get({ cluster: call.cluster, resource: '/serviceaccounts', namespace: call.namespace, name: call.name });
  if (!sa) throw notFound({ group: '', resource: 'serviceaccounts' }, call.name);

  const spec = req.spec ?? {};
  const audiences = spec.audiences?.length ? [...spec.audiences] : [...call.tokens.apiAudiences];
  const expirationSeconds = Number(spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS);
  const errors = [];
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    errors.push(fieldErr.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration less than 10 minutes'));
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    errors.push(fieldErr.invalid('spec.expirationSeconds', expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  }
  if (errors.length) throw invalid(KIND, '', errors, GROUP);

  const ref = spec.boundObjectRef ?? undefined;
  let secret: { name: string; uid: string } | undefined;
  if (ref) {
    const { group, version } = splitApiVersion(ref.apiVersion ?? '');
    const kind = ref.kind ?? '';
    if (group !== '' || kind !== 'Secret') throw badRequest(`cannot bind token to object of type ${group}/${version}, Kind=${kind}`);
    const name = ref.name ?? '';
    const obj = call.get({ cluster: call.cluster, resource: '/secrets', namespace: call.namespace, name });
    if (!obj) throw notFound({ group: '', resource: 'secrets' }, name);
    const uid = obj.metadata.uid ?? '';
    if (ref.uid && ref.uid !== uid) {
      throw conflict(
        { group: '', resource: kind },
        name,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    secret = { name, uid };
  }

  const issued = call.tokens.issue({
    cluster: call.cluster,
    namespace: call.namespace,
    name: call.name,
    uid: sa.metadata.uid ?? '',
    audiences,
    expirationSeconds,
    now: call.now.getTime(),
    ...(secret ? { secret } : {}),
  });
  return {
    kind: 'TokenRequest',
    apiVersion: `${GROUP}/v1`,
    metadata: { name: call.name, namespace: call.namespace, creationTimestamp: timestamp(call.now) },
    spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
    status: { token: issued.token, expirationTimestamp: timestamp(new Date(call.now.getTime() + expirationSeconds * 1000)) },
  };
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
