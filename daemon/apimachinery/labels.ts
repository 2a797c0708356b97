// Kubernetes label selectors: the string grammar of `-l` / `labelSelector=` and metav1.LabelSelector objects.
import { badRequest } from './status.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export class LabelSelector {
  constructor(readonly requirements: Requirement[]) {}

  empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    return this.requirements.every((r) => matchRequirement(r, l));
  }

  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.op) {
          case '=':
            return `${r.key}=${r.values[0]}`;
          case '!=':
            return `${r.key}!=${r.values[0]}`;
          case 'in':
            return `${r.key} in (${r.values.join(',')})`;
          case 'notin':
            return `${r.key} notin (${r.values.join(',')})`;
          case 'exists':
            return r.key;
          case '!':
            return `!${r.key}`;
          case 'gt':
            return `${r.key}>${r.values[0]}`;
          case 'lt':
            return `${r.key}<${r.values[0]}`;
        }
      })
      .join(',');
  }
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(v!)) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      return r.op === 'gt' ? n > bound : n < bound;
    }
  }
}

function fail(msg: string): never {
  throw badRequest(`unable to parse requirement: ${msg}`);
}

function checkKey(key: string): void {
  const errs = isQualifiedName(key);
  if (errs.length) fail(`key: Invalid value: "${key}": ${errs.join('; ')}`);
}

function checkValue(value: string): void {
  const errs = isValidLabelValue(value);
  if (errs.length) fail(`values[0][${value}]: Invalid value: "${value}": ${errs.join('; ')}`);
}

/** Splits on commas outside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseLabelSelector(text: string): LabelSelector {
  const reqs: Requirement[] = [];
  if (text.trim() === '') return new LabelSelector([]);
  for (const raw of splitTerms(text)) {
    const term = raw.trim();
    if (term === '') fail("found '', expected: !, identifier, or 'end of string'");
    let m: RegExpExecArray | null;
    if ((m = /^!\s*([^\s=!<>(),]+)$/.exec(term))) {
      checkKey(m[1]!);
      reqs.push({ key: m[1]!, op: '!', values: [] });
    } else if ((m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      checkKey(m[1]!);
      const values = m[3]!.split(',').map((v) => v.trim());
      if (values.length === 1 && values[0] === '' && m[2] === 'in') fail(`for 'in', 'notin' operators, values set can't be empty`);
      values.forEach(checkValue);
      reqs.push({ key: m[1]!, op: m[2] as Operator, values: values.filter((v, i) => values.indexOf(v) === i) });
    } else if ((m = /^([^\s=!<>(),]+)\s*(==|=|!=|>|<)\s*([^\s=!<>(),]*)$/.exec(term))) {
      checkKey(m[1]!);
      const op = m[2]!;
      if (op === '>' || op === '<') {
        if (!/^-?\d+$/.test(m[3]!)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key: m[1]!, op: op === '>' ? 'gt' : 'lt', values: [m[3]!] });
      } else {
        checkValue(m[3]!);
        reqs.push({ key: m[1]!, op: op === '!=' ? '!=' : '=', values: [m[3]!] });
      }
    } else if ((m = /^([^\s=!<>(),]+)$/.exec(term))) {
      checkKey(m[1]!);
      reqs.push({ key: m[1]!, op: 'exists', values: [] });
    } else {
      fail(`found '${term}', expected: ',' or 'end of string'`);
    }
  }
  return new LabelSelector(reqs);
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** metav1.LabelSelector → selector. An empty object selects everything (as kube's LabelSelectorAsSelector). */
export function selectorFromLabelSelector(sel: LabelSelectorObject | null | undefined): LabelSelector {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel?.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }[e.operator] as Operator | undefined;
    if (!op) throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return new LabelSelector(reqs);
}
