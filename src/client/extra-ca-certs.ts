// NODE_EXTRA_CA_CERTS, deferred. When it is set, node parses its ~140 bundled root certificates and every certificate
// of that file as the process starts, before any JavaScript runs: ~60 ms of CPU per process on a 2-core machine,
// more than all the rest of `kubectl ws .`. Yet the CLI's connections verify against those roots only when a
// kubeconfig names no CA (a CA of its own replaces node's roots, the extra ones included). So bin/'s launchers hand
// the file on as KCPX_EXTRA_CA_CERTS; it is read here only for such a connection, and every process the CLI starts
// (`kcpx run`'s command) gets NODE_EXTRA_CA_CERTS back as the user set it — but the daemon, whose start it would
// slow as much, and which reads it the same way (daemonProcess). The plugins' launchers also
// start node with an empty OpenSSL store (NAMED_TRUST): the CAs a connection trusts are then always named here.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

export const DEFERRED_EXTRA_CA_CERTS = 'KCPX_EXTRA_CA_CERTS';
/**
 * Set by the plugins' launchers, which start node with an empty OpenSSL store (node 20 otherwise builds a store of its
 * bundled roots at the first TLS connection, even one that trusts only the kubeconfig's CA): every connection then
 * names the CAs it trusts.
 */
export const NAMED_TRUST = 'KCPX_NAMED_TRUST';

/**
 * The CAs a connection without a CA of its own trusts: node's bundled roots and the deferred extra certificates, as
 * node's default store would have them; undefined (that default store) when node was started with it. An unreadable
 * file is skipped with node's own warning.
 */
export function defaultTrust(
  env: NodeJS.ProcessEnv = process.env,
  warn: (text: string) => void = (t) => process.stderr.write(t),
): string[] | undefined {
  const file = env[DEFERRED_EXTRA_CA_CERTS];
  const named = env[NAMED_TRUST] === '1';
  if (!file && !named) return undefined;
  let extra: string[] = [];
  if (file) {
    try {
      extra = [readFileSync(file, 'utf8')];
    } catch (err) {
      warn(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${(err as Error).message}\n`);
      if (!named) return undefined;
    }
  }
  return [...rootCertificates, ...extra];
}

/**
 * The environment of a process the CLI starts: the user's, NODE_EXTRA_CA_CERTS as they set it, then `extra`; never
 * the empty OpenSSL store a plugin launcher chose for itself (any TLS client started with it would trust nothing).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = env[DEFERRED_EXTRA_CA_CERTS];
  const named = env[NAMED_TRUST] !== undefined;
  if (file === undefined && !named) return { ...env, ...extra };
  const rest = { ...env };
  delete rest[DEFERRED_EXTRA_CA_CERTS];
  if (named) {
    delete rest[NAMED_TRUST];
    for (const v of ['SSL_CERT_FILE', 'SSL_CERT_DIR']) if (rest[v] === '/dev/null') delete rest[v];
  }
  return { ...rest, ...(file !== undefined && { NODE_EXTRA_CA_CERTS: file }), ...extra };
}

/** NODE_OPTIONS that choose node's certificate store: a choice the daemon's start leaves alone. */
const STORE_CHOSEN = /(^|\s)--use-(openssl|bundled)-ca(\s|$)/;

/**
 * How the CLI starts the daemon: with a child's environment (childEnv), NODE_EXTRA_CA_CERTS deferred as the CLI's own,
 * and — unless NODE_OPTIONS chooses a store — node's OpenSSL store empty (NAMED_TRUST), as the plugins' launchers
 * start node. Otherwise node parses the extra certificates as it starts, and its ~140 bundled roots when the daemon
 * makes its serving TLS context (which trusts only the daemon's CA): 20–45 ms of every start. The daemon's
 * connections that name no CA of their own trust those roots and the deferred file (defaultTrust), as node's default
 * store would.
 */
export function daemonProcess(env: NodeJS.ProcessEnv = process.env): { nodeArgs: string[]; env: NodeJS.ProcessEnv } {
  const child = childEnv({}, env);
  // The store chosen is then node's to build as it was told, NODE_EXTRA_CA_CERTS included.
  if (STORE_CHOSEN.test(child['NODE_OPTIONS'] ?? '')) return { nodeArgs: [], env: child };
  const file = child['NODE_EXTRA_CA_CERTS'];
  delete child['NODE_EXTRA_CA_CERTS'];
  const deferred = file === undefined ? {} : { [DEFERRED_EXTRA_CA_CERTS]: file };
  return {
    nodeArgs: ['--use-openssl-ca'],
    env: { ...child, ...deferred, [NAMED_TRUST]: '1', SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: '/dev/null' },
  };
}
