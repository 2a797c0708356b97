import { beforeAll, describe, expect, it } from 'vitest';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import type { RequestContext } from '../../registry/types.js';
import { makeCSR } from './csr.testkit.js';
import { certificateSigningRequests, csrCondition } from './certificatesigningrequests.js';
import { validateCSR, validateCertificatePEM, validateSignerName } from './validation.js';
import { loadX509, parseCSR } from './x509.js';

let ec: string;
let rsa: string;
beforeAll(async () => {
  await loadX509();
  ec = (await makeCSR('CN=alice, O=devs', { dns: ['a.example'] })).base64;
  rsa = (await makeCSR('CN=bob', { rsa: true })).base64;
});

const csr = (spec: Record<string, unknown>, status?: Record<string, unknown>): KObject => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'x' },
  spec: { request: ec, signerName: 'example.com/signer', usages: ['client auth'], ...spec },
  ...(status ? { status } : {}),
});
const fields = (errs: FieldError[]) => errs.map((e) => `${e.field}: ${e.type}${e.detail ? `: ${e.detail}` : ''}`);
const ctx: RequestContext = { cluster: 'root', now: new Date(), dryRun: false, user: { username: 'alice', uid: 'u1', groups: ['devs'] } };

describe('parseCSR', () => {
  it('reads the subject and SANs of ECDSA and RSA requests whose signatures verify', () => {
    const a = parseCSR(ec);
    expect(typeof a).toBe('object');
    if (typeof a === 'string') return;
    expect([a.commonName, a.organizations, a.dnsNames]).toEqual(['alice', ['devs'], ['a.example']]);
    const b = parseCSR(rsa);
    expect(typeof b === 'object' && b.commonName).toBe('bob');
  });

  it('refuses what is not a CERTIFICATE REQUEST, and a tampered signature', () => {
    expect(parseCSR(Buffer.from('hello').toString('base64'))).toBe('PEM block type must be CERTIFICATE REQUEST');
    const pem = Buffer.from(ec, 'base64').toString();
    const body = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END/.exec(pem)![1]!.replace(/\s+/g, '');
    const der = Buffer.from(body, 'base64');
    // Flip a byte inside the signed part (the subject): the signature no longer verifies.
    const at = der.indexOf(Buffer.from('alice'));
    der[at] = 'A'.charCodeAt(0);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect(parseCSR(Buffer.from(tampered).toString('base64'))).toBe('x509: ECDSA verification failure');
  });
});

