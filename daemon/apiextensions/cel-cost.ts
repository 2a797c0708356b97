// The estimated cost of a CEL rule, with the cost model kube refuses CRDs by: cel-go's checker (checker/cost.go)
// plus the size-aware costs kube's CostEstimator gives the string library (k8s.io/apiserver/pkg/cel/library).
// A cost unit is roughly one cheap operation; what makes a rule expensive is data size — a comprehension costs
// its step times the most elements its range can hold, a string function the characters it traverses — so sizes
// flow through the expression from the declaration types of self/oldSelf (the schema's bounds at CRD validation,
// the data's own sizes before an evaluation). The walk is over cel-js's AST, read as cel-go would have expanded it:
// `x.all(v, p)` costs what cel-go's comprehension for it costs, so the same CRDs pass and fail as on kube.
import type { ASTNode } from '@marcbachmann/cel-js';
import type { CelKind, DeclType } from './cel-types.js';

export interface CostEstimate {
  readonly min: number;
  readonly max: number;
}
type SizeEstimate = CostEstimate;

// cel-go's common/cost.go
const SELECT_AND_IDENT_COST = 1;
const CONST_COST = 0;
const LIST_CREATE_BASE_COST = 10;
const MAP_CREATE_BASE_COST = 30;
const STRING_TRAVERSAL_COST_FACTOR = 0.1;
const REGEX_STRING_LENGTH_COST_FACTOR = 0.25;

/** uint64's ceiling, where cel-go's arithmetic saturates. */
const MAX_UINT64 = 2 ** 64 - 1;
const UNKNOWN: SizeEstimate = { min: 0, max: MAX_UINT64 };
const fixed = (n: number): CostEstimate => ({ min: n, max: n });
const ZERO = fixed(0);

const sat = (n: number) => (n >= MAX_UINT64 ? MAX_UINT64 : n);
const add = (a: CostEstimate, b: CostEstimate): CostEstimate => ({ min: sat(a.min + b.min), max: sat(a.max + b.max) });
const multiply = (a: CostEstimate, b: CostEstimate): CostEstimate => ({ min: sat(a.min * b.min), max: sat(a.max * b.max) });
const union = (a: CostEstimate, b: CostEstimate): CostEstimate => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) });
/** cel-go's multiplyByCostFactor: the product rounded up. */
const byFactor = (a: CostEstimate, f: number): CostEstimate => ({ min: sat(Math.ceil(a.min * f)), max: sat(Math.ceil(a.max * f)) });

/** What the walk knows of an expression's type: its kind, and the declaration it reaches from self when it does. */
interface Typed {
  readonly kind: CelKind | 'type';
  readonly decl?: DeclType;
  readonly elem?: Typed;
  readonly key?: Typed;
}
const DYN: Typed = { kind: 'dyn' };
const BOOL: Typed = { kind: 'bool' };
const INT: Typed = { kind: 'int' };
const STRING: Typed = { kind: 'string' };
const declared = (d: DeclType | undefined): Typed => (d ? { kind: d.kind, decl: d } : DYN);
const listOf = (elem: Typed): Typed => ({ kind: 'list', elem });

/** The size of list items and map entries where a literal or a comprehension made them (cel-go's entrySizeEstimate). */
interface EntrySize {
  readonly container: 'list' | 'map';
  readonly key: SizeEstimate;
  readonly val: SizeEstimate;
}
const unionEntries = (a: EntrySize | undefined, b: EntrySize | undefined): EntrySize | undefined =>
  a && b ? { container: a.container, key: union(a.key, b.key), val: union(a.val, b.val) } : undefined;

interface LocalVar {
  readonly type: Typed;
  readonly size?: SizeEstimate | undefined;
  readonly entry?: EntrySize | undefined;
}

const SCALARS: ReadonlySet<string> = new Set(['bool', 'double', 'duration', 'int', 'timestamp', 'uint']);
const ROOTS: ReadonlySet<string> = new Set(['self', 'oldSelf']);

