// The HTTPS front door: node:https terminates TLS (asking for, not requiring, a client certificate), buffers request
// bodies up to kube's 3 MiB limit and hands every request to the front proxy, which does all routing itself and
// answers on the raw response (watches stream; JSON is written once, without re-serialising).
//
// A plain node:https server rather than a framework: kcpx has one catch-all route, so a router, hooks and reply
// objects would only add to every request and to the cold start.
//
// The edges of HTTP as kube-apiserver (Go's net/http) meets them: request headers up to 1 MiB (its MaxHeaderBytes), a
// body announced with `Expect: 100-continue` refused before it is sent when it is over the limit, and CONNECT
// answered like any other method the API does not serve.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { badRequest, BODY_LIMIT, methodNotSupported, requestEntityTooLarge } from '../apimachinery/status.js';
import { errorAnswer, writeAnswer } from '../endpoints/respond.js';

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
/** kube-apiserver's MaxHeaderBytes (request line and headers); node's default is 16 KiB. */
export const HEADER_LIMIT = 1024 * 1024;

/** An answer written straight to a connection node no longer parses (CONNECT, a malformed request), then closed. */
function answerRaw(socket: Duplex, code: number, text: string, contentType: string, body: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${text}\r\nContent-Type: ${contentType}\r\nCache-Control: no-cache, private\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createApp(tls: TLSMaterial, route: RequestRouter, log: (err: unknown) => void): App {
  const server: Server = createServer({
    key: tls.key,
    cert: tls.cert,
    ca: tls.ca,
    requestCert: true,
    rejectUnauthorized: false,
    maxHeaderSize: HEADER_LIMIT,
  });
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

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    if (!METHODS.has(method)) return fail(res, methodNotSupported());
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
  };
  server.on('request', onRequest);
  // `Expect: 100-continue`: the client sends the body only once told to go on. One over the limit is refused now, and
  // never read (Go sends the 100 only when the handler reads the body, which kube's does not for a refused size);
  // the connection closes after the answer, since the client may send the body anyway.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = !METHODS.has(req.method ?? 'GET')
      ? methodNotSupported()
      : Number(req.headers['content-length'] ?? 0) > BODY_LIMIT
        ? requestEntityTooLarge()
        : undefined;
    if (refusal) {
      res.setHeader('Connection', 'close');
      return fail(res, refusal);
    }
    res.writeContinue();
    onRequest(req, res);
  });
  // CONNECT (which node hands over as a raw connection): the API serves no such method, so kube's router answers it
  // as any other, 405 MethodNotAllowed.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    answerRaw(socket, 405, 'Method Not Allowed', 'application/json', JSON.stringify(methodNotSupported().status));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return socket.destroy();
    // Headers over the limit: Go's server answers 431 in plain text and closes.
    if (err.code === 'HPE_HEADER_OVERFLOW')
      return answerRaw(socket, 431, 'Request Header Fields Too Large', 'text/plain; charset=utf-8', '431 Request Header Fields Too Large');
    // A malformed request line or header: kube answers 400 and closes.
    answerRaw(socket, 400, 'Bad Request', 'application/json', JSON.stringify(badRequest(`malformed HTTP request: ${err.message}`).status));
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
