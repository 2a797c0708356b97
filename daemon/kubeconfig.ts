// The admin kubeconfig kcpx writes on start, shaped like kcp's: clusters/contexts `root` and `base`,
// user `kcp-admin`, current context `root`.
//
// Its shape is fixed, so it is written from a template rather than through the YAML library (which costs a cold
// start ~70 ms to load). Every value is a JSON string literal, which YAML reads as the same string whatever it
// contains — a token of digits stays a string.

export function adminKubeconfig(url: string, caPem: string, token: string, userToken?: string): string {
  const q = (s: string) => JSON.stringify(s);
  const ca = q(Buffer.from(caPem).toString('base64'));
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: base',
    '  cluster:',
    `    server: ${q(url)}`,
    `    certificate-authority-data: ${ca}`,
    '- name: root',
    '  cluster:',
    `    server: ${q(`${url}/clusters/root`)}`,
    `    certificate-authority-data: ${ca}`,
    'contexts:',
    '- name: base',
    '  context:',
    '    cluster: base',
    '    user: kcp-admin',
    '- name: root',
    '  context:',
    '    cluster: root',
    '    user: kcp-admin',
    ...(userToken ? ['- name: user', '  context:', '    cluster: root', '    user: user'] : []),
    'current-context: root',
    'users:',
    '- name: kcp-admin',
    '  user:',
    `    token: ${q(token)}`,
    ...(userToken ? ['- name: user', '  user:', `    token: ${q(userToken)}`] : []),
    'preferences: {}',
  ];
  return `${lines.join('\n')}\n`;
}