/** has() costs nothing beyond its operand in kube's environment (checker.PresenceTestHasCost(false)). */
const PRESENCE_TEST_COST = ZERO;

/** The estimated cost range of one rule whose self and oldSelf have the declaration type `root`. */
export function estimateCost(ast: ASTNode, root: DeclType): CostEstimate {
  return new Coster(root).cost(ast);
}

const COMPREHENSIONS: ReadonlySet<string> = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/**
 * How long evaluating a rule can take, apart from its cost estimate: how many nodes it has, and whether it can be
 * superlinear in the data — a comprehension or cel.bind iterates, and cel-js's duration() parses with a
 * backtracking regular expression (seconds for a thousand digits). Without those, each node does work linear in
 * the data it reads, so an evaluation takes at most the rule's size times the object's.
 */
export function evaluationShape(e: ASTNode): { nodes: number; superlinear: boolean } {
  let nodes = 0;
  let superlinear = false;
  const visit = (n: ASTNode) => {
    nodes++;
    if (n.op === 'rcall') {
      const [name, target] = n.args;
      if (COMPREHENSIONS.has(name) || (name === 'bind' && target.op === 'id' && target.args === 'cel')) superlinear = true;
    } else if (n.op === 'call' && n.args[0] === 'duration') superlinear = true;
    for (const c of children(n)) visit(c);
  };
  visit(e);
  return { nodes, superlinear };
}

function children(e: ASTNode): ASTNode[] {
  switch (e.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [e.args[0]];
    case '!_':
    case '-_':
      return [e.args];
    case 'call':
      return e.args[1];
    case 'rcall':
      return [e.args[1], ...e.args[2]];
    case 'list':
      return e.args;
    case 'map':
      return e.args.flat();
    default:
      return [...e.args];
  }
}

class Coster {
  private readonly types = new Map<ASTNode, Typed>();
  private readonly sizes = new Map<ASTNode, SizeEstimate>();
  private readonly entries = new Map<ASTNode, EntrySize>();
  private readonly locals = new Map<string, LocalVar[]>();

  constructor(private readonly root: DeclType) {}

  cost(e: ASTNode): CostEstimate {
    const { cost, type } = this.visit(e);
    this.types.set(e, type);
    return cost;
  }

  private typeOf(e: ASTNode): Typed {
    return this.types.get(e) ?? DYN;
  }

