// The fuzzer's view of a daemon: raw HTTPS requests as the admin (bodies are sent as given, so malformed JSON
// reaches the server), discovery of every served resource and the OpenAPI v3 schemas of their kinds.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';

export interface Reply {
  status: number;
  text: string;
}

export interface Served {
  group: string;
  version: string;
  kind: string;
  /** The resource name in URLs (`configmaps`). */
  plural: string;
  namespaced: boolean;
  verbs: string[];
  /** Subresources served (`status`, `scale`, `token`). */
  subresources: string[];
}

export class FuzzClient {
  private readonly agent: Agent;
  private readonly token: string;

  constructor(
    readonly url: string,
    kubeconfig: string,
  ) {
    const cfg = YAML.parse(readFileSync(kubeconfig, 'utf8')) as {
      clusters: Array<{ cluster: Record<string, string> }>;
      users: Array<{ user: { token: string } }>;
    };
    this.agent = new Agent({
      connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() },
      connections: 4,
    });
    this.token = cfg.users[0]!.user.token;
  }

  async send(method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<Reply> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await request(`${this.url}${path}`, {
      method: method as 'GET',
      dispatcher: this.agent,
      headers,
      ...(body !== undefined ? { body } : {}),
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return JSON.parse(r.text) as T;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Every resource the cluster serves, from discovery (so kinds added later are fuzzed without changes here). */
  async discover(cluster: string): Promise<Served[]> {
    const base = `/clusters/${cluster}`;
    const lists: Array<{ gv: string; path: string }> = [{ gv: 'v1', path: `${base}/api/v1` }];
    const groups = await this.json<{ groups: Array<{ versions: Array<{ groupVersion: string }> }> }>('GET', `${base}/apis`);
    for (const g of groups.groups) for (const v of g.versions) lists.push({ gv: v.groupVersion, path: `${base}/apis/${v.groupVersion}` });
    const out: Served[] = [];
    for (const { gv, path } of lists) {
      const doc = await this.json<{ resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }> }>('GET', path);
      const [group, version] = gv.includes('/') ? (gv.split('/') as [string, string]) : ['', gv];
      for (const r of doc.resources) {
        if (r.name.includes('/')) continue;
        const subresources = doc.resources.filter((s) => s.name.startsWith(`${r.name}/`)).map((s) => s.name.slice(r.name.length + 1));
        out.push({ group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced, verbs: r.verbs, subresources });
      }
    }
    return out;
  }

  /** The component schemas of every group-version's OpenAPI v3 document, merged, and the kind → component table. */
  async schemas(cluster: string): Promise<{ components: Record<string, JsonSchema>; byKind: Map<string, string> }> {
    const index = await this.json<{ paths: Record<string, { serverRelativeURL: string }> }>('GET', `/clusters/${cluster}/openapi/v3`);
    const components: Record<string, JsonSchema> = {};
    const byKind = new Map<string, string>();
    for (const { serverRelativeURL } of Object.values(index.paths)) {
      const url = serverRelativeURL.startsWith('/clusters/') ? serverRelativeURL : `/clusters/${cluster}${serverRelativeURL}`;
      const doc = await this.json<{ components?: { schemas?: Record<string, JsonSchema> } }>('GET', url);
      for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
        components[name] = s;
        for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) byKind.set(kindKey(gvk.group, gvk.version, gvk.kind), name);
      }
    }
    return { components, byKind };
  }
}

export const kindKey = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  [k: string]: unknown;
}
