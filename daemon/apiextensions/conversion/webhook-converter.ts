// A CRD's conversion webhook (`spec.conversion.strategy: Webhook`) as the converter of the resources it serves:
// objects are stored in the storage version, and every object read or written in another version goes through one
// ConversionReview — a list's objects through one review together — sent over the admission webhooks' client, so
// conversions reuse its kept-alive connections. A failure is kube's error for a conversion its storage could not
// do: a 500 without reason whose message says which conversion failed and why.
import { unknownStatus, type StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { WebhookClient } from '../../support/webhook-client.js';
import type { ObjectConverter } from '../../registry/strategy.js';
import { checkConverted, conversionRequest, ConversionFailure, convertedObjects } from './review.js';

/** kube's webhook clients give up on a conversion after 30 s (CRDs cannot set a timeout of their own). */
const TIMEOUT_SECONDS = 30;

/** `spec.conversion.webhook` of a CRD. */
export interface ConversionWebhook {
  clientConfig?: { url?: string; caBundle?: string; service?: unknown };
  conversionReviewVersions?: string[];
}

/** What the converter needs to know of the resource it converts for. */
export interface ConvertedResource {
  /** The version served: `<group>/<version>`. */
  apiVersion: string;
  /** The CRD's storage version: `<group>/<version>`. */
  storageAPIVersion: string;
  kind: string;
  listKind: string;
}

export class WebhookConverter implements ObjectConverter {
  constructor(
    private readonly client: WebhookClient,
    private readonly webhook: ConversionWebhook,
    private readonly resource: ConvertedResource,
  ) {}

  /** One object (a get, a write's answer, a watch event) or a list's objects (`asList`), as this version serves them. */
  toServed(objs: readonly KObject[], asList = objs.length !== 1): Promise<KObject[]> {
    const { apiVersion, storageAPIVersion, listKind } = this.resource;
    const gvk = asList ? `${storageAPIVersion}, Kind=${listKind}` : gvkOf(objs[0]!);
    return this.convert(objs, apiVersion, gvk, asList);
  }

  async toStorage(obj: KObject): Promise<KObject> {
    const [stored] = await this.convert([obj], this.resource.storageAPIVersion, gvkOf(obj), false);
    return stored!;
  }

  /** `objs` in `desired`: those in another version through one review, the others as they are. */
  private async convert(objs: readonly KObject[], desired: string, gvk: string, asList: boolean): Promise<KObject[]> {
    const pending = objs.filter((o) => o.apiVersion !== desired);
    if (pending.length === 0) return [...objs];
    const review = conversionRequest(this.webhook.conversionReviewVersions ?? [], pending, desired);
    if (!review) throw unknownStatus(500, 'no supported conversion review versions');
    let answer: unknown;
    try {
      answer = await this.call(review.body);
    } catch (err) {
      throw failed(gvk, (err as Error).message);
    }
    let converted: unknown[];
    try {
      converted = convertedObjects(review, answer);
    } catch (err) {
      if (err instanceof ConversionFailure) throw failed(gvk, err.message);
      throw err;
    }
    if (converted.length !== pending.length)
      throw unknownStatus(500, `conversion webhook for ${gvk} returned ${converted.length} objects, expected ${pending.length}`);
    let next = 0;
    try {
      return objs.map((o) => {
        if (o.apiVersion === desired) return o;
        const i = next++;
        return checkConverted(o, converted[i], desired, asList ? i : undefined);
      });
    } catch (err) {
      if (err instanceof ConversionFailure) throw unknownStatus(500, `conversion webhook for ${gvk} ${err.message}`);
      throw err;
    }
  }

  private call(body: string): Promise<unknown> {
    const config = this.webhook.clientConfig ?? {};
    // A generic control plane has no Services to send a review to.
    if (!config.url) throw new Error('a service reference cannot be called: kcpx serves no Services (use clientConfig.url)');
    return this.client.post(config.url, config.caBundle, body, TIMEOUT_SECONDS);
  }
}

function gvkOf(obj: KObject): string {
  return `${obj.apiVersion}, Kind=${obj.kind}`;
}

function failed(gvk: string, why: string): StatusError {
  return unknownStatus(500, `conversion webhook for ${gvk} failed: ${why}`);
}