  private visit(e: ASTNode): { cost: CostEstimate; type: Typed } {
    switch (e.op) {
      case 'value':
        return { cost: fixed(CONST_COST), type: literalType(e.args) };
      case 'id': {
        const local = this.peek(e.args);
        if (local) return { cost: fixed(SELECT_AND_IDENT_COST), type: local.type };
        return { cost: fixed(SELECT_AND_IDENT_COST), type: ROOTS.has(e.args) ? declared(this.root) : DYN };
      }
      case '.':
      case '.?': {
        const [operand, name] = e.args;
        let c = this.cost(operand);
        const t = this.typeOf(operand);
        if (t.kind === 'map' || t.kind === 'object') c = add(c, fixed(SELECT_AND_IDENT_COST));
        return { cost: c, type: fieldOf(t, name) };
      }
      case '[]':
      case '[?]':
        return this.index(e, e.args[0], e.args[1]);
      case 'list':
        return this.createList(e, e.args);
      case 'map': {
        let c = ZERO;
        let key: SizeEstimate = e.args.length ? { min: MAX_UINT64, max: 0 } : ZERO;
        let val: SizeEstimate = key;
        for (const [k, v] of e.args) {
          c = add(c, add(this.cost(k), this.cost(v)));
          key = union(key, this.sizeOrUnknown(k));
          val = union(val, this.sizeOrUnknown(v));
        }
        this.entries.set(e, { container: 'map', key, val });
        const first = e.args[0];
        return {
          cost: add(c, fixed(MAP_CREATE_BASE_COST)),
          type: { kind: 'map', key: first ? this.typeOf(first[0]) : DYN, elem: first ? this.typeOf(first[1]) : DYN },
        };
      }
      case '?:': {
        const [cond, yes, no] = e.args;
        const c = add(this.cost(cond), union(this.cost(yes), this.cost(no)));
        this.sizes.set(e, union(this.sizeOrUnknown(yes), this.sizeOrUnknown(no)));
        const entry = unionEntries(this.entries.get(yes), this.entries.get(no));
        if (entry) this.entries.set(e, entry);
        return { cost: c, type: this.typeOf(yes).kind === 'dyn' ? this.typeOf(no) : this.typeOf(yes) };
      }
      case '||':
      case '&&': {
        const lhs = this.cost(e.args[0]);
        const rhs = this.cost(e.args[1]);
        // the right side may be short-circuited away
        return { cost: { min: lhs.min, max: add(lhs, rhs).max }, type: BOOL };
      }
      case '!_':
        return { cost: add(fixed(1), this.cost(e.args)), type: BOOL };
      case '-_': {
        // cel-go's parser reads -1 and -1.0 as literals
        if (e.args.op === 'value' && (typeof e.args.args === 'bigint' || typeof e.args.args === 'number'))
          return { cost: fixed(CONST_COST), type: literalType(e.args.args) };
        const c = add(fixed(1), this.cost(e.args));
        return { cost: c, type: this.typeOf(e.args) };
      }
      case '==':
      case '!=':
        return { cost: this.equality(e.args[0], e.args[1]), type: BOOL };
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { cost: this.relation(e.args[0], e.args[1]), type: BOOL };
      case '+':
        return this.plus(e, e.args[0], e.args[1]);
      case '-':
      case '*':
      case '/':
      case '%': {
        const c = add(fixed(1), add(this.cost(e.args[0]), this.cost(e.args[1])));
        return { cost: c, type: this.typeOf(e.args[0]) };
      }
      case 'in': {
        const [needle, haystack] = e.args;
        const args = add(this.cost(needle), this.cost(haystack));
        const kind = this.typeOf(haystack).kind;
        // in_list is a scan, in_map a lookup
        const list = byFactor(this.sizeOrUnknown(haystack), 1);
        const c = kind === 'list' ? list : kind === 'map' ? fixed(1) : union(list, fixed(1));
        return { cost: add(c, args), type: BOOL };
      }
      case 'call':
        return this.call(e, e.args[0], undefined, e.args[1]);
      case 'rcall':
        return this.call(e, e.args[0], e.args[1], e.args[2]);
    }
    return { cost: ZERO, type: DYN };
  }

  private index(e: ASTNode, operand: ASTNode, key: ASTNode): { cost: CostEstimate; type: Typed } {
    const c = add(fixed(1), add(this.cost(operand), this.cost(key)));
    const t = this.typeOf(operand);
    const entry = this.entries.get(operand);
    if (entry) this.sizes.set(e, entry.val);
    // cel-js lets objects be indexed by field name (self['x-y']): read it as the field
    if (t.kind === 'object' && key.op === 'value' && typeof key.args === 'string') return { cost: c, type: fieldOf(t, key.args) };
    return { cost: c, type: t.kind === 'list' || t.kind === 'map' ? elemOf(t) : DYN };
  }

  private createList(e: ASTNode, elements: readonly ASTNode[]): { cost: CostEstimate; type: Typed } {
    let c = ZERO;
    let item: SizeEstimate = elements.length ? { min: MAX_UINT64, max: 0 } : ZERO;
    for (const el of elements) {
      c = add(c, this.cost(el));
      item = union(item, this.sizeOrUnknown(el));
    }
    this.entries.set(e, { container: 'list', key: fixed(1), val: item });
    const first = elements[0];
    return { cost: add(c, fixed(LIST_CREATE_BASE_COST)), type: listOf(first ? this.typeOf(first) : DYN) };
  }

