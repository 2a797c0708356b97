// One logical cluster's API: discovery, OpenAPI and the generic REST verbs over the registry. Loaded by ApiHandler
// (api-handler.ts) on the first request, off the cold start.
import type { ServerResponse } from 'node:http';
import { methodNotAllowed, pathNotFound, type Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { CallResult, ObjectList, ResourceCall } from '../registry/call.js';
import { remove, removeCollection } from '../registry/delete.js';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions } from '../registry/discovery.js';
import { groupResource } from '../registry/keys.js';
import { decodePatchBody, patch } from '../registry/patch.js';
import { get, list } from '../registry/read.js';
import { buildTable, checkIncludeObject, includeObjectOf, partialObjectMetadata } from '../registry/table.js';
import type { ResourceDef } from '../registry/types.js';
import type { ApiHandlerDeps, ApiRequest } from './api-request.js';
import { prepareWatch, type PreparedWatch } from '../registry/watch.js';
import type { SubresourceHandler } from '../registry/strategy.js';
import { create, notSupportedOnSubresource, update } from '../registry/write.js';
import { decodeObjectBody } from './decode.js';
import { AGGREGATED_DISCOVERY_TYPE, mediaType, objectOutput, wantsAggregatedDiscovery, type ObjectOutput } from './negotiation.js';
import { parseRequestInfo, type ResourceRequest } from '../apimachinery/request-info.js';
import { warningHeaders, type Answer } from './respond.js';
import { bodyParsersFor, type BodyParsers } from './body-parsers.js';
import { openWatchStream } from './watch-stream.js';

/** Writes whose answer is the object exactly as the store wrote it (subresources answer other shapes, e.g. Scale). */
const WRITES_ANSWERED_AS_STORED = new Set(['create', 'update', 'patch']);

export class ApiEndpoints {
  constructor(private readonly deps: ApiHandlerDeps) {}

