// /openapi/v3 and /openapi/v2 for one logical cluster: documents are generated from the served ResourceDefs and
// cached per catalog (clusters without CRDs share the built-in catalog, hence one cached copy for all of them).
import { createHash } from 'node:crypto';
import { notAcceptable, pathNotFound } from '../apimachinery/status.js';
import type { Catalog } from '../registry/catalog.js';
import type { SwaggerDocument } from '../openapi/v2.js';
import { lazyImport } from '../support/lazy-import.js';
import type { ResourceDef } from '../registry/types.js';
import { groupVersionPath } from '../registry/keys.js';
import { parseMediaRanges } from './negotiation.js';
import type { Answer } from './respond.js';

interface CachedDoc {
  body: string;
  hash: string;
}

interface CachedBody {
  body: string | Buffer;
  etag: string;
}

/** The v2 document in both encodings, each built on first request; the document itself only until both exist. */
interface SwaggerDocs {
  doc?: SwaggerDocument;
  json?: CachedBody;
  protobuf?: CachedBody;
}

interface CatalogDocs {
  byPath: Map<string, ResourceDef[]>;
  docs: Map<string, CachedDoc>;
  index?: Record<string, unknown>;
  v2?: SwaggerDocs;
}

/** What client-go asks for. The `@` is not a valid media-type character, so Go's mime parser rejects it in a reply. */
export const OPENAPI_V2_PROTOBUF_REQUESTED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** The spelling kube-openapi answers with (and also accepts). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
type V2Encoding = 'json' | 'protobuf';

/** kube-openapi's choice: the first Accept range (by q, then order) matching JSON or either protobuf spelling. */
export function v2Representation(accept: string | undefined): { encoding: V2Encoding; contentType: string } | undefined {
  const ranges = parseMediaRanges(accept || '*/*')
    .map((r, i) => ({ type: r.type, q: qualityOf(r.params['q']), i }))
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { type } of ranges) {
    if (['application/json', 'application/*', '*/*'].includes(type)) return { encoding: 'json', contentType: 'application/json' };
    if (type === OPENAPI_V2_PROTOBUF || type === OPENAPI_V2_PROTOBUF_REQUESTED)
      return { encoding: 'protobuf', contentType: OPENAPI_V2_PROTOBUF };
  }
  return undefined;
}

function qualityOf(q: string | undefined): number {
  const n = q === undefined ? 1 : Number(q);
  return Number.isFinite(n) ? n : 1;
}

// The v3 builder and the schemas of every kind it documents load with the first OpenAPI request.
const v3Builder = lazyImport(() => import('../openapi/v3.js'));

type V3Builder = Awaited<ReturnType<typeof v3Builder.load>>;

// The v2 builder and its protobuf encoder are only needed when a client asks for /openapi/v2 (kubectl does for
// client-side validation and `explain --output=plaintext-openapiv2`), so they stay off the cold start.
const v2Modules = lazyImport(async () => {
  const [builder, encoder] = await Promise.all([import('../openapi/v2.js'), import('../openapi/v2-protobuf.js')]);
  return { buildSwaggerDocument: builder.buildSwaggerDocument, encodeOpenAPIv2: encoder.encodeOpenAPIv2 };
});

type V2Builder = Awaited<ReturnType<typeof v2Modules.load>>;

/** kube-openapi's document hash (uppercase hex SHA-512), the v3 `?hash=` and the ETag of every document. */
const hashOf = (body: string | Buffer) => createHash('sha512').update(body).digest('hex').toUpperCase();

export class OpenAPIService {
  private readonly cache = new WeakMap<Catalog, CatalogDocs>();

  private entry(catalog: Catalog): CatalogDocs {
    let e = this.cache.get(catalog);
    if (!e) {
      const byPath = new Map<string, ResourceDef[]>();
      for (const d of catalog.defs) {
        const p = groupVersionPath(d);
        const list = byPath.get(p) ?? [];
        list.push(d);
        byPath.set(p, list);
      }
      e = { byPath, docs: new Map() };
      this.cache.set(catalog, e);
    }
    return e;
  }

  private doc(v3: V3Builder, e: CatalogDocs, gvPath: string): CachedDoc | undefined {
    let d = e.docs.get(gvPath);
    if (d) return d;
    const defs = e.byPath.get(gvPath);
    if (!defs) return undefined;
    const body = JSON.stringify(v3.buildGroupVersionDocument(defs));
    d = { body, hash: hashOf(body) };
    e.docs.set(gvPath, d);
    return d;
  }

  /** GET /openapi/v2: Swagger 2.0 as JSON, or as gnostic protobuf for kubectl and client-go. */
  async v2(_cluster: string, catalog: Catalog, accept: string | undefined, ifNoneMatch?: string): Promise<Answer> {
    const rep = v2Representation(accept);
    if (!rep) throw notAcceptable(['application/json', OPENAPI_V2_PROTOBUF]);
    const d = this.swagger(await v2Modules.load(), this.entry(catalog), catalog.defs, rep.encoding);
    const headers = { ETag: d.etag, Vary: 'Accept' };
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === d.etag || t.trim() === '*')) {
      return { status: 304, body: '', contentType: rep.contentType, headers, raw: true };
    }
    return { status: 200, body: d.body, contentType: rep.contentType, headers, raw: true };
  }

  private swagger(v2Builder: V2Builder, e: CatalogDocs, defs: readonly ResourceDef[], encoding: V2Encoding): CachedBody {
    const v2 = (e.v2 ??= {});
    let cached = v2[encoding];
    if (!cached) {
      const { buildSwaggerDocument, encodeOpenAPIv2 } = v2Builder;
      const doc = (v2.doc ??= buildSwaggerDocument(defs));
      const body = encoding === 'json' ? JSON.stringify(doc) : encodeOpenAPIv2(doc);
      cached = v2[encoding] = { body, etag: `"${hashOf(body)}"` };
      if (v2.json && v2.protobuf) delete v2.doc;
    }
    return cached;
  }

  async index(_cluster: string, catalog: Catalog): Promise<Record<string, unknown>> {
    const v3 = await v3Builder.load();
    const e = this.entry(catalog);
    if (!e.index) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const p of e.byPath.keys()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${this.doc(v3, e, p)!.hash}` };
      e.index = { paths };
    }
    return e.index;
  }

  async document(_cluster: string, catalog: Catalog, gvPath: string, requestedHash: string | null): Promise<Answer> {
    const v3 = await v3Builder.load();
    const d = this.doc(v3, this.entry(catalog), gvPath);
    if (!d) throw pathNotFound();
    if (requestedHash && requestedHash !== d.hash) {
      return { status: 301, body: '', contentType: 'text/plain', headers: { Location: `/openapi/v3/${gvPath}?hash=${d.hash}` } };
    }
    const headers: Record<string, string> = { ETag: `"${d.hash}"`, Vary: 'Accept' };
    if (requestedHash) {
      headers['Cache-Control'] = 'public, immutable';
      headers['Expires'] = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
    }
    return { status: 200, body: d.body, contentType: 'application/json', headers, raw: true };
  }
}
