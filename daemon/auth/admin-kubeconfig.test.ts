import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { adminKubeconfig } from './admin-kubeconfig.js';

describe('adminKubeconfig', () => {
  it('is the kubeconfig document kcp writes, with every value read back as the same string', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const doc = YAML.parse(
      adminKubeconfig('https://127.0.0.1:6443', pem, { kcpAdmin: '0123456789', shardAdmin: 'yes', user: '-x: y # z' }),
      {
        version: '1.1',
      },
    ) as Record<string, unknown>;
    const ca = Buffer.from(pem).toString('base64');
    expect(doc).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'base', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': ca } },
        { name: 'root', cluster: { server: 'https://127.0.0.1:6443/clusters/root', 'certificate-authority-data': ca } },
        { name: 'system:admin', cluster: { server: 'https://127.0.0.1:6443/clusters/system:admin', 'certificate-authority-data': ca } },
      ],
      contexts: [
        { name: 'base', context: { cluster: 'base', user: 'kcp-admin' } },
        { name: 'root', context: { cluster: 'root', user: 'kcp-admin' } },
        { name: 'shard-base', context: { cluster: 'base', user: 'shard-admin' } },
        { name: 'system:admin', context: { cluster: 'system:admin', user: 'shard-admin' } },
        { name: 'user', context: { cluster: 'root', user: 'user' } },
      ],
      'current-context': 'root',
      users: [
        { name: 'kcp-admin', user: { token: '0123456789' } },
        { name: 'shard-admin', user: { token: 'yes' } },
        { name: 'user', user: { token: '-x: y # z' } },
      ],
      preferences: {},
    });
  });

  it('leaves the unprivileged user out when there is none', () => {
    const doc = YAML.parse(adminKubeconfig('https://h:1', 'x', { kcpAdmin: 't', shardAdmin: 's' })) as {
      contexts: unknown[];
      users: unknown[];
    };
    expect(doc.contexts).toHaveLength(4);
    expect(doc.users).toHaveLength(2);
  });
});
