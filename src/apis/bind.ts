// `kubectl kcp bind apiexport`: creates an APIBinding to an APIExport and waits until it is Bound, as kcp's plugin
// (cli/pkg/bind/plugin/bind.go) does: the reference is `<path>:<export>`, claims are `resource.group` (`core` for the
// core group), and the output is kcp's.
import { responseError, type ApiClient } from '../client/api.js';
import { cliError } from '../errors/catalogue.js';

export interface BindOptions {
  /** `<workspace path>:<export name>`. */
  reference: string;
  name?: string;
  acceptClaims: string[];
  rejectClaims: string[];
  acceptAllClaims: boolean;
  timeoutMs: number;
  /** The workspace the binding goes to (a path). */
  workspace: string;
  log(line: string): void;
}

interface Claim {
  group: string;
  resource: string;
  identityHash?: string;
  verbs: string[];
  selector: { matchAll: boolean };
  state: 'Accepted' | 'Rejected';
}

const PATH_RE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Splits `<path>:<export>` at its last colon; the path must be a workspace path. */
export function parseExportReference(ref: string): { path: string; name: string } {
  const at = ref.lastIndexOf(':');
  const path = at < 0 ? '' : ref.slice(0, at);
  const name = at < 0 ? ref : ref.slice(at + 1);
  if (!path || !name || !PATH_RE.test(path)) {
    throw cliError('invalidExportReference');
  }
  return { path, name };
}

/** `resource.group` (`core` for the core group) → group and resource. */
export function parseClaim(text: string, state: Claim['state']): Claim {
  const dot = text.indexOf('.');
  if (dot <= 0) throw cliError('invalidPermissionClaim', text);
  const resource = text.slice(0, dot);
  const group = text.slice(dot + 1);
  return { group: group === 'core' ? '' : group, resource, verbs: ['*'], selector: { matchAll: true }, state };
}

export async function bindAPIExport(client: ApiClient, opts: BindOptions): Promise<void> {
  const ref = parseExportReference(opts.reference);
  const claims = [...opts.acceptClaims.map((c) => parseClaim(c, 'Accepted')), ...opts.rejectClaims.map((c) => parseClaim(c, 'Rejected'))];
  if (opts.acceptAllClaims) {
    const r = await client.call<{ spec?: { permissionClaims?: Array<{ group?: string; resource: string; identityHash?: string }> } }>(
      'GET',
      `/clusters/${ref.path}/apis/apis.kcp.io/v1alpha2/apiexports/${ref.name}`,
    );
    if (r.status !== 200) throw responseError(r);
    for (const c of r.body.spec?.permissionClaims ?? []) {
      const claim: Claim = { group: c.group ?? '', resource: c.resource, verbs: ['*'], selector: { matchAll: true }, state: 'Accepted' };
      if (c.identityHash) claim.identityHash = c.identityHash;
      claims.push(claim);
    }
  }
  const name = opts.name ?? ref.name;
  const base = `/clusters/${opts.workspace}/apis/apis.kcp.io/v1alpha2/apibindings`;
  const binding = {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIBinding',
    metadata: { name },
    spec: { reference: { export: { path: ref.path, name: ref.name } }, ...(claims.length ? { permissionClaims: claims } : {}) },
  };
  const created = await client.call('POST', base, binding);
  if (created.status !== 201 && created.status !== 200) throw responseError(created);
  opts.log(`apibinding ${name} created. Waiting to successfully bind ...`);
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const r = await client.call<{ status?: { phase?: string } }>('GET', `${base}/${name}`);
    if (r.status === 200 && r.body.status?.phase === 'Bound') break;
    if (Date.now() >= deadline) {
      throw cliError('bindTimedOut', name);
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  opts.log(`${name} created and bound.`);
}
