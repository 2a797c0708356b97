// What the shard's API handler is given: a request already routed to a logical cluster, and its dependencies.
import type { IncomingHttpHeaders } from 'node:http';
import type { Registry } from '../registry/registry.js';
import type { UserInfo } from '../registry/types.js';
import type { OpenAPIService } from './openapi.js';

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
}
