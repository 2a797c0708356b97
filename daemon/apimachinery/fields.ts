// Field selectors: `k=v`, `k==v`, `k!=v`, comma = AND; `\` escapes `,`, `=` and `\` in values.
import { badRequest } from './status.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export class FieldSelector {
  constructor(readonly requirements: FieldRequirement[]) {}

  empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(get: (field: string) => string | undefined): boolean {
    return this.requirements.every((r) => {
      const v = get(r.field) ?? '';
      return r.op === '=' ? v === r.value : v !== r.value;
    });
  }
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      const next = s[i + 1];
      if (next === undefined || !'\\,='.includes(next))
        throw badRequest(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
      out += next;
      i++;
    } else out += ch;
  }
  return out;
}

export function parseFieldSelector(text: string): FieldSelector {
  if (text.trim() === '') return new FieldSelector([]);
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(text, ',')) {
    if (term === '') continue;
    // The operator is the first unescaped one.
    let idx = -1;
    let op = '';
    for (let i = 0; i < term.length; i++) {
      if (term[i] === '\\') {
        i++;
        continue;
      }
      if (term.startsWith('!=', i)) {
        idx = i;
        op = '!=';
        break;
      }
      if (term.startsWith('==', i)) {
        idx = i;
        op = '==';
        break;
      }
      if (term[i] === '=') {
        idx = i;
        op = '=';
        break;
      }
    }
    if (idx < 0) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = term.slice(0, idx).trim();
    const value = unescape(term.slice(idx + op.length));
    reqs.push({ field, op: op === '!=' ? '!=' : '=', value });
  }
  return new FieldSelector(reqs);
}
