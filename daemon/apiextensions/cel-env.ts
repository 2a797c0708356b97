// The CEL environment x-kubernetes-validations rules compile in: cel-js's standard environment, with `matches`
// running RE2 (re2js) as kube's does (Go's regexp): linear time whatever pattern a tenant writes — cel-js's own
// `matches` is JavaScript's backtracking RegExp, where `'aaaa…b'.matches('^(a+)+$')` takes exponential time — and
// kube's syntax and messages, a literal pattern RE2 refuses failing the rule's compilation as cel-go's
// ValidateRegexLiterals does.
import { Environment, type ASTNode, type ParseResult } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';

/** What a macro's typeCheck and evaluate get from cel-js (its documented macro API, untyped in its .d.ts). */
interface Checker {
  check(ast: ASTNode, ctx: unknown): { name: string; kind: string };
  getType(name: string): unknown;
  createError(code: string, message: string, ast: ASTNode): Error;
}
interface Evaluator {
  run(ast: ASTNode, ctx: unknown): unknown;
  debugType(v: unknown): { name: string };
  createError(code: string, message: string, ast: ASTNode): Error;
}

/** A pattern literal RE2 refuses, found while parsing: the rule does not compile. */
class InvalidRegexLiteral extends Error {
  constructor(readonly literal: ASTNode) {
    super('invalid matches argument');
  }
}

/** Compiled patterns by source: rules match the same few patterns over and over. */
const patterns = new Map<string, RE2JS>();
const PATTERN_CACHE_SIZE = 256;

function re2(pattern: string): RE2JS {
  let re = patterns.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (patterns.size >= PATTERN_CACHE_SIZE) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

/**
 * `s.matches(re)` and `matches(s, re)`. A macro, since cel-js lets no declaration replace its built-in
 * `string.matches(string)`: its parser expands a call into the macro registered under the call's name and arity,
 * whatever receiver type the macro is declared on, so the built-in is never reached. The receiver type below exists
 * only to keep the declaration apart from the built-in one (cel-js refuses overlapping signatures).
 */
class MatchesMacro {
  /** Tells cel-js the evaluation never returns a promise, so it needs no async plumbing around it. */
  readonly async = false;
  private readonly literal: RE2JS | undefined;

  constructor(
    private readonly call: ASTNode,
    private readonly subject: ASTNode,
    private readonly pattern: ASTNode,
    member: boolean,
  ) {
    if (pattern.op === 'value' && typeof pattern.args === 'string') {
      try {
        this.literal = re2(pattern.args);
      } catch {
        // kube validates the pattern literal of the member form only (cel-go's ValidateRegexLiterals)
        if (member) throw new InvalidRegexLiteral(pattern);
      }
    }
  }

  typeCheck(checker: Checker, m: MatchesMacro, ctx: unknown): unknown {
    const s = checker.check(m.subject, ctx);
    const p = checker.check(m.pattern, ctx);
    const ok = (t: { kind: string; name: string }) => t.kind === 'dyn' || t.name === 'string';
    if (!ok(s) || !ok(p))
      throw checker.createError('no_matching_overload', `found no matching overload for '${s.name}.matches(${p.name})'`, m.call);
    return checker.getType('bool');
  }

  evaluate(ev: Evaluator, m: MatchesMacro, ctx: unknown): boolean {
    const s = ev.run(m.subject, ctx);
    const p = ev.run(m.pattern, ctx);
    if (typeof s !== 'string' || typeof p !== 'string') {
      throw ev.createError(
        'no_matching_overload',
        `found no matching overload for '${ev.debugType(s).name}.matches(${ev.debugType(p).name})'`,
        m.call,
      );
    }
    let re = m.literal;
    if (!re) {
      try {
        re = re2(p);
      } catch (err) {
        // Go's regexp message, as cel-go's matches returns it
        throw ev.createError('invalid_regular_expression', (err as Error).message, m.call);
      }
    }
    return re.test(s);
  }
}

class RE2Matches {}

/** A new environment as rules compile in, for callers that declare more (admission's `authorizer`). */
export function rulesEnvironment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true });
  env.registerType('kcpx.RE2Matches', RE2Matches);
  env.registerFunction(
    'kcpx.RE2Matches.matches(ast): bool',
    ({ ast, receiver, args }: { ast: ASTNode; receiver: ASTNode; args: ASTNode[] }) => new MatchesMacro(ast, receiver, args[0]!, true),
  );
  env.registerFunction(
    'matches(ast, ast): bool',
    ({ ast, args }: { ast: ASTNode; args: ASTNode[] }) => new MatchesMacro(ast, args[0]!, args[1]!, false),
  );
  return env;
}

const env = rulesEnvironment();

/**
 * Parses one rule. Throws with cel-go's rendering of an issue (`ERROR: <input>:1:14: invalid matches argument` and
 * the source line marked) for what cel-go would refuse the same way, with cel-js's message otherwise.
 */
export function compileRule(rule: string, environment: Environment = env): ParseResult {
  try {
    return environment.parse(rule);
  } catch (err) {
    if (err instanceof InvalidRegexLiteral) throw new Error(celGoIssue(rule, err.literal.start, err.message), { cause: err });
    throw err;
  }
}

/** cel-go's Error.ToDisplayString: position (column 1-based), message, the source line and a caret under it. */
function celGoIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart;
  const text = source.slice(lineStart).split('\n')[0]!.replace(/\t/g, ' ');
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${text}\n | ${'.'.repeat(column)}^`;
}