  /** _==_ and _!=_ (and ordering of strings and bytes): a traversal of the shorter operand, at most. */
  private sizedComparison(lhs: ASTNode, rhs: ASTNode): CostEstimate {
    const l = this.sizeOrUnknown(lhs);
    const r = this.sizeOrUnknown(rhs);
    const smallestMax = Math.min(l.max, r.max);
    return byFactor({ min: smallestMax > 0 ? 1 : 0, max: smallestMax }, STRING_TRAVERSAL_COST_FACTOR);
  }

  private equality(lhs: ASTNode, rhs: ASTNode): CostEstimate {
    const args = add(this.cost(lhs), this.cost(rhs));
    return add(this.sizedComparison(lhs, rhs), args);
  }

  private relation(lhs: ASTNode, rhs: ASTNode): CostEstimate {
    const args = add(this.cost(lhs), this.cost(rhs));
    const l = this.typeOf(lhs).kind;
    const r = this.typeOf(rhs).kind;
    const textual = (k: string) => k === 'string' || k === 'bytes';
    const maybeTextual = (k: string) => textual(k) || k === 'dyn';
    let c = fixed(1);
    if (maybeTextual(l) && maybeTextual(r)) {
      const text = this.sizedComparison(lhs, rhs);
      c = textual(l) || textual(r) ? text : union(text, c);
    }
    return add(c, args);
  }

  private plus(e: ASTNode, lhs: ASTNode, rhs: ASTNode): { cost: CostEstimate; type: Typed } {
    const args = add(this.cost(lhs), this.cost(rhs));
    const lt = this.typeOf(lhs);
    const rt = this.typeOf(rhs);
    const kinds = new Set([lt.kind, rt.kind]);
    const concat = ['string', 'bytes', 'list', 'dyn'].some((k) => kinds.has(k as CelKind));
    if (!concat) return { cost: add(fixed(1), args), type: lt };
    const size = add(this.sizeOrUnknown(lhs), this.sizeOrUnknown(rhs));
    const entry = unionEntries(this.entries.get(lhs), this.entries.get(rhs));
    if (entry) this.entries.set(e, entry);
    this.sizes.set(e, size);
    // list concatenation is O(1); strings and bytes are copied
    const text = byFactor(size, STRING_TRAVERSAL_COST_FACTOR);
    let c: CostEstimate;
    if (kinds.has('string') || kinds.has('bytes')) c = text;
    else if (kinds.has('list')) c = fixed(1);
    else c = union(text, fixed(1));
    const type = lt.kind !== 'dyn' ? lt : rt;
    return { cost: add(c, args), type: type.kind === 'list' ? listOf(this.elemType(lhs, rhs)) : type };
  }

  private elemType(lhs: ASTNode, rhs: ASTNode): Typed {
    const l = elemOf(this.typeOf(lhs));
    return l.kind !== 'dyn' ? l : elemOf(this.typeOf(rhs));
  }

  private call(e: ASTNode, name: string, target: ASTNode | undefined, args: readonly ASTNode[]): { cost: CostEstimate; type: Typed } {
    if (target && args.length >= 2 && args[0]?.op === 'id') {
      const comprehension = this.comprehension(e, name, target, args);
      if (comprehension) return comprehension;
    }
    if (!target && name === 'has' && args.length === 1) {
      const arg = args[0]!;
      // has(x.f) tests presence: only the operand is evaluated
      const operand = arg.op === '.' || arg.op === '.?' ? arg.args[0] : arg;
      return { cost: add(PRESENCE_TEST_COST, this.cost(operand)), type: BOOL };
    }
    const bound = args[0];
    if (target?.op === 'id' && target.args === 'cel' && name === 'bind' && args.length === 3 && bound?.op === 'id' && !this.peek('cel')) {
      return this.bind(bound.args, args[1]!, args[2]!);
    }
    if (!target && name === 'dyn' && args.length === 1) {
      // dyn() only turns type checking off: the cost of its argument plus one, and its sizes
      const c = add(fixed(1), this.cost(args[0]!));
      this.copySizes(e, args[0]!);
      return { cost: c, type: this.typeOf(args[0]!) };
    }
    let c = ZERO;
    for (const a of args) c = add(c, this.cost(a));
    if (target) c = add(c, this.cost(target));
    const { cost, type, size } = this.functionCost(name, target, args);
    if (size) this.sizes.set(e, size);
    return { cost: add(c, cost), type };
  }

