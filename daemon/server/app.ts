// The HTTPS front door: node:https terminates TLS (asking for, not requiring, a client certificate), buffers request
// bodies up to kube's 3 MiB limit and hands every request to the front proxy, which does all routing itself and
// answers on the raw response (watches stream; JSON is written once, without re-serialising).
//
// A plain node:https server rather than a framework: kcpx has one catch-all route, so a router, hooks and reply
// objects would only add to every request and to the cold start.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { BODY_LIMIT, requestEntityTooLarge, StatusError } from '../apimachinery/status.js';
import { errorAnswer, writeAnswer } from './respond.js';

export interface TLSMaterial {
  key: string;
  cert: string;
  /** CA that client certificates must chain to. */
  ca: string;
}

export type RequestRouter = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) => Promise<void>;

export interface App {
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting connections, lets requests in flight finish for up to `graceMs`, then closes the rest. */
  close(graceMs?: number): Promise<void>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createApp(tls: TLSMaterial, route: RequestRouter, log: (err: unknown) => void): App {
  const server: Server = createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false });
  // Watches and long lists must not be cut by the server's timeouts; idle keep-alive connections close after 65 s.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  const fail = (res: ServerResponse, err: unknown) => {
    if (!res.headersSent) writeAnswer(res, errorAnswer(err, log));
    else res.destroy();
  };

  const dispatch = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) => {
    route(req, res, body).catch((err: unknown) => fail(res, err));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    if (!METHODS.has(method)) return fail(res, new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > BODY_LIMIT) {
      // Not reading a body that large: answer and close the connection instead of draining it.
      res.setHeader('Connection', 'close');
      fail(res, requestEntityTooLarge());
      req.destroy();
      return;
    }
    if (WITHOUT_BODY.has(method) && !declared && req.headers['transfer-encoding'] === undefined) {
      // Nothing to read; the 'end' event still has to be consumed for keep-alive.
      req.resume();
      return dispatch(req, res, undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > BODY_LIMIT) {
        tooLarge = true;
        res.setHeader('Connection', 'close');
        fail(res, requestEntityTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      dispatch(req, res, size === 0 ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', () => res.destroy());
  });
  // A malformed request line or header: kube answers 400 and closes.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    const body = JSON.stringify(new StatusError(400, 'BadRequest', `malformed HTTP request: ${err.message}`).status);
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  return {
    listen(port, host) {
      return new Promise((res, rej) => {
        server.once('error', rej);
        server.listen(port, host, () => {
          server.off('error', rej);
          res(server.address() as AddressInfo);
        });
      });
    },
    close(graceMs = 250) {
      return new Promise((res) => {
        server.close(() => res());
        server.closeIdleConnections();
        // Watches never finish on their own.
        setTimeout(() => server.closeAllConnections(), graceMs).unref();
      });
    },
  };
}
