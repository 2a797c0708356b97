// kubectl's JSONPath dialect, the part printer columns need: dotted fields, quoted keys, indexes, `[*]`, and
// `[?(@.k=="v")]` filters; `firstResult` gives the first match as CRD additionalPrinterColumns use it.
type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; op: string; value: unknown } };

export function parsePath(path: string): Step[] {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === '.') {
      i++;
      let name = '';
      while (i < p.length && p[i] !== '.' && p[i] !== '[') name += p[i++];
      if (name) steps.push({ field: name });
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new Error(`unterminated [ in ${path}`);
      const inner = p.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^['"].*['"]$/.test(inner)) steps.push({ field: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const m = /^@((?:\.[\w-]+)+)\s*(==|!=)?\s*(.*)$/.exec(inner.slice(2, -1).trim());
        if (!m) throw new Error(`unsupported filter ${inner}`);
        const raw = (m[3] ?? '').trim();
        const value = raw === '' ? undefined : /^['"].*['"]$/.test(raw) ? raw.slice(1, -1) : JSON.parse(raw);
        steps.push({ filter: { path: m[1]!.split('.').filter(Boolean), op: m[2] ?? 'exists', value } });
      } else throw new Error(`unsupported selector [${inner}]`);
    } else {
      let name = '';
      while (i < p.length && p[i] !== '.' && p[i] !== '[') name += p[i++];
      steps.push({ field: name });
    }
  }
  return steps;
}

function walk(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if ('field' in step) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step.field))
        out.push((v as Record<string, unknown>)[step.field]);
    } else if ('index' in step) {
      if (Array.isArray(v)) {
        const idx = step.index < 0 ? v.length + step.index : step.index;
        if (idx >= 0 && idx < v.length) out.push(v[idx]);
      }
    } else if ('all' in step) {
      if (Array.isArray(v)) out.push(...v);
      else if (v !== null && typeof v === 'object') out.push(...Object.values(v));
    } else if (Array.isArray(v)) {
      for (const el of v) {
        let cur: unknown = el;
        for (const f of step.filter.path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[f] : undefined;
        const ok =
          step.filter.op === 'exists' ? cur !== undefined : step.filter.op === '==' ? cur === step.filter.value : cur !== step.filter.value;
        if (ok) out.push(el);
      }
    }
  }
  return out;
}

export function findResults(path: string, data: unknown): unknown[] {
  let values: unknown[] = [data];
  for (const step of parsePath(path)) values = walk(values, step);
  return values;
}

/** The first value a path selects, or undefined when it selects nothing. */
export function firstResult(path: string, data: unknown): unknown {
  try {
    return findResults(path, data)[0];
  } catch {
    return undefined;
  }
}
