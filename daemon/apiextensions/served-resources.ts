// The resources one CRD serves: a definition per served version (identity from spec.names and scope) with a custom
// resource strategy over that version's schema, compiled by the first write and kept per CRD generation.
import type { KObject } from '../apimachinery/types.js';
import { ALL_VERBS, type ResourceDef, type ResourceIdentity, type SchemaOps } from '../registry/types.js';
import type { CRDSpec } from './custom-resources.js';
import type { CrdValidator } from './load.js';
import type { WebhookClient } from '../support/webhook-client.js';
import { WebhookConverter } from './conversion/webhook-converter.js';
import { CustomResourceStrategy } from './custom-resource-strategy.js';

/** Compiled schemas by CRD uid + generation + version: compiling is the expensive part. */
export type CompiledSchemas = Map<string, SchemaOps>;

/** What converting through a CRD's conversion webhook needs; without it, `strategy: Webhook` serves as `None`. */
export interface ConversionDeps {
  webhookClient: WebhookClient;
}

export function servedResources(crd: KObject, compiled: CompiledSchemas, conversion?: ConversionDeps): ResourceDef[] {
  const spec = crd['spec'] as CRDSpec;
  const n = spec.names;
  const storage = spec.versions.find((v) => v.storage)?.name;
  const webhook = spec.conversion?.strategy === 'Webhook' ? spec.conversion.webhook : undefined;
  // Served versions in preference order: kube sorts by version priority; the storage version first is close enough.
  const versions = [...spec.versions.filter((v) => v.served)].sort((a, b) => Number(b.storage) - Number(a.storage));
  return versions.map((v) => {
    const schema = v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const key = `${crd.metadata.uid}/${crd.metadata.generation}/${v.name}`;
    const compile = (validator: CrdValidator): SchemaOps => {
      let ops = compiled.get(key);
      if (!ops) compiled.set(key, (ops = validator.compileCustomResourceSchema(schema, { kind: n.kind, group: spec.group })));
      return ops;
    };
    const identity: ResourceIdentity = {
      group: spec.group,
      version: v.name,
      kind: n.kind,
      listKind: n.listKind ?? `${n.kind}List`,
      plural: n.plural,
      singular: n.singular ?? n.kind.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: n.shortNames ?? [],
      categories: n.categories ?? [],
      verbs: ALL_VERBS,
      openAPISchema: schema,
    };
    if (v.deprecated) {
      identity.deprecated = true;
      identity.deprecationWarning = v.deprecationWarning ?? `${spec.group}/${v.name} ${n.kind} is deprecated`;
    }
    // The strategy is built for the definition, whose names it reads.
    const def = { ...identity, strategy: undefined as unknown as CustomResourceStrategy };
    def.strategy = new CustomResourceStrategy(def, {
      crd: { uid: crd.metadata.uid!, name: crd.metadata.name! },
      schema: compile,
      status: Boolean(v.subresources?.status),
      ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
      ...(v.additionalPrinterColumns?.length ? { printerColumns: v.additionalPrinterColumns } : {}),
      ...(webhook && conversion && storage
        ? {
            converter: new WebhookConverter(conversion.webhookClient, webhook, {
              apiVersion: `${spec.group}/${v.name}`,
              storageAPIVersion: `${spec.group}/${storage}`,
              kind: identity.kind,
              listKind: identity.listKind,
            }),
          }
        : {}),
    });
    return def;
  });
}