describe('validateCSR', () => {
  it('accepts a well-formed request', () => {
    expect(validateCSR(csr({}))).toEqual([]);
  });

  it('checks usages, signer name and expirationSeconds as kube does', () => {
    const errs = fields(
      validateCSR(csr({ usages: ['client auth', 'client auth', 'flying'], signerName: 'nodomain/x', expirationSeconds: 599 })),
    );
    expect(errs).toEqual([
      expect.stringMatching(/^spec\.usages\[2\]: FieldValueNotSupported: supported values: "any", "cert sign"/),
      'spec.usages[1]: FieldValueDuplicate',
      'spec.signerName: FieldValueInvalid: should be a domain with at least two segments separated by dots',
      'spec.expirationSeconds: FieldValueInvalid: may not specify a duration less than 600 seconds (10 minutes)',
    ]);
    expect(fields(validateCSR(csr({ usages: [] })))).toEqual(['spec.usages: FieldValueRequired']);
    expect(fields(validateCSR(csr({ signerName: 'kubernetes.io/legacy-unknown' })))).toEqual([
      'spec.signerName: FieldValueInvalid: the legacy signerName is not allowed via this API version',
    ]);
  });

  it('checks conditions: Approved/Denied/Failed only True, Approved and Denied exclusive, no duplicates', () => {
    const errs = fields(
      validateCSR(
        csr(
          {},
          {
            conditions: [
              { type: 'Approved', status: 'False' },
              { type: 'Denied', status: 'True' },
              { type: 'Denied', status: 'True' },
              { type: 'Custom', status: '' },
            ],
          },
        ),
      ),
    );
    expect(errs).toEqual([
      'status.conditions[0].status: FieldValueNotSupported: supported values: "True"',
      'status.conditions[1].type: FieldValueInvalid: Approved and Denied conditions are mutually exclusive',
      'status.conditions[2].type: FieldValueInvalid: Approved and Denied conditions are mutually exclusive',
      'status.conditions[2].type: FieldValueDuplicate',
      'status.conditions[3].status: FieldValueRequired',
    ]);
  });

  it('keeps approval to its subresource and the certificate to status, never changed once set', () => {
    const old = csr({});
    const approved = csr({}, { conditions: [{ type: 'Approved', status: 'True' }] });
    expect(fields(validateCSR(approved, old))).toEqual([
      'status.conditions: FieldValueForbidden: updates may not add a condition of type "Approved"',
    ]);
    expect(validateCSR(approved, old, { approval: true })).toEqual([]);
    expect(fields(validateCSR(old, approved, { approval: true }))).toEqual([
      'status.conditions: FieldValueForbidden: updates may not remove a condition of type "Approved"',
    ]);
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBIjAN\n-----END CERTIFICATE-----\n').toString('base64');
    const issued = csr({}, { certificate: cert });
    expect(fields(validateCSR(issued, old))).toContain('status.certificate: FieldValueForbidden: updates may not set certificate content');
    expect(fields(validateCSR(csr({}, { certificate: 'b3RoZXI=' }), issued, { certificate: true }))).toContain(
      'status.certificate: FieldValueForbidden: updates may not modify existing certificate content',
    );
  });

  it('knows kube’s signer-name and certificate PEM rules', () => {
    expect(validateSignerName('f', '')).toEqual([{ type: 'FieldValueRequired', field: 'f', detail: '' }]);
    expect(validateSignerName('f', 'example.com/a/b')[0]?.detail).toBe(
      "must be a fully qualified domain and path of the form 'example.com/signer-name'",
    );
    expect(validateSignerName('f', 'Example.com/x')[0]?.detail).toMatch(/^validating label "Example": a lowercase RFC 1123 label/);
    expect(validateCertificatePEM(Buffer.from('-----BEGIN KEY-----\nAA==\n-----END KEY-----\n').toString('base64'))).toBe(
      'only CERTIFICATE PEM blocks are allowed, found "KEY"',
    );
    expect(validateCertificatePEM(Buffer.from('junk').toString('base64'))).toBe('must contain at least one CERTIFICATE PEM block');
  });
});

describe('the CertificateSigningRequest strategy', () => {
  const s = certificateSigningRequests.strategy;

  it('records the requester and starts without a decision', () => {
    const obj = csr({ username: 'mallory', groups: ['system:masters'] }, { conditions: [{ type: 'Approved', status: 'True' }] });
    s.prepareForCreate(obj, ctx);
    expect(obj['spec']).toMatchObject({ username: 'alice', uid: 'u1', groups: ['devs'] });
    expect(obj['status']).toEqual({});
  });

  it('never changes the spec or status through the resource', () => {
    const old = csr({ username: 'alice' }, { conditions: [{ type: 'Approved', status: 'True' }] });
    const next = csr({ signerName: 'example.com/other' });
    s.prepareForUpdate(next, old, ctx);
    expect(next['spec']).toEqual(old['spec']);
    expect(next['status']).toEqual(old['status']);
  });

  it('takes only the conditions through approval, and not the conditions through status', () => {
    const old = csr({}, { conditions: [{ type: 'Custom', status: 'True' }] });
    const desired = csr({ signerName: 'example.com/other' }, { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'eA==' });
    desired.metadata.resourceVersion = '5';
    const approval = s.subresources['approval']!.updateStrategy!.resetFields(structuredClone(desired), old);
    expect(approval['spec']).toEqual(old['spec']);
    expect(approval['status']).toEqual({ conditions: [{ type: 'Approved', status: 'True' }] });
    const status = s.subresources['status']!.updateStrategy!.resetFields(structuredClone(desired), old);
    expect(status['status']).toEqual({ conditions: [{ type: 'Custom', status: 'True' }], certificate: 'eA==' });
  });

  it('prints kubectl’s columns', () => {
    const o = csr({ signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 3600 });
    o.metadata.creationTimestamp = new Date(Date.now() - 5000).toISOString();
    expect(s.table.cells(o, Date.now()).slice(1)).toEqual(['kubernetes.io/kube-apiserver-client', 'alice', '60m', 'Pending']);
    expect(
      csrCondition(
        csr(
          {},
          {
            conditions: [
              { type: 'Approved', status: 'True' },
              { type: 'Failed', status: 'True' },
            ],
            certificate: 'eA==',
          },
        ),
      ),
    ).toBe('Approved,Failed,Issued');
    expect(csrCondition(csr({}, { conditions: [{ type: 'Denied', status: 'True' }] }))).toBe('Denied');
  });
});
