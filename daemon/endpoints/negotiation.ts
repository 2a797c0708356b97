// Accept / Content-Type handling. kcpx answers JSON always; the Accept header only chooses between a plain
// object, a server-side Table, PartialObjectMetadata, or aggregated discovery.
import { notAcceptable } from '../apimachinery/status.js';
import { KUBERNETES_PROTOBUF } from '../apimachinery/protobuf-media-type.js';

export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseMediaRanges(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header.split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    const p: Record<string, string> = {};
    for (const kv of params) {
      const i = kv.indexOf('=');
      if (i > 0)
        p[kv.slice(0, i).trim().toLowerCase()] = kv
          .slice(i + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params: p };
  });
}

export type ObjectOutput = 'object' | 'table' | 'partial';

const JSONISH = new Set(['application/json', 'application/*', '*/*', 'application/yaml', KUBERNETES_PROTOBUF]);

/**
 * What representation of an object/list to send. Protobuf is accepted in the list but answered as JSON — every
 * client that offers protobuf also offers JSON.
 */
export function objectOutput(accept: string | undefined): ObjectOutput {
  // Clients send the same few Accept headers on every request: decide each once.
  const key = accept ?? '';
  const known = decided.get(key);
  if (known) return known;
  const out = decideObjectOutput(accept);
  if (decided.size >= 256) decided.clear();
  decided.set(key, out);
  return out;
}

const decided = new Map<string, ObjectOutput>();

function decideObjectOutput(accept: string | undefined): ObjectOutput {
  const ranges = parseMediaRanges(accept);
  if (ranges.length === 0) return 'object';
  for (const r of ranges) {
    const as = r.params['as'];
    if (as) {
      if (r.params['g'] !== 'meta.k8s.io') continue;
      if (as === 'Table' && (r.params['v'] === 'v1' || r.params['v'] === 'v1beta1')) return 'table';
      if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && (r.params['v'] === 'v1' || r.params['v'] === 'v1beta1'))
        return 'partial';
      continue;
    }
    if (JSONISH.has(r.type)) return 'object';
  }
  throw notAcceptable(['application/json', 'application/yaml', 'application/json;as=Table;v=v1;g=meta.k8s.io']);
}

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the client asked for aggregated discovery (apidiscovery.k8s.io v2) before plain JSON. */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  for (const r of parseMediaRanges(accept)) {
    if (r.params['g'] === 'apidiscovery.k8s.io' && r.params['as'] === 'APIGroupDiscoveryList' && r.params['v'] === 'v2') return true;
    if (!r.params['as'] && JSONISH.has(r.type)) return false;
  }
  return false;
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
