// Name, label and annotation validation with apimachinery's exact messages (kubectl prints them verbatim).
import { fieldErr } from './status.js';
import type { FieldError, ObjectMeta, OwnerReference } from './types.js';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME}$`);
const LABEL_VALUE_RE = new RegExp(`^(${QUALIFIED_NAME})?$`);

const maxLen = (n: number) => `must be no more than ${n} characters`;

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!DNS1123_LABEL_RE.test(v)) {
    errs.push(
      `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
    );
  }
  return errs;
}

const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL}$`);

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!DNS1035_LABEL_RE.test(v)) {
    errs.push(
      `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`,
    );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) {
    errs.push(
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
    );
  }
  return errs;
}

export function isValidPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** Label keys, annotation keys and finalizer names: optional DNS subdomain prefix, then a qualified name. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name = v;
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
  } else if (parts.length > 2) {
    return [
      `a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !QUALIFIED_NAME_RE.test(name)) {
    errs.push(
      `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
    );
  }
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(v)) {
    errs.push(
      `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(${QUALIFIED_NAME})?')`,
    );
  }
  return errs;
}

export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'path-segment' | ((name: string) => string[]);

export function nameErrors(rule: NameRule, name: string): string[] {
  if (typeof rule === 'function') return rule(name);
  if (rule === 'dns1123-label') return isDNS1123Label(name);
  if (rule === 'dns1123-subdomain') return isDNS1123Subdomain(name);
  return isValidPathSegmentName(name);
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateObjectMeta(meta: ObjectMeta, opts: { namespaced: boolean; nameRule: NameRule }): FieldError[] {
  const errs: FieldError[] = [];
  if (!meta.name) {
    errs.push(fieldErr.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameErrors(opts.nameRule, meta.name)) errs.push(fieldErr.invalid('metadata.name', meta.name, msg));
  }
  if (opts.namespaced && !meta.namespace) errs.push(fieldErr.required('metadata.namespace', ''));
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(fieldErr.invalid('metadata.labels', k, msg));
    if (typeof v !== 'string') errs.push(fieldErr.invalid(`metadata.labels`, v, 'must be a string'));
    else for (const msg of isValidLabelValue(v)) errs.push(fieldErr.invalid('metadata.labels', v, msg));
  }
  let total = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldErr.invalid('metadata.annotations', k, msg));
    total += Buffer.byteLength(k) + Buffer.byteLength(String(v));
  }
  if (total > TOTAL_ANNOTATION_SIZE)
    errs.push({ type: 'FieldValueTooLong', field: 'metadata.annotations', detail: `must have at most ${TOTAL_ANNOTATION_SIZE} bytes` });
  if (meta.generation !== undefined && meta.generation < 0)
    errs.push(fieldErr.invalid('metadata.generation', meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateOwnerReferences(meta.ownerReferences ?? []));
  errs.push(...validateFinalizers(meta.finalizers ?? []));
  return errs;
}

/** apimachinery's ValidateFinalizers: qualified names, reported against the list (`metadata.finalizers`). */
function validateFinalizers(finalizers: string[]): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers) for (const msg of isQualifiedName(f)) errs.push(fieldErr.invalid('metadata.finalizers', f, msg));
  return errs;
}

/** The version of an apiVersion as schema.ParseGroupVersion reads it ('' when it does not parse). */
function versionOf(apiVersion: string): string {
  if (apiVersion === '' || apiVersion === '/') return '';
  const parts = apiVersion.split('/');
  if (parts.length === 1) return apiVersion;
  if (parts.length === 2) return parts[1]!;
  return '';
}

/**
 * apimachinery's ValidateOwnerReferences. Its field paths name the list, not the item
 * (`metadata.ownerReferences.uid`), as kube prints them.
 */
function validateOwnerReferences(refs: OwnerReference[]): FieldError[] {
  const errs: FieldError[] = [];
  const p = 'metadata.ownerReferences';
  let firstController = '';
  for (const r of refs) {
    const apiVersion = r.apiVersion ?? '';
    if (!versionOf(apiVersion)) errs.push(fieldErr.invalid(`${p}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!r.kind) errs.push(fieldErr.invalid(`${p}.kind`, r.kind ?? '', 'must not be empty'));
    if (!r.name) errs.push(fieldErr.invalid(`${p}.name`, r.name ?? '', 'must not be empty'));
    if (!r.uid) errs.push(fieldErr.invalid(`${p}.uid`, r.uid ?? '', 'must not be empty'));
    if (apiVersion === 'v1' && r.kind === 'Event') errs.push(fieldErr.invalid(p, r, '/v1, Kind=Event is disallowed from being an owner'));
    if (r.controller) {
      const name = `${r.kind ?? ''}/${r.name ?? ''}`;
      if (firstController) {
        errs.push(
          fieldErr.invalid(
            p,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`,
          ),
        );
      } else firstController = name;
    }
  }
  return errs;
}
