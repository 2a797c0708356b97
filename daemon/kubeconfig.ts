// The admin kubeconfig kcpx writes on start, shaped like kcp's: clusters/contexts `root` and `base`,
// user `kcp-admin`, current context `root`.
import YAML from 'yaml';

export function adminKubeconfig(url: string, caPem: string, token: string, userToken?: string): string {
  const ca = Buffer.from(caPem).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'base', cluster: { server: url, 'certificate-authority-data': ca } },
      { name: 'root', cluster: { server: `${url}/clusters/root`, 'certificate-authority-data': ca } },
    ],
    contexts: [
      { name: 'base', context: { cluster: 'base', user: 'kcp-admin' } },
      { name: 'root', context: { cluster: 'root', user: 'kcp-admin' } },
      ...(userToken ? [{ name: 'user', context: { cluster: 'root', user: 'user' } }] : []),
    ],
    'current-context': 'root',
    users: [{ name: 'kcp-admin', user: { token } }, ...(userToken ? [{ name: 'user', user: { token: userToken } }] : [])],
    preferences: {},
  };
  return YAML.stringify(doc, { version: '1.1' });
}
