import * as x509 from '@peculiar/x509';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../../test/support/prerequisite.js';
import { clientIdentity, createCA, issueClientCert, issueServingCert, loadOrCreatePKI, type CA, type KeyPairPem } from './pki.js';

interface Seen {
  authorized: boolean;
  subject?: { CN?: string | string[]; O?: string | string[] };
}

/** An HTTPS server on 127.0.0.1:0 that reports what it saw of the client certificate. */
async function serve(tls: {
  key: string;
  cert: string;
  ca?: string;
  requestCert?: boolean;
}): Promise<{ port: number; close: () => Promise<void> }> {
  const server = https.createServer({ ...tls, rejectUnauthorized: false }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    const seen: Seen = { authorized: socket.authorized };
    if (peer && peer.subject) seen.subject = peer.subject;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-kcpx', seen }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function get(url: string, opts: https.RequestOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { agent: false, ...opts }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('PKI', () => {
  let ca: CA;
  let serving: KeyPairPem;
  let timings: { ca: number; serving: number; client: number };

  beforeAll(async () => {
    let t = performance.now();
    ca = await createCA();
    const tCA = performance.now() - t;
    t = performance.now();
    serving = await issueServingCert(ca, { dnsNames: ['localhost'], ips: ['127.0.0.1', '::1'] });
    const tServing = performance.now() - t;
    t = performance.now();
    await issueClientCert(ca, { user: 'warmup' });
    timings = { ca: tCA, serving: tServing, client: performance.now() - t };
    console.log(`PKI generation: CA ${tCA.toFixed(1)} ms, serving ${tServing.toFixed(1)} ms, client ${timings.client.toFixed(1)} ms`);
  });

  it('generates in well under a second', () => {
    expect(timings.ca + timings.serving + timings.client).toBeLessThan(500);
  });

  it('makes a 10-year self-signed CA named kcpx-ca with CA basic constraints and certificate-signing key usage', () => {
    const c = new X509Certificate(ca.cert);
    expect(c.ca).toBe(true);
    expect(c.subject).toBe('CN=kcpx-ca');
    expect(c.issuer).toBe('CN=kcpx-ca');
    expect(c.checkIssued(c)).toBe(true);
    expect(c.verify(c.publicKey)).toBe(true);
    const years = (new Date(c.validTo).getTime() - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);
    expect(c.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    const p = new x509.X509Certificate(ca.cert);
    const ku = p.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
    expect(ku.usages & x509.KeyUsageFlags.cRLSign).toBeTruthy();
    expect(p.getExtension(x509.BasicConstraintsExtension)!.critical).toBe(true);
    expect(ca.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('makes a 1-year serving certificate for the names, with serverAuth, signed by the CA', () => {
    const c = new X509Certificate(serving.cert);
    const caCert = new X509Certificate(ca.cert);
    expect(c.ca).toBe(false);
    expect(c.checkIssued(caCert)).toBe(true);
    expect(c.verify(caCert.publicKey)).toBe(true);
    expect(c.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(c.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(c.checkHost('localhost')).toBe('localhost');
    expect(c.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(c.checkIP('::1')).toBe('::1');
    const days = (new Date(c.validTo).getTime() - Date.now()) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
  });

  it('serves HTTPS that a client trusting only the CA accepts and a client trusting nothing refuses', async () => {
    const srv = await serve({ key: serving.key, cert: serving.cert });
    try {
      const ok = await get(`https://127.0.0.1:${srv.port}/version`, { ca: ca.cert });
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ gitVersion: 'v1.32.0-kcpx' });
      // By DNS name too (the SAN, not the CN, is what is checked).
      expect((await get(`https://127.0.0.1:${srv.port}/`, { ca: ca.cert, servername: 'localhost' })).status).toBe(200);

      await expect(get(`https://127.0.0.1:${srv.port}/version`)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      const other = await createCA();
      await expect(get(`https://127.0.0.1:${srv.port}/version`, { ca: other.cert })).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
      // A name the certificate does not carry.
      await expect(get(`https://127.0.0.1:${srv.port}/`, { ca: ca.cert, servername: 'example.com' })).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    } finally {
      await srv.close();
    }
  });

  it('issues client certificates whose CN and O are the user and groups, and which the server verifies', async () => {
    const client = await issueClientCert(ca, { user: 'alice', groups: ['system:masters', 'devs, ops'] });
    const c = new X509Certificate(client.cert);
    expect(c.subject.split('\n')).toEqual(['O=system:masters', 'O=devs\\, ops', 'CN=alice']);
    expect(c.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(c.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
    expect(clientIdentity(client.cert)).toEqual({ user: 'alice', groups: ['system:masters', 'devs, ops'] });
    expect(clientIdentity((await issueClientCert(ca, { user: 'bob' })).cert)).toEqual({ user: 'bob', groups: [] });

    const srv = await serve({ key: serving.key, cert: serving.cert, ca: ca.cert, requestCert: true });
    try {
      const res = await get(`https://127.0.0.1:${srv.port}/`, { ca: ca.cert, cert: client.cert, key: client.key });
      const { seen } = JSON.parse(res.body) as { seen: Seen };
      expect(seen.authorized).toBe(true);
      expect(seen.subject).toMatchObject({ CN: 'alice', O: ['system:masters', 'devs, ops'] });
      // A certificate from another CA connects (rejectUnauthorized: false) but is not authorized.
      const stranger = await issueClientCert(await createCA(), { user: 'mallory', groups: ['system:masters'] });
      const res2 = await get(`https://127.0.0.1:${srv.port}/`, { ca: ca.cert, cert: stranger.cert, key: stranger.key });
      expect((JSON.parse(res2.body) as { seen: Seen }).seen.authorized).toBe(false);
    } finally {
      await srv.close();
    }
  });

  it('keeps user and group names verbatim, whatever characters they hold', async () => {
    const names = { user: 'al,ice+x="y"', groups: ['#6869', 'ünïcödé', 'a\\b', ' spaced '] };
    const client = await issueClientCert(ca, names);
    expect(clientIdentity(client.cert)).toEqual(names);
  });

  it('rejects bad serving names and empty users', async () => {
    await expect(issueServingCert(ca, { ips: ['not-an-ip'] })).rejects.toThrow(/not an IP/);
    await expect(issueServingCert(ca, { dnsNames: [], ips: [] })).rejects.toThrow(/at least one/);
    await expect(issueClientCert(ca, { user: '' })).rejects.toThrow(/user/);
  });

  it('defaults the serving names to localhost, 127.0.0.1 and ::1', async () => {
    const c = new X509Certificate((await issueServingCert(ca)).cert);
    expect(c.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  });
});

describe('loadOrCreatePKI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kcpx-pki-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;

  it('writes ca.crt, ca.key, apiserver.crt and apiserver.key, keys 0600', async () => {
    const sub = join(dir, 'nested', 'root');
    const pki = await loadOrCreatePKI(sub);
    expect(pki.written.sort()).toEqual(['apiserver.crt', 'apiserver.key', 'ca.crt', 'ca.key']);
    expect(statSync(join(sub, 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(sub, 'apiserver.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(sub, 'ca.crt'), 'utf8')).toBe(pki.ca.cert);
    expect(readFileSync(join(sub, 'apiserver.key'), 'utf8')).toBe(pki.serving.key);
  });

  it('reuses valid files, and the reloaded CA can still sign', async () => {
    const first = await loadOrCreatePKI(dir);
    const again = await loadOrCreatePKI(dir);
    expect(again.written).toEqual([]);
    expect(again.ca.cert).toBe(first.ca.cert);
    expect(again.ca.key).toBe(first.ca.key);
    expect(again.serving).toEqual(first.serving);
    const client = await issueClientCert(again.ca, { user: 'u' });
    expect(new X509Certificate(client.cert).verify(new X509Certificate(first.ca.cert).publicKey)).toBe(true);
    // The same names spelled differently are still covered.
    expect((await loadOrCreatePKI(dir, { dnsNames: ['LOCALHOST'], ips: ['0:0:0:0:0:0:0:1'] })).written).toEqual([]);
    expect(mode('ca.key')).toBe(0o600);
  });

  it('reissues the serving certificate, keeping the CA, when a requested name is missing', async () => {
    const before = await loadOrCreatePKI(dir);
    const after = await loadOrCreatePKI(dir, { dnsNames: ['localhost', 'kcpx.local'], ips: ['127.0.0.1', '10.0.0.1'] });
    expect(after.written.sort()).toEqual(['apiserver.crt', 'apiserver.key']);
    expect(after.ca.cert).toBe(before.ca.cert);
    expect(new X509Certificate(read('apiserver.crt')).subjectAltName).toBe(
      'DNS:localhost, DNS:kcpx.local, IP Address:127.0.0.1, IP Address:10.0.0.1',
    );
  });

  it('replaces a serving certificate signed by another CA or not matching its key', async () => {
    await loadOrCreatePKI(dir);
    const foreign = await issueServingCert(await createCA());
    writeFileSync(join(dir, 'apiserver.crt'), foreign.cert);
    writeFileSync(join(dir, 'apiserver.key'), foreign.key);
    expect((await loadOrCreatePKI(dir)).written.sort()).toEqual(['apiserver.crt', 'apiserver.key']);
    const caNow = read('ca.crt');
    const stray = await issueServingCert((await loadOrCreatePKI(dir)).ca);
    writeFileSync(join(dir, 'apiserver.key'), stray.key); // right CA, wrong key
    const fixed = await loadOrCreatePKI(dir);
    expect(fixed.written.sort()).toEqual(['apiserver.crt', 'apiserver.key']);
    expect(read('ca.crt')).toBe(caNow);
  });

  it('regenerates everything when the CA key is unreadable or belongs to another certificate', async () => {
    const before = await loadOrCreatePKI(dir);
    writeFileSync(join(dir, 'ca.key'), 'garbage');
    const after = await loadOrCreatePKI(dir);
    expect(after.written.sort()).toEqual(['apiserver.crt', 'apiserver.key', 'ca.crt', 'ca.key']);
    expect(after.ca.cert).not.toBe(before.ca.cert);
    writeFileSync(join(dir, 'ca.key'), (await createCA()).key);
    expect((await loadOrCreatePKI(dir)).written).toHaveLength(4);
    expect(mode('ca.key')).toBe(0o600);
  });
});

// Go's crypto/tls (kubectl) is stricter than Node about some certificate details; check with the real thing.
const kubectl = await new Promise<boolean>((resolve) => execFile('kubectl', ['version', '--client'], (err) => resolve(!err)));

describe('kubectl (Go TLS) against the certificates', () => {
  beforeEach((ctx) => requirePrerequisite(ctx, kubectl, 'kubectl is not on PATH'));

  function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile('kubectl', args, { timeout: 20_000, env: { ...process.env, KUBECONFIG: '/dev/null' } }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ).stdin?.end();
    });
  }

  it('trusts the serving certificate through the CA and presents a client certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-pki-kubectl-'));
    try {
      const { ca, serving } = await loadOrCreatePKI(dir);
      const client = await issueClientCert(ca, { user: 'alice', groups: ['devs'] });
      writeFileSync(join(dir, 'client.crt'), client.cert);
      writeFileSync(join(dir, 'client.key'), client.key);
      const srv = await serve({ key: serving.key, cert: serving.cert, ca: ca.cert, requestCert: true });
      try {
        const base = [`--server=https://127.0.0.1:${srv.port}`, '--cache-dir', join(dir, 'cache')];
        // Without any credentials kubectl would prompt for a username; a token keeps it non-interactive.
        const token = '--token=unused';
        const ok = await run([
          ...base,
          `--certificate-authority=${join(dir, 'ca.crt')}`,
          `--client-certificate=${join(dir, 'client.crt')}`,
          `--client-key=${join(dir, 'client.key')}`,
          'get',
          '--raw',
          '/version',
        ]);
        expect(ok.stderr).toBe('');
        expect(JSON.parse(ok.stdout)).toMatchObject({ seen: { authorized: true, subject: { CN: 'alice', O: 'devs' } } });
        const viaName = await run([
          ...base,
          token,
          `--certificate-authority=${join(dir, 'ca.crt')}`,
          '--tls-server-name=localhost',
          'get',
          '--raw',
          '/version',
        ]);
        expect(viaName.stderr).toBe('');
        expect(viaName.code).toBe(0);
        const wrongName = await run([
          ...base,
          token,
          `--certificate-authority=${join(dir, 'ca.crt')}`,
          '--tls-server-name=example.com',
          'get',
          '--raw',
          '/version',
        ]);
        expect(wrongName.stderr).toMatch(/certificate is valid for localhost, not example.com/);
        const untrusted = await run([...base, token, 'get', '--raw', '/version']);
        expect(untrusted.code).not.toBe(0);
        expect(untrusted.stderr).toMatch(/certificate signed by unknown authority/);
      } finally {
        await srv.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