  /** Returns an answer to write, or undefined when the response was streamed (watch). */
  async serve(req: ApiRequest, res: ServerResponse): Promise<Answer | undefined> {
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
        return json(await this.deps.openapi.index(req.cluster, catalog));
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
    reg.defaults.beforeUse(req.cluster, def);
    if (info.verb === 'proxy' || !def.verbs.includes(info.verb)) {
      // Subresource verbs (status, scale, finalize) are checked by the subresource's handler.
      if (!(info.subresource && ['get', 'update', 'patch'].includes(info.verb))) {
        throw methodNotAllowed(groupResource(def), info.verb);
      }
    }
    let sub: SubresourceHandler | undefined;
    if (info.subresource !== undefined) {
      sub = def.strategy.subresources[info.subresource];
      if (!sub) throw pathNotFound();
    }
    const output = objectOutput(req.headers.accept);
    const call: ResourceCall = {
      cluster: req.cluster,
      def,
      namespace: info.namespace ?? '',
      query: req.query,
      ctx: { cluster: req.cluster, user: req.user, now: reg.now(), dryRun: false },
    };
    // What the kind serves as stored is answered with the stored JSON; writes through a subresource answer other
    // shapes (e.g. Scale). Reads of a kind that serves only some objects as stored (custom resources stored through
    // another version) splice those and serve the others, unless a conversion webhook serves them in one round trip.
    const { strategy } = def;
    const reads = info.verb === 'get' || info.verb === 'list';
    if (
      output === 'object' &&
      (strategy.storedIsServed
        ? reads || (WRITES_ANSWERED_AS_STORED.has(info.verb) && !sub)
        : reads && strategy.servesStoredText !== undefined && !strategy.converter)
    )
      call.rawOk = true;
    if (info.name !== undefined) call.name = info.name;
    if (info.subresource !== undefined) call.subresource = info.subresource;
    const ua = req.headers['user-agent'];
    if (ua) call.userAgent = ua;
    // The YAML parser and the protobuf decoder stay off the cold start: only a body that needs one waits for it.
    const parsers = await bodyParsersFor(req.headers['content-type'], req.body);

    let result: CallResult;
    if (sub) result = await this.serveSubresource(req, info, call, sub, parsers);
    else {
      switch (info.verb) {
        case 'get':
        case 'list': {
          // A promise only for kinds that convert through a round trip: the others' reads stay synchronous.
          const read = info.verb === 'get' ? get(reg, call) : list(reg, call);
          result = read instanceof Promise ? await read : read;
          break;
        }
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
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers, def);
          result = await create(reg, call);
          break;
        case 'update':
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers, def);
          result = await update(reg, call);
          break;
        case 'patch':
          readPatch(req, call, parsers.yaml);
          result = await patch(reg, call);
          break;
        case 'delete':
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers);
          result = await remove(reg, call);
          break;
        case 'deletecollection':
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers);
          result = await removeCollection(reg, call);
          break;
        default:
          throw methodNotAllowed(groupResource(def), info.verb);
      }
    }
    const warnings = def.deprecationWarning ? [def.deprecationWarning, ...(result.warnings ?? [])] : result.warnings;
    if (result.raw !== undefined)
      return { status: result.status, body: result.raw, raw: true, contentType: 'application/json', headers: warningHeaders(warnings) };
    return {
      status: result.status,
      body: render(def, sub, result.body, output, req.query, info.verb === 'list'),
      headers: warningHeaders(warnings),
    };
  }

  /** A subresource's verb, served by its handler; a verb it does not serve is kube's MethodNotSupported. */
  private async serveSubresource(
    req: ApiRequest,
    info: ResourceRequest,
    call: ResourceCall,
    sub: SubresourceHandler,
    parsers: BodyParsers,
  ): Promise<CallResult> {
    const reg = this.deps.registry;
    switch (info.verb) {
      case 'get':
        if (sub.get) return sub.get(reg, call);
        break;
      case 'create':
        if (sub.create) {
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers, sub.kind ?? call.def);
          return sub.create(reg, call);
        }
        break;
      case 'update':
        if (sub.update) {
          call.body = decodeObjectBody(req.headers['content-type'], req.body, parsers, sub.kind ?? call.def);
          return sub.update(reg, call);
        }
        break;
      case 'patch':
        if (sub.patch) {
          readPatch(req, call, parsers.yaml);
          return sub.patch(reg, call);
        }
        break;
    }
    throw notSupportedOnSubresource(call.def, info.subresource!, info.verb);
  }

  private watch(req: ApiRequest, call: ResourceCall, prepared: PreparedWatch, output: ObjectOutput, res: ServerResponse): void {
    const include = includeObjectOf(req.query);
    // Every event of a Table watch is a row: an unknown includeObject is refused before the stream starts.
    if (output === 'table') checkIncludeObject(include);
    // The stream may close before the watch has started (then it is stopped as soon as it starts).
    const running: { watch?: { stop(): void } } = {};
    let closed = false;
    const sink = openWatchStream(
      res,
      (_type, obj, first) => {
        if (output === 'table') return buildTable(call.def, [obj as KObject], {}, include, first);
        if (output === 'partial') return partialObjectMetadata(obj as KObject);
        return call.def.strategy.served(obj as KObject);
      },
      () => {
        closed = true;
        running.watch?.stop();
      },
    );
    running.watch = prepared.start(sink);
    if (closed) running.watch.stop();
  }
}

function json(body: unknown, contentType = 'application/json'): Answer {
  return { status: 200, body, contentType };
}

function render(
  def: ResourceDef,
  sub: SubresourceHandler | undefined,
  body: unknown,
  output: ObjectOutput,
  query: URLSearchParams,
  isList: boolean,
): unknown {
  const obj = body as KObject | ObjectList | Status;
  if (output === 'object' || (obj as Status).kind === 'Status') return body;
  if (output === 'partial') {
    if (isList) {
      const l = obj as ObjectList;
      return {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: l.metadata,
        items: l.items.map(partialObjectMetadata),
      };
    }
    return partialObjectMetadata(obj as KObject);
  }
  // A subresource of another kind (a Scale) is no row of this resource's table.
  if (sub?.kind) return body;
  const include = includeObjectOf(query);
  if (isList) {
    const l = obj as ObjectList;
    return buildTable(def, l.items, l.metadata, include);
  }
  const single = obj as KObject;
  return buildTable(def, [single], { resourceVersion: single.metadata.resourceVersion ?? '' }, include);
}

/** A patch's type (its media type) and its body, decoded as that type says. */
function readPatch(req: ApiRequest, call: ResourceCall, yaml: BodyParsers['yaml']): void {
  const type = mediaType(req.headers['content-type']);
  call.contentType = type;
  call.body = decodePatchBody(type, req.body ?? Buffer.alloc(0), yaml);
}
