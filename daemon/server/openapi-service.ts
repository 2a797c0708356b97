// /openapi/v3 for one logical cluster: documents are generated from the served ResourceDefs and cached per
// catalog (clusters without CRDs share the built-in catalog, hence one cached copy for all of them).
import { createHash } from 'node:crypto';
import { pathNotFound } from '../apimachinery/status.js';
import type { Catalog } from '../registry/catalog.js';
import { buildGroupVersionDocument, groupVersionPath } from '../registry/openapi.js';
import type { ResourceDef } from '../registry/types.js';
import type { Answer } from './respond.js';

interface CachedDoc {
  body: string;
  hash: string;
}

interface CatalogDocs {
  byPath: Map<string, ResourceDef[]>;
  docs: Map<string, CachedDoc>;
  index?: Record<string, unknown>;
}

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

  private doc(e: CatalogDocs, gvPath: string): CachedDoc | undefined {
    let d = e.docs.get(gvPath);
    if (d) return d;
    const defs = e.byPath.get(gvPath);
    if (!defs) return undefined;
    const body = JSON.stringify(buildGroupVersionDocument(defs));
    d = { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
    e.docs.set(gvPath, d);
    return d;
  }

  index(_cluster: string, catalog: Catalog): Record<string, unknown> {
    const e = this.entry(catalog);
    if (!e.index) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const p of e.byPath.keys()) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${this.doc(e, p)!.hash}` };
      e.index = { paths };
    }
    return e.index;
  }

  document(_cluster: string, catalog: Catalog, gvPath: string, requestedHash: string | null): Answer {
    const e = this.entry(catalog);
    const d = this.doc(e, gvPath);
    if (!d) throw pathNotFound();
    if (requestedHash && requestedHash !== d.hash) {
      return { status: 301, body: '', contentType: 'text/plain', headers: { Location: `/openapi/v3/${gvPath}?hash=${d.hash}` } };
    }
    const headers: Record<string, string> = { ETag: `"${d.hash}"`, Vary: 'Accept' };
    if (requestedHash) {
      headers['Cache-Control'] = 'public, immutable';
      headers['Expires'] = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
    }
    return { status: 200, body: d.body, contentType: 'application/json', headers, raw: true } as Answer;
  }
}
