import { describe, expect, it } from 'vitest';
import { AggregatedOpenAPIv2, SPEC_REFRESH_MS } from './openapi-v2.js';
import type { Route } from './routes.js';
import type { Upstream } from './upstream.js';

interface Reply {
  status: number;
  body: string;
  etag?: string;
}

/** A server answering /openapi/v2 with what `reply` says, recording the headers of each download. */
function server(reply: () => Reply | Error) {
  const requests: Array<Record<string, string | string[]>> = [];
  const upstream = {
    url: 'https://ext.test',
    get: (path: string, _timeout: number, headers: Record<string, string | string[]> = {}) => {
      expect(path).toBe('/openapi/v2');
      requests.push(headers);
      const r = reply();
      return r instanceof Error ? Promise.reject(r) : Promise.resolve(r);
    },
  } as unknown as Upstream;
  return { upstream, requests };
}

const route = (upstream: Upstream): Route => ({
  name: 'v1.ext.dev',
  group: 'ext.dev',
  version: 'v1',
  groupPriorityMinimum: 1000,
  versionPriority: 15,
  upstream,
  resources: [],
});

const remoteDoc = (description: string) =>
  JSON.stringify({
    swagger: '2.0',
    paths: { '/apis/ext.dev/v1/widgets': { get: { responses: { '200': { schema: { $ref: '#/definitions/Widget' } } } } } },
    definitions: { Widget: { type: 'object', description } },
  });

const local = { status: 200, body: JSON.stringify({ swagger: '2.0', paths: {}, definitions: {} }), raw: true, headers: { ETag: '"L1"' } };
const json = { encoding: 'json' as const, contentType: 'application/json' };

function bodyOf(a: { body: unknown }): { paths: Record<string, unknown>; definitions: Record<string, { description?: string }> } {
  return JSON.parse(String(a.body)) as ReturnType<typeof bodyOf>;
}

describe('AggregatedOpenAPIv2', () => {
  it('downloads a server’s document as system:aggregator, merges it, and keeps it for a minute', async () => {
    let now = 0;
    const s = server(() => ({ status: 200, body: remoteDoc('first'), etag: '"E1"' }));
    const agg = new AggregatedOpenAPIv2(() => now);
    const a = await agg.answer('root', local, [route(s.upstream)], json, undefined);
    expect(a.status).toBe(200);
    expect(bodyOf(a).definitions['Widget']!.description).toBe('first');
    expect(Object.keys(bodyOf(a).paths)).toEqual(['/apis/ext.dev/v1/widgets']);
    expect(s.requests[0]).toMatchObject({ 'X-Remote-User': 'system:aggregator' });
    now = SPEC_REFRESH_MS - 1;
    const b = await agg.answer('root', local, [route(s.upstream)], json, undefined);
    expect(s.requests).toHaveLength(1);
    expect(b.headers).toEqual(a.headers);
    // The merged document's ETag: a client holding it gets 304.
    const etag = (a.headers as Record<string, string>)['ETag'];
    expect((await agg.answer('root', local, [route(s.upstream)], json, etag)).status).toBe(304);
  });

  it('refreshes with the ETag after a minute, in the background, and takes a changed document', async () => {
    let now = 0;
    let reply: Reply = { status: 200, body: remoteDoc('first'), etag: '"E1"' };
    const s = server(() => reply);
    const agg = new AggregatedOpenAPIv2(() => now);
    await agg.answer('root', local, [route(s.upstream)], json, undefined);
    now = SPEC_REFRESH_MS;
    reply = { status: 304, body: '' };
    const same = await agg.answer('root', local, [route(s.upstream)], json, undefined);
    expect(s.requests[1]).toMatchObject({ 'if-none-match': '"E1"' });
    expect(bodyOf(same).definitions['Widget']!.description).toBe('first');
    now = 2 * SPEC_REFRESH_MS + 1;
    reply = { status: 200, body: remoteDoc('second'), etag: '"E2"' };
    // The request that finds the copy stale is answered from it; the next one sees the new document.
    await agg.answer('root', local, [route(s.upstream)], json, undefined);
    await new Promise((r) => setImmediate(r));
    expect(bodyOf(await agg.answer('root', local, [route(s.upstream)], json, undefined)).definitions['Widget']!.description).toBe('second');
  });

  it('keeps the last good copy when a download fails, and adds nothing for a server that never answered', async () => {
    let now = 0;
    let reply: Reply | Error = { status: 200, body: remoteDoc('good') };
    const s = server(() => reply);
    const agg = new AggregatedOpenAPIv2(() => now);
    await agg.answer('root', local, [route(s.upstream)], json, undefined);
    now = SPEC_REFRESH_MS;
    reply = new Error('connection refused');
    await agg.answer('root', local, [route(s.upstream)], json, undefined);
    await new Promise((r) => setImmediate(r));
    expect(bodyOf(await agg.answer('root', local, [route(s.upstream)], json, undefined)).definitions['Widget']!.description).toBe('good');

    const dead = server(() => ({ status: 503, body: 'unavailable' }));
    const none = await new AggregatedOpenAPIv2(() => 0).answer('root', local, [route(dead.upstream)], json, undefined);
    expect(bodyOf(none)).toEqual({ swagger: '2.0', paths: {}, definitions: {} });
  });

  it('encodes the merged document as protobuf when asked', async () => {
    const s = server(() => ({ status: 200, body: remoteDoc('proto') }));
    const a = await new AggregatedOpenAPIv2(() => 0).answer(
      'root',
      local,
      [route(s.upstream)],
      { encoding: 'protobuf', contentType: 'x' },
      undefined,
    );
    expect(Buffer.isBuffer(a.body)).toBe(true);
    expect((a.body as Buffer).includes(Buffer.from('/apis/ext.dev/v1/widgets'))).toBe(true);
  });
});
