// The HTTPS front door: fastify terminates TLS, enforces the body limit and hands every request to the front
// proxy, which answers from the raw response (watches stream; JSON is written once, without re-serialising).
import Fastify, { type FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BODY_LIMIT, requestEntityTooLarge, StatusError } from '../apimachinery/status.js';
import { errorAnswer, writeAnswer } from './respond.js';

export interface TLSMaterial {
  key: string;
  cert: string;
  /** CA that client certificates must chain to. */
  ca: string;
}

export type RequestRouter = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined) => Promise<void>;

export async function createApp(tls: TLSMaterial, route: RequestRouter, log: (err: unknown) => void): Promise<FastifyInstance> {
  const app = Fastify({
    https: { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false },
    bodyLimit: BODY_LIMIT,
    logger: false,
    // Watches and long lists must not be cut by fastify's defaults.
    requestTimeout: 0,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 10_000 },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: { code?: string; statusCode?: number; message: string }, _req, reply) => {
    const status =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? requestEntityTooLarge() : new StatusError(err.statusCode ?? 400, 'BadRequest', err.message);
    void reply.code(status.code).header('Content-Type', 'application/json').send(JSON.stringify(status.status));
  });
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
    url: '/*',
    handler: async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      try {
        await route(request.raw, res, request.body as Buffer | undefined);
      } catch (err) {
        if (!res.headersSent) writeAnswer(res, errorAnswer(err, log));
        else res.end();
      }
    },
  });
  return app;
}
