// Reads the connection details of a mount target from a kubeconfig (the KubeCluster's Secret).
import type { YamlParser } from '../apimachinery/decoding/yaml.js';
import { parseYAMLBounded } from '../apimachinery/decoding/yaml-limits.js';

export interface TargetConnection {
  server: string;
  ca?: string;
  insecure?: boolean;
  token?: string;
  cert?: string;
  key?: string;
}

type Named<T> = { name: string } & T;
interface KubeconfigDoc {
  'current-context'?: string;
  clusters?: Array<Named<{ cluster: { server: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean } }>>;
  contexts?: Array<Named<{ context: { cluster: string; user: string } }>>;
  users?: Array<Named<{ user: { token?: string; 'client-certificate-data'?: string; 'client-key-data'?: string } }>>;
}

/** A tenant writes the kubeconfig: it is parsed within the same bounds as a request body. */
export function connectionFromKubeconfig(yaml: YamlParser, text: string, context?: string): TargetConnection {
  const doc = parseYAMLBounded(yaml, text) as KubeconfigDoc | null;
  if (!doc || typeof doc !== 'object') throw new Error('the kubeconfig is empty or not YAML');
  const ctxName = context || doc['current-context'];
  const ctx = doc.contexts?.find((c) => c.name === ctxName)?.context;
  if (!ctx) throw new Error(`context "${ctxName ?? ''}" not found in the kubeconfig`);
  const cluster = doc.clusters?.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster?.server) throw new Error(`cluster "${ctx.cluster}" not found in the kubeconfig`);
  const user = doc.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const conn: TargetConnection = { server: cluster.server.replace(/\/+$/, '') };
  const ca = cluster['certificate-authority-data'];
  if (ca) conn.ca = Buffer.from(ca, 'base64').toString('utf8');
  if (cluster['insecure-skip-tls-verify']) conn.insecure = true;
  if (user.token) conn.token = user.token;
  if (user['client-certificate-data']) conn.cert = Buffer.from(user['client-certificate-data'], 'base64').toString('utf8');
  if (user['client-key-data']) conn.key = Buffer.from(user['client-key-data'], 'base64').toString('utf8');
  return conn;
}
