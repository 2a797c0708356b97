import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { makeCSR } from '../../apis/certificates/csr.testkit.js';
import { loadX509, parseCSR, signCSR, validityWindow } from '../../apis/certificates/x509.js';
import { createCA, type CA } from '../../auth/pki.js';
import { certificateTtl, DEFAULT_TTL_MS, reconcileSigning, signerViolation, type SigningDeps } from './reconcile.js';

let ca: CA;
beforeAll(async () => {
  await loadX509();
  ca = await createCA('test-ca');
});

/** An in-memory store of CSRs with optimistic writes, and the real parser and signer. */
function fakeDeps(objects: Map<string, KObject>): SigningDeps & { writes: number } {
  const deps = {
    writes: 0,
    now: () => new Date('2026-01-01T00:00:00Z'),
    get: (_c: string, name: string) => structuredClone(objects.get(name)),
    updateStatus: (_c: string, obj: KObject) => {
      const cur = objects.get(obj.metadata.name!);
      if (cur?.metadata.resourceVersion !== obj.metadata.resourceVersion) return false;
      objects.set(obj.metadata.name!, {
        ...obj,
        metadata: { ...obj.metadata, resourceVersion: String(Number(obj.metadata.resourceVersion) + 1) },
      });
      deps.writes++;
      return true;
    },
    parse: (r: string) => Promise.resolve(parseCSR(r)),
    sign: (csr: Parameters<SigningDeps['sign']>[0], usages: readonly string[], ttl: number) => signCSR(ca, csr, usages, ttl, Date.now()),
  };
  return deps;
}

const csr = (
  name: string,
  request: string,
  signerName: string,
  usages: string[],
  approved = true,
  extra: Record<string, unknown> = {},
): KObject => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name, resourceVersion: '1' },
  spec: { request, signerName, usages, ...extra },
  status: approved ? { conditions: [{ type: 'Approved', status: 'True' }] } : {},
});

describe('reconcileSigning', () => {
  it('signs an approved kube-apiserver-client request for the duration asked, with the CA', async () => {
    const { base64 } = await makeCSR('CN=alice, O=devs');
    const objects = new Map([
      [
        'a',
        csr('a', base64, 'kubernetes.io/kube-apiserver-client', ['client auth', 'digital signature'], true, { expirationSeconds: 7200 }),
      ],
    ]);
    const deps = fakeDeps(objects);
    expect(await reconcileSigning(deps, 'root', 'a')).toBe('issued');
    const pem = Buffer.from((objects.get('a')!['status'] as { certificate: string }).certificate, 'base64').toString();
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe('CN=alice\nO=devs');
    expect(cert.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(7200_000);
    // Done once: the next pass finds nothing to do.
    expect(await reconcileSigning(deps, 'root', 'a')).toBe('not-pending');
    expect(deps.writes).toBe(1);
  });

  it('leaves pending, denied, foreign and vanished requests alone', async () => {
    const { base64 } = await makeCSR('CN=bob');
    const objects = new Map([
      ['pending', csr('pending', base64, 'kubernetes.io/kube-apiserver-client', ['client auth'], false)],
      ['other', csr('other', base64, 'example.com/signer', ['client auth'])],
    ]);
    const deps = fakeDeps(objects);
    expect(await reconcileSigning(deps, 'root', 'pending')).toBe('not-pending');
    expect(await reconcileSigning(deps, 'root', 'other')).toBe('not-ours');
    expect(await reconcileSigning(deps, 'root', 'gone')).toBe('gone');
    expect(deps.writes).toBe(0);
  });

  it('fails a request its signer may not sign, in kube’s words', async () => {
    const { base64 } = await makeCSR('CN=bob');
    const objects = new Map([['s', csr('s', base64, 'kubernetes.io/kube-apiserver-client', ['server auth'])]]);
    const deps = fakeDeps(objects);
    expect(await reconcileSigning(deps, 'root', 's')).toBe('failed');
    const failed = (objects.get('s')!['status'] as { conditions: Array<Record<string, string>> }).conditions[1]!;
    expect(failed).toMatchObject({
      type: 'Failed',
      status: 'True',
      reason: 'SignerValidationFailure',
      message: 'invalid usage for client certificate: server auth',
    });
    expect(await reconcileSigning(deps, 'root', 's')).toBe('not-pending');
  });

  it('does not overwrite a request that changed while it was signed', async () => {
    const { base64 } = await makeCSR('CN=carol');
    const objects = new Map([['c', csr('c', base64, 'kubernetes.io/kube-apiserver-client', ['client auth'])]]);
    const deps = fakeDeps(objects);
    deps.sign = (parsed, usages, ttl) => {
      objects.get('c')!.metadata.resourceVersion = '9';
      return signCSR(ca, parsed, usages, ttl, Date.now());
    };
    expect(await reconcileSigning(deps, 'root', 'c')).toBe('conflict');
  });
});

describe('the signers’ rules', () => {
  it('kube-apiserver-client: client auth required, digital signature and key encipherment allowed', async () => {
    const p = parseCSR((await makeCSR('CN=x')).base64);
    if (typeof p === 'string') throw new Error(p);
    expect(signerViolation('kubernetes.io/kube-apiserver-client', p, ['digital signature'])).toBe(
      'missing required usage for client certificate: client auth',
    );
    expect(signerViolation('kubernetes.io/kube-apiserver-client', p, ['key encipherment', 'client auth'])).toBeUndefined();
  });

  it('kube-apiserver-client-kubelet: a node’s identity without SANs', async () => {
    const node = parseCSR((await makeCSR('CN=system:node:n1, O=system:nodes')).base64);
    const sans = parseCSR((await makeCSR('CN=system:node:n1, O=system:nodes', { dns: ['n1'] })).base64);
    const notNode = parseCSR((await makeCSR('CN=n1, O=system:nodes')).base64);
    const noOrg = parseCSR((await makeCSR('CN=system:node:n1')).base64);
    if (typeof node === 'string' || typeof sans === 'string' || typeof notNode === 'string' || typeof noOrg === 'string')
      throw new Error('parse');
    const k = 'kubernetes.io/kube-apiserver-client-kubelet';
    expect(signerViolation(k, node, ['digital signature', 'client auth'])).toBeUndefined();
    expect(signerViolation(k, node, ['client auth'])).toBe('usages did not match [client auth digital signature key encipherment]');
    expect(signerViolation(k, sans, ['digital signature', 'client auth'])).toBe('DNS subjectAltNames are not allowed');
    expect(signerViolation(k, notNode, ['digital signature', 'client auth'])).toBe('subject common name does not begin with system:node:');
    expect(signerViolation(k, noOrg, ['digital signature', 'client auth'])).toBe('subject organization is not system:nodes');
  });

  it('honours expirationSeconds between 10 minutes and the maximum, back-dating short certificates less', () => {
    expect(certificateTtl(undefined)).toBe(DEFAULT_TTL_MS);
    expect(certificateTtl(3600)).toBe(3600_000);
    expect(certificateTtl(60)).toBe(600_000);
    expect(certificateTtl(10 * 365 * 24 * 3600)).toBe(DEFAULT_TTL_MS);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(validityWindow(now, 8 * 3600_000, Infinity).notBefore.getTime()).toBe(now - 300_000);
    const short = validityWindow(now, 3600_000, Infinity);
    expect(now - short.notBefore.getTime()).toBe(37_500);
    expect(short.notAfter.getTime() - short.notBefore.getTime()).toBe(3600_000);
    expect(validityWindow(now, 3600_000, now + 60_000).notAfter.getTime()).toBe(now + 60_000);
  });
});
