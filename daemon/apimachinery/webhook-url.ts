// kube's webhook.ValidateWebhookURL, shared by admission webhook configurations and CRD conversion webhooks: an
// https URL with a host, without user information, query or fragment.
import { fieldErr } from './status.js';
import type { FieldError } from './types.js';

export function webhookURLErrors(path: string, raw: string): FieldError[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch (err) {
    return [fieldErr.required(path, `url must be a valid URL: ${(err as Error).message}`)];
  }
  const out: FieldError[] = [];
  if (u.protocol !== 'https:') out.push(fieldErr.invalid(path, u.protocol.replace(/:$/, ''), "'https' is the only allowed URL scheme"));
  if (!u.host) out.push(fieldErr.invalid(path, u.host, 'host must be specified'));
  if (u.username || u.password) out.push(fieldErr.invalid(path, u.username, 'user information is not permitted in the URL'));
  if (u.hash) out.push(fieldErr.invalid(path, u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search) out.push(fieldErr.invalid(path, u.search.slice(1), 'query parameters are not permitted in the URL'));
  return out;
}
