// The HTTPS front door at the edges of HTTP, spoken byte by byte over TLS: large headers, `Expect: 100-continue`
// with a body over the limit, and CONNECT, answered as kube-apiserver (Go's net/http under kube's router) answers.
import { connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPKI } from '../auth/pki.js';
import { BODY_LIMIT } from '../apimachinery/status.js';
import { createApp, HEADER_LIMIT, type App } from './listener.js';

let app: App;
let address: AddressInfo;
let ca: string;
/** What the router saw: method, path and body length of every request that reached it. */
const routed: Array<{ method: string; url: string; body: number }> = [];

beforeAll(async () => {
  const pki = await createPKI();
  ca = pki.ca.cert;
  app = createApp(
    { key: pki.serving.key, cert: pki.serving.cert, ca },
    (req, res, body) => {
      routed.push({ method: req.method!, url: req.url!, body: body?.length ?? 0 });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
      return Promise.resolve();
    },
    () => undefined,
  );
  address = await app.listen(0, '127.0.0.1');
});
afterAll(() => app?.close());

/**
 * Sends `head` (and, after `bodyAfterMs`, `body` unless the server has answered with a final status by then) and
 * collects everything the server writes until it closes the connection or `idleMs` pass without a byte.
 */
function exchange(head: string, opts: { body?: Buffer; bodyAfterMs?: number; idleMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject: (err: Error) => void) => {
    const socket = connect({ host: '127.0.0.1', port: address.port, ca, servername: 'localhost' }, () => {
      socket.write(head);
      if (opts.body) {
        setTimeout(() => {
          if (!/^HTTP\/1\.1 [2-5]\d\d/m.test(received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))) socket.write(opts.body!);
        }, opts.bodyAfterMs ?? 0);
      }
    });
    let received = '';
    let idle: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(idle);
      socket.destroy();
      resolve(received);
    };
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(done, opts.idleMs ?? 1000);
    };
    arm();
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      arm();
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', (err: Error) => (received ? done() : reject(err)));
  });
}

function statusLine(response: string): string {
  return response.split('\r\n')[0]!;
}

function jsonBody(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

describe('HTTP edges', () => {
  it('accepts request headers up to 1 MiB, as kube does (node stops at 16 KiB by default)', async () => {
    const big = 'x'.repeat(HEADER_LIMIT - 4096);
    const r = await exchange(`GET /big-headers HTTP/1.1\r\nHost: localhost\r\nX-Big: ${big}\r\nConnection: close\r\n\r\n`);
    expect(statusLine(r)).toBe('HTTP/1.1 200 OK');
    expect(routed.some((q) => q.url === '/big-headers')).toBe(true);
  });

  it('answers 431 to headers over 1 MiB and closes the connection, as Go does', async () => {
    const big = 'x'.repeat(HEADER_LIMIT + 1024);
    const r = await exchange(`GET /too-big HTTP/1.1\r\nHost: localhost\r\nX-Big: ${big}\r\n\r\n`);
    expect(statusLine(r)).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(r).toContain('Connection: close');
    expect(r.endsWith('431 Request Header Fields Too Large')).toBe(true);
    expect(routed.some((q) => q.url === '/too-big')).toBe(false);
  });

  it('refuses a body over the limit announced with Expect: 100-continue before the client sends it', async () => {
    const length = BODY_LIMIT + 1;
    // The client waits for 100 Continue; were it sent, the body would follow after 300 ms.
    const r = await exchange(
      `POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`,
      { body: Buffer.alloc(length, 0x20), bodyAfterMs: 300 },
    );
    expect(r).not.toContain('100 Continue');
    expect(statusLine(r)).toMatch(/^HTTP\/1\.1 413 /);
    expect(r).toContain('Connection: close');
    expect(jsonBody(r)).toMatchObject({
      kind: 'Status',
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: `Request entity too large: limit is ${BODY_LIMIT}`,
    });
    expect(routed.some((q) => q.url === '/upload')).toBe(false);
  });

  it('tells a client announcing a body within the limit to go on, then serves it', async () => {
    const body = Buffer.from('{"metadata":{"name":"x"}}');
    const r = await exchange(
      `POST /small HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      { body, bodyAfterMs: 200 },
    );
    expect(r.startsWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK')).toBe(true);
    expect(routed.find((q) => q.url === '/small')).toEqual({ method: 'POST', url: '/small', body: body.length });
  });

  it('refuses a body over the limit without Expect too, without reading it', async () => {
    const r = await exchange(
      `PUT /big-body HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n`,
    );
    expect(statusLine(r)).toMatch(/^HTTP\/1\.1 413 /);
    expect(jsonBody(r)).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
  });

  it('answers CONNECT as any method the API does not serve: 405 MethodNotAllowed, then closes', async () => {
    for (const target of ['/api/v1/namespaces', 'example.com:443']) {
      const r = await exchange(`CONNECT ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      expect(statusLine(r)).toBe('HTTP/1.1 405 Method Not Allowed');
      expect(r).toContain('Connection: close');
      expect(jsonBody(r)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server does not allow this method on the requested resource',
        reason: 'MethodNotAllowed',
        code: 405,
      });
    }
    expect(routed.some((q) => q.method === 'CONNECT')).toBe(false);
  });
});
