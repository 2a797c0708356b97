// Serves one logical cluster's API: discovery, OpenAPI and the generic REST verbs over the registry.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { methodNotAllowed, pathNotFound, type Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { CallResult, ObjectList, ResourceCall } from '../registry/call.js';
import { remove, removeCollection } from '../registry/delete.js';
import {
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from '../registry/discovery.js';
import { groupResource } from '../registry/keys.js';
import { decodePatchBody, patch } from '../registry/patch.js';
import { asServedVersion, get, list } from '../registry/read.js';
import type { Registry } from '../registry/registry.js';
import { buildTable, checkIncludeObject, includeObjectOf, partialObjectMetadata } from '../registry/table.js';
import type { ResourceDef, UserInfo } from '../registry/types.js';
import { prepareWatch, type PreparedWatch } from '../registry/watch.js';
import { decodeComponent } from '../registry/typecheck.js';
import { create, update } from '../registry/write.js';
import { decodeObjectBody } from './decode.js';
import { AGGREGATED_DISCOVERY_TYPE, mediaType, objectOutput, wantsAggregatedDiscovery, type ObjectOutput } from './negotiation.js';
import type { OpenAPIService } from './openapi.js';
import { parseRequestInfo, type ResourceRequest } from '../apimachinery/request-info.js';
import { warningHeaders, type Answer } from './respond.js';
import { isYamlMediaType, loadYaml } from '../apimachinery/decoding/yaml.js';
import { loadCrdValidator } from '../apiextensions/load.js';
import { openWatchStream } from './watch-stream.js';
import type { ServiceAccountTokens } from '../auth/service-account-tokens.js';
import { createTokenRequest } from '../auth/token-request.js';

const TOKEN_REQUEST = { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };

/** Writes whose answer is the object exactly as the store wrote it (subresources answer other shapes, e.g. Scale). */
const WRITES_ANSWERED_AS_STORED = new Set(['create', 'update', 'patch']);

export interface ApiRequest {
  method: string;
  cluster: string;
  /** Path below the cluster prefix, starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer;
  user: UserInfo;
}

export interface ApiHandlerDeps {
  registry: Registry;
  openapi: OpenAPIService;
  /** host:port clients use, for /api's serverAddressByClientCIDRs. */
  externalAddress: string;
  /** Issues bound ServiceAccount tokens (POST …/serviceaccounts/<name>/token). */
  serviceAccountTokens?: ServiceAccountTokens;
}

export class ApiHandler {
  constructor(private readonly deps: ApiHandlerDeps) {}

  /** Returns an answer to write, or undefined when the response was streamed (watch). */
  async serve(req: ApiRequest, res: ServerResponse): Promise<Answer | undefined> {
    if (req.body?.length && isYamlMediaType(mediaType(req.headers['content-type']))) await loadYaml();
    const info = parseRequestInfo(req.method, req.path, req.query);
    const catalog = this.deps.registry.catalogs.for(req.cluster);
    const accept = req.headers.accept;
    switch (info.kind) {
      case 'api-versions':
        if (wantsAggregatedDiscovery(accept)) return json(aggregatedDiscovery(catalog, true), AGGREGATED_DISCOVERY_TYPE);
        return json(apiVersions(this.deps.externalAddress));
      case 'api-groups':
        if (wantsAggregatedDiscovery(accept)) return json(aggregatedDiscovery(catalog, false), AGGREGATED_DISCOVERY_TYPE);
        return json(apiGroupList(catalog));
      case 'api-group': {
        const doc = apiGroupDoc(catalog, info.group);
        if (!doc) throw pathNotFound();
        return json(doc);
      }
      case 'api-resources': {
        const doc = apiResourceList(catalog, info.group, info.version);
        if (!doc) throw pathNotFound();
        return json(doc);
      }
      case 'openapi-v3-index':
        return json(this.deps.openapi.index(req.cluster, catalog));
      case 'openapi-v3':
        return this.deps.openapi.document(req.cluster, catalog, info.gv, req.query.get('hash'));
      case 'openapi-v2':
        return this.deps.openapi.v2(req.cluster, catalog, accept, req.headers['if-none-match']);
      case 'non-resource':
        throw pathNotFound();
      case 'resource':
        return this.serveResource(req, info, res);
    }
  }

  private async serveResource(req: ApiRequest, info: ResourceRequest, res: ServerResponse): Promise<Answer | undefined> {
    const reg = this.deps.registry;
    const def = reg.catalogs.for(req.cluster).lookup(info.group, info.version, info.resource);
    if (!def) throw pathNotFound();
    if (info.namespace !== undefined && !def.namespaced) throw pathNotFound();
    if (info.verb === 'proxy' || !def.verbs.includes(info.verb)) {
      // Subresource verbs (status, scale, finalize) are checked by the verb handlers.
      if (!(info.subresource && ['get', 'update', 'patch'].includes(info.verb))) {
        throw methodNotAllowed(groupResource(def), info.verb);
      }
    }
    if (info.subresource === 'token' && def.group === '' && def.plural === 'serviceaccounts' && info.verb === 'create' && this.deps.serviceAccountTokens) {
      return this.tokenRequest(req, info, this.deps.serviceAccountTokens);
    }
    if (info.subresource && !subresourceServed(def, info.subresource)) throw pathNotFound();
    const output = objectOutput(req.headers.accept);
    const call: ResourceCall = {
      cluster: req.cluster,
      def,
      namespace: info.namespace ?? (def.plural === 'namespaces' && def.group === '' ? '' : ''),
      query: req.query,
      ctx: { cluster: req.cluster, user: req.user, now: reg.now(), dryRun: false },
    };
    // Custom resources may need their apiVersion rewritten (multi-version CRDs), so they are served parsed.
    if (output === 'object' && !def.crd && (info.verb === 'get' || info.verb === 'list' || (WRITES_ANSWERED_AS_STORED.has(info.verb) && !info.subresource))) call.rawOk = true;
    if (info.name !== undefined) call.name = info.name;
    if (info.subresource !== undefined) call.subresource = info.subresource;
    const ua = req.headers['user-agent'];
    if (ua) call.userAgent = ua;

    if (def.crd) await loadCrdValidator();
    let result: CallResult;
    switch (info.verb) {
      case 'get':
        result = get(reg, call);
        break;
      case 'list':
        result = list(reg, call);
        break;
      case 'watch': {
        // Its options are checked first: once the stream's 200 is out, a refusal can no longer be a status.
        const prepared = prepareWatch(reg, call);
        // A watch streams as it goes, so it starts only once every write so far is committed: its replay and initial
        // list must not show a write that a crash could still undo (see Store.durable).
        const pending = reg.store.durable?.();
        if (pending) await pending;
        this.watch(req, call, prepared, output, res);
        return undefined;
      }
      case 'create':
        call.body = decodeObjectBody(req.headers['content-type'], req.body, def);
        result = await create(reg, call);
        break;
      case 'update':
        call.body = decodeObjectBody(req.headers['content-type'], req.body, def);
        result = await update(reg, call);
        break;
      case 'patch': {
        const type = mediaType(req.headers['content-type']);
        call.contentType = type;
        call.body = decodePatchBody(type, req.body ?? Buffer.alloc(0));
        result = await patch(reg, call);
        break;
      }
      case 'delete':
        call.body = decodeObjectBody(req.headers['content-type'], req.body);
        result = await remove(reg, call);
        break;
      case 'deletecollection':
        call.body = decodeObjectBody(req.headers['content-type'], req.body);
        result = await removeCollection(reg, call);
        break;
      default:
        throw methodNotAllowed(groupResource(def), info.verb);
    }
    const warnings = def.deprecationWarning ? [def.deprecationWarning, ...(result.warnings ?? [])] : result.warnings;
    if (result.raw !== undefined) return { status: result.status, body: result.raw, raw: true, contentType: 'application/json', headers: warningHeaders(warnings) };
    return {
      status: result.status,
      body: render(def, result.body, output, req.query, info.verb === 'list'),
      headers: warningHeaders(warnings),
    };
  }

  /** TokenRequest for a ServiceAccount: `kubectl create token <sa>` (auth/token-request.ts). */
  private tokenRequest(req: ApiRequest, info: ResourceRequest, tokens: ServiceAccountTokens): Answer {
    const store = this.deps.registry.store;
    const body = createTokenRequest({
      cluster: req.cluster,
      namespace: info.namespace ?? '',
      name: info.name ?? '',
      body: typedTokenRequest(decodeObjectBody(req.headers['content-type'], req.body, TOKEN_REQUEST)),
      now: this.deps.registry.now(),
      get: (key) => store.get(key),
      tokens,
    });
    return { status: 201, body };
  }

  private watch(req: ApiRequest, call: ResourceCall, prepared: PreparedWatch, output: ObjectOutput, res: ServerResponse): void {
    const include = includeObjectOf(req.query);
    // Every event of a Table watch is a row: an unknown includeObject is refused before the stream starts.
    if (output === 'table') checkIncludeObject(include);
    let active: { stop(): void } | undefined;
    let closed = false;
    const sink = openWatchStream(
      res,
      (_type, obj, first) => {
        if (output === 'table') return buildTable(call.def, [obj as KObject], {}, include, first);
        if (output === 'partial') return partialObjectMetadata(obj as KObject);
        return asServedVersion(call.def, obj as KObject);
      },
      () => {
        closed = true;
        active?.stop();
      },
    );
    active = prepared.start(sink);
    if (closed) active.stop();
  }
}

function subresourceServed(def: ResourceDef, sub: string): boolean {
  if (sub === 'status') return Boolean(def.subresources.status);
  if (sub === 'scale') return Boolean(def.subresources.scale);
  if (sub === 'finalize') return def.group === '' && def.plural === 'namespaces';
  return false;
}

function json(body: unknown, contentType = 'application/json'): Answer {
  return { status: 200, body, contentType };
}

function render(def: ResourceDef, body: unknown, output: ObjectOutput, query: URLSearchParams, isList: boolean): unknown {
  const obj = body as KObject | ObjectList | Status;
  if (output === 'object' || (obj as Status).kind === 'Status') return body;
  if (output === 'partial') {
    if (isList) {
      const l = obj as ObjectList;
      return { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: l.metadata, items: l.items.map(partialObjectMetadata) };
    }
    return partialObjectMetadata(obj as KObject);
  }
  if ((obj as KObject).kind === 'Scale') return body;
  const include = includeObjectOf(query);
  if (isList) {
    const l = obj as ObjectList;
    return buildTable(def, l.items, l.metadata, include);
  }
  const single = obj as KObject;
  return buildTable(def, [single], { resourceVersion: single.metadata.resourceVersion ?? '' }, include);
}

/** A TokenRequest body, checked against its Go type before anything reads it. */
function typedTokenRequest(body: unknown): unknown {
  if (body !== undefined) decodeComponent('io.k8s.api.authentication.v1.TokenRequest', TOKEN_REQUEST, body);
  return body;
}
