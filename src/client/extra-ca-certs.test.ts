import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, daemonProcess, defaultTrust } from './extra-ca-certs.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-extra-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultTrust', () => {
  it("is node's default when nothing was deferred", () => {
    expect(defaultTrust({})).toBeUndefined();
  });

  it("is node's roots and the deferred file, as NODE_EXTRA_CA_CERTS would have made it", () => {
    const file = join(dir, 'extra.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nextra\n-----END CERTIFICATE-----\n');
    const trust = defaultTrust({ KCPX_EXTRA_CA_CERTS: file });
    expect(trust).toHaveLength(rootCertificates.length + 1);
    expect(trust!.slice(0, -1)).toEqual([...rootCertificates]);
    expect(trust!.at(-1)).toContain('extra');
  });

  it("names node's bundled roots when node was started with an empty store", () => {
    expect(defaultTrust({ KCPX_NAMED_TRUST: '1' })).toEqual([...rootCertificates]);
    const warnings: string[] = [];
    expect(defaultTrust({ KCPX_NAMED_TRUST: '1', KCPX_EXTRA_CA_CERTS: join(dir, 'gone.pem') }, (t) => warnings.push(t))).toEqual([
      ...rootCertificates,
    ]);
    expect(warnings).toHaveLength(1);
  });

  it('skips a file it cannot read with node’s own warning', () => {
    const warnings: string[] = [];
    const file = join(dir, 'missing.pem');
    expect(defaultTrust({ KCPX_EXTRA_CA_CERTS: file }, (t) => warnings.push(t))).toBeUndefined();
    expect(warnings).toEqual([
      `Warning: Ignoring extra certs from \`${file}\`, load failed: ENOENT: no such file or directory, open '${file}'\n`,
    ]);
  });
});

describe('childEnv', () => {
  it('gives a started process NODE_EXTRA_CA_CERTS back, and not the deferred name', () => {
    expect(childEnv({ KUBECONFIG: '/k' }, { PATH: '/bin', KCPX_EXTRA_CA_CERTS: '/ca.pem' })).toEqual({
      PATH: '/bin',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      KUBECONFIG: '/k',
    });
  });

  it('never hands on the empty certificate store a plugin launcher chose for itself', () => {
    const env = { PATH: '/bin', KCPX_NAMED_TRUST: '1', SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: '/dev/null' };
    expect(childEnv({}, env)).toEqual({ PATH: '/bin' });
    expect(childEnv({}, { ...env, SSL_CERT_DIR: '/etc/ssl/certs' })).toEqual({ PATH: '/bin', SSL_CERT_DIR: '/etc/ssl/certs' });
  });

  it('passes the environment on as it is when nothing was deferred', () => {
    expect(childEnv({}, { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/set.pem' })).toEqual({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/set.pem' });
  });
});

describe('daemonProcess', () => {
  it('defers NODE_EXTRA_CA_CERTS, whether the user set it or the CLI already deferred it', () => {
    expect(daemonProcess({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/set.pem' }).env['KCPX_EXTRA_CA_CERTS']).toBe('/set.pem');
    expect(daemonProcess({ PATH: '/bin', KCPX_EXTRA_CA_CERTS: '/ca.pem' }).env['KCPX_EXTRA_CA_CERTS']).toBe('/ca.pem');
    expect(daemonProcess({ PATH: '/bin', NODE_EXTRA_CA_CERTS: '/set.pem' }).env['NODE_EXTRA_CA_CERTS']).toBeUndefined();
  });

  it('starts node with an empty OpenSSL store, whose connections name what they trust', () => {
    expect(daemonProcess({ PATH: '/bin' })).toEqual({
      nodeArgs: ['--use-openssl-ca'],
      env: { PATH: '/bin', KCPX_NAMED_TRUST: '1', SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: '/dev/null' },
    });
    // A plugin launcher's own empty store is replaced by the daemon's, not handed on as the user's.
    const plugin = { PATH: '/bin', KCPX_NAMED_TRUST: '1', SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: '/dev/null' };
    expect(daemonProcess(plugin)).toEqual(daemonProcess({ PATH: '/bin' }));
  });

  it("leaves node's store alone when NODE_OPTIONS chooses one", () => {
    const env = { PATH: '/bin', NODE_OPTIONS: '--use-bundled-ca', NODE_EXTRA_CA_CERTS: '/set.pem' };
    expect(daemonProcess(env)).toEqual({ nodeArgs: [], env });
  });
});
