// Serves one logical cluster's API. The machinery behind it — discovery, OpenAPI, the REST verbs, patches, tables,
// watches, typed validation — is most of the daemon's modules and none of them is needed to start: it loads on the
// first request (or right after the daemon serves, see control-plane.ts), so a start loads only what it runs.
import type { ServerResponse } from 'node:http';
import { lazyImport } from '../support/lazy-import.js';
import type { ApiEndpoints } from './api-endpoints.js';
import type { ApiHandlerDeps, ApiRequest } from './api-request.js';
import type { Answer } from './respond.js';

export type { ApiHandlerDeps, ApiRequest } from './api-request.js';

const endpoints = lazyImport(() => import('./api-endpoints.js'));

/** Loads the API machinery; every handler shares it. */
export async function loadApiEndpoints(): Promise<void> {
  await endpoints.load();
}

export class ApiHandler {
  private served: ApiEndpoints | undefined;

  constructor(private readonly deps: ApiHandlerDeps) {}

  /** Returns an answer to write, or undefined when the response was streamed (watch). */
  serve(req: ApiRequest, res: ServerResponse): Promise<Answer | undefined> {
    if (this.served) return this.served.serve(req, res);
    return endpoints.load().then((m) => (this.served ??= new m.ApiEndpoints(this.deps)).serve(req, res));
  }
}