  /** The cost of one function call beyond evaluating its target and arguments, its result type and size. */
  private functionCost(
    name: string,
    target: ASTNode | undefined,
    args: readonly ASTNode[],
  ): { cost: CostEstimate; type: Typed; size?: SizeEstimate } {
    const textOf = (n: ASTNode) => byFactor(this.sizeOrUnknown(n), STRING_TRAVERSAL_COST_FACTOR);
    // the string (or, called as a function, the first argument) the call works on
    const subject = target ?? args[0];
    const rest = target ? args : args.slice(1);
    switch (name) {
      case 'size':
        return { cost: fixed(1), type: INT };
      case 'matches':
        if (subject && rest.length === 1) {
          // RE2 is linear: a traversal of the string per piece of the pattern (guessed at 4 characters each)
          const str = byFactor(add(this.sizeOrUnknown(subject), fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regex = byFactor(this.sizeOrUnknown(rest[0]!), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: multiply(str, regex), type: BOOL };
        }
        break;
      case 'contains':
        if (target && args.length === 1) return { cost: multiply(textOf(target), textOf(args[0]!)), type: BOOL };
        break;
      case 'startsWith':
      case 'endsWith':
        if (target && args.length === 1) return { cost: textOf(args[0]!), type: BOOL };
        break;
      case 'lowerAscii':
      case 'upperAscii':
      case 'trim':
      case 'substring':
        if (target) return { cost: textOf(target), type: STRING, size: this.sizeOrUnknown(target) };
        break;
      case 'indexOf':
      case 'lastIndexOf':
        if (target) return { cost: textOf(target), type: INT };
        break;
      case 'split':
        if (target) {
          const sz = this.sizeOrUnknown(target);
          // at worst every character is an item; a literal limit caps the items
          const limit = args[1]?.op === 'value' && typeof args[1].args === 'bigint' ? Number(args[1].args) : sz.max;
          return { cost: byFactor(sz, 2 * STRING_TRAVERSAL_COST_FACTOR), type: listOf(STRING), size: { min: 0, max: limit } };
        }
        break;
      case 'join':
        if (target) {
          const list = this.sizeOrUnknown(target);
          const elemDecl = this.typeOf(target).decl?.elem();
          let sz = multiply(list, elemDecl ? { min: 0, max: elemDecl.maxElements } : UNKNOWN);
          if (args[0]) {
            const separators = { min: Math.max(0, list.min - 1), max: Math.max(0, list.max - 1) };
            sz = add(sz, multiply(this.sizeOrUnknown(args[0]), separators));
          }
          return { cost: byFactor(sz, STRING_TRAVERSAL_COST_FACTOR), type: STRING, size: sz };
        }
        break;
      case 'bytes':
        if (!target && args.length === 1 && this.typeOf(args[0]!).kind !== 'bytes') {
          // each character takes up to 4 bytes
          const sz = this.sizeOrUnknown(args[0]!);
          return { cost: textOf(args[0]!), type: { kind: 'bytes' }, size: { min: sz.min, max: sat(sz.max * 4) } };
        }
        return { cost: fixed(1), type: { kind: 'bytes' } };
      case 'string':
        if (!target && args.length === 1 && this.typeOf(args[0]!).kind === 'bytes') {
          const sz = this.sizeOrUnknown(args[0]!);
          return { cost: textOf(args[0]!), type: STRING, size: { min: Math.floor(sz.min / 4), max: sz.max } };
        }
        return { cost: fixed(1), type: STRING };
      // cel-js's bytes functions kube does not have: a traversal of the bytes, as kube costs conversions
      case 'json':
      case 'hex':
      case 'base64':
        if (target) return { cost: textOf(target), type: name === 'json' ? { kind: 'map' } : STRING };
        break;
      case 'int':
      case 'uint':
      case 'double':
      case 'bool':
      case 'timestamp':
      case 'duration':
        return {
          cost: fixed(1),
          type: { kind: name === 'bool' ? 'bool' : name === 'timestamp' ? 'timestamp' : name === 'duration' ? 'duration' : name },
        };
      case 'type':
        return { cost: fixed(1), type: { kind: 'type' } };
    }
    // everything else is O(1) (timestamp and duration accessors, bytes.at, …)
    return { cost: fixed(1), type: name.startsWith('get') || name === 'at' ? INT : DYN };
  }

  /**
   * all, exists, exists_one, map and filter, costed as cel-go expands them: the range, the accumulator's
   * initialization and result once, and per element of the range the loop condition and step.
   */
  private comprehension(
    e: ASTNode,
    name: string,
    range: ASTNode,
    args: readonly ASTNode[],
  ): { cost: CostEstimate; type: Typed } | undefined {
    const arity = args.length;
    const known =
      ((name === 'all' || name === 'exists' || name === 'exists_one' || name === 'filter') && arity === 2) ||
      (name === 'map' && (arity === 2 || arity === 3));
    if (!known) return undefined;
    const iterVar = args[0]!.args as string;
    const rangeCost = this.cost(range);
    const rangeType = this.typeOf(range);
    const rangeEntry = this.entries.get(range);
    // a list's iteration variable is an item, a map's a key
    const overMap = (rangeEntry?.container ?? rangeType.kind) === 'map';
    const elemType = rangeType.kind === 'list' ? elemOf(rangeType) : rangeType.kind === 'map' ? keyOf(rangeType) : DYN;
    this.push(iterVar, { type: elemType, size: overMap ? rangeEntry?.key : rangeEntry?.val });
    let fixedCost: CostEstimate;
    let perElement: CostEstimate;
    let type: Typed = BOOL;
    let resultEntry: EntrySize | undefined;
    const accuEntry: EntrySize = { container: 'list', key: fixed(1), val: ZERO }; // of the empty list the result starts from
    try {
      const p = this.cost(args[1]!);
      switch (name) {
        case 'all': // init true; condition @not_strictly_false(accu); step accu && p; result accu
          fixedCost = fixed(1);
          perElement = add(fixed(2), { min: 1, max: 1 + p.max });
          break;
        case 'exists': // init false; condition @not_strictly_false(!accu); step accu || p; result accu
          fixedCost = fixed(1);
          perElement = add(fixed(3), { min: 1, max: 1 + p.max });
          break;
        case 'exists_one': // init 0; condition true; step p ? accu + 1 : accu; result accu == 1
          fixedCost = fixed(2);
          perElement = add(p, { min: 1, max: 2 });
          break;
        case 'filter': {
          // init []; condition true; step p ? accu + [x] : accu; result accu
          fixedCost = fixed(LIST_CREATE_BASE_COST + 1);
          perElement = add(p, { min: 1, max: 3 + LIST_CREATE_BASE_COST });
          const item = this.localSize(iterVar) ?? UNKNOWN;
          resultEntry = unionEntries(accuEntry, { container: 'list', key: fixed(1), val: item });
          type = listOf(elemType);
          break;
        }
        default: {
          // map: init []; condition true; step accu + [t] (or p ? accu + [t] : accu); result accu
          const transform = arity === 3 ? this.cost(args[2]!) : p;
          const t = arity === 3 ? args[2]! : args[1]!;
          fixedCost = fixed(LIST_CREATE_BASE_COST + 1);
          const step = add(fixed(2 + LIST_CREATE_BASE_COST), transform);
          perElement = arity === 3 ? add(p, union(step, fixed(1))) : step;
          resultEntry = unionEntries(accuEntry, { container: 'list', key: fixed(1), val: this.sizeOrUnknown(t) });
          type = listOf(this.typeOf(t));
        }
      }
    } finally {
      this.pop(iterVar);
    }
    const count = this.sizeOrUnknown(range);
    if (name === 'map' || name === 'filter') {
      this.sizes.set(e, count);
      if (resultEntry) this.entries.set(e, resultEntry);
    }
    return { cost: add(add(rangeCost, fixedCost), multiply(count, perElement)), type };
  }

  /** cel.bind(v, init, e): init and e once, plus the empty range cel-go's expansion carries. */
  private bind(name: string, init: ASTNode, body: ASTNode): { cost: CostEstimate; type: Typed } {
    let c = add(fixed(LIST_CREATE_BASE_COST), this.cost(init));
    this.push(name, { type: this.typeOf(init), size: this.computeSize(init), entry: this.entries.get(init) });
    try {
      c = add(c, this.cost(body));
    } finally {
      this.pop(name);
    }
    return { cost: c, type: this.typeOf(body) };
  }

  private copySizes(dst: ASTNode, src: ASTNode): void {
    const size = this.computeSize(src);
    if (size) this.sizes.set(dst, size);
    const entry = this.entries.get(src);
    if (entry) this.entries.set(dst, entry);
  }

  private push(name: string, v: LocalVar): void {
    const stack = this.locals.get(name) ?? [];
    stack.push(v);
    this.locals.set(name, stack);
  }

  private pop(name: string): void {
    this.locals.get(name)?.pop();
  }

  private peek(name: string): LocalVar | undefined {
    const stack = this.locals.get(name);
    return stack?.[stack.length - 1];
  }

  private localSize(name: string): SizeEstimate | undefined {
    const v = this.peek(name);
    if (!v) return undefined;
    if (v.type.decl) return { min: 0, max: v.type.decl.maxElements };
    if (SCALARS.has(v.type.kind)) return fixed(1);
    return v.size;
  }

  private sizeOrUnknown(e: ASTNode): SizeEstimate {
    return this.computeSize(e) ?? UNKNOWN;
  }

  /**
   * cel-go's computeSize, in its order: a size the walk computed (call results), a literal's, the declaration's
   * bound (kube's EstimateSize by field path), 1 for a scalar, an iteration or bound variable's.
   */
  private computeSize(e: ASTNode): SizeEstimate | undefined {
    const computed = this.sizes.get(e);
    if (computed) return computed;
    const literal = literalSize(e);
    if (literal) return literal;
    const t = this.typeOf(e);
    if (t.decl) return { min: 0, max: t.decl.maxElements };
    if (SCALARS.has(t.kind)) return fixed(1);
    if (e.op === 'id') return this.peek(e.args)?.size;
    return undefined;
  }
}

function literalType(v: unknown): Typed {
  switch (typeof v) {
    case 'string':
      return STRING;
    case 'bigint':
      return INT;
    case 'number':
      return { kind: 'double' };
    case 'boolean':
      return BOOL;
  }
  if (v === null) return { kind: 'null' };
  if (v instanceof Uint8Array) return { kind: 'bytes' };
  return { kind: 'uint' };
}

/** cel-go's computeExprSize: the exact size of a literal, list or map written in the expression. */
function literalSize(e: ASTNode): SizeEstimate | undefined {
  if (e.op === 'value') {
    const v = e.args;
    if (typeof v === 'string') return fixed([...v].length);
    if (v instanceof Uint8Array) return fixed(v.length);
    return fixed(1);
  }
  if (e.op === 'list' || e.op === 'map') return fixed(e.args.length);
  return undefined;
}

function fieldOf(t: Typed, name: string): Typed {
  if (t.kind === 'object') return declared(t.decl?.field(name));
  // a map's value by key has its kind, but no declared bound: kube's field path lookup finds no such field
  if (t.kind === 'map') return { kind: elemOf(t).kind };
  return DYN;
}

function elemOf(t: Typed): Typed {
  if (t.elem) return t.elem;
  return declared(t.decl?.elem());
}

function keyOf(t: Typed): Typed {
  if (t.key) return t.key;
  return t.decl ? declared(t.decl.key()) : STRING;
}
