// The admin kubeconfig kcpx writes on start, shaped like kcp's (createKubeConfig in kcp's
// pkg/server/options/authentication.go): clusters `base`, `root` and `system:admin`; contexts `base` and `root`
// for `kcp-admin`, `system:admin` and `shard-base` for `shard-admin`, and the unprivileged `user` context; current
// context `root`. Entries are in the order clientcmd writes kcp's maps: sorted by name.
//
// Its shape is fixed, so it is written from a template rather than through the YAML library (which costs a cold
// start ~70 ms to load). Every value is a JSON string literal, which YAML reads as the same string whatever it
// contains — a token of digits stays a string.

export interface AdminTokens {
  kcpAdmin: string;
  shardAdmin: string;
  user?: string;
}

export function adminKubeconfig(url: string, caPem: string, tokens: AdminTokens): string {
  const q = (s: string) => JSON.stringify(s);
  const ca = q(Buffer.from(caPem).toString('base64'));
  const cluster = (name: string, server: string) => [
    `- name: ${q(name)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${ca}`,
  ];
  const context = (name: string, clusterName: string, user: string) => [
    `- name: ${q(name)}`,
    '  context:',
    `    cluster: ${q(clusterName)}`,
    `    user: ${q(user)}`,
  ];
  const user = (name: string, token: string) => [`- name: ${q(name)}`, '  user:', `    token: ${q(token)}`];
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...cluster('base', url),
    ...cluster('root', `${url}/clusters/root`),
    ...cluster('system:admin', `${url}/clusters/system:admin`),
    'contexts:',
    ...context('base', 'base', 'kcp-admin'),
    ...context('root', 'root', 'kcp-admin'),
    ...context('shard-base', 'base', 'shard-admin'),
    ...context('system:admin', 'system:admin', 'shard-admin'),
    ...(tokens.user ? context('user', 'root', 'user') : []),
    'current-context: "root"',
    'users:',
    ...user('kcp-admin', tokens.kcpAdmin),
    ...user('shard-admin', tokens.shardAdmin),
    ...(tokens.user ? user('user', tokens.user) : []),
    'preferences: {}',
  ];
  return `${lines.join('\n')}\n`;
}
