// What one evaluation of a rule costs, for the data it is about to run on. Estimating it walks the rule's AST,
// several times what evaluating a simple rule takes, so the estimate is memoized by the few sizes it depends on
// (found once, by recording which sizes an estimate reads): items of a list mostly share them, and a rule no size
// changes (`self.replicas <= 10`) costs the same every time.
import type { ASTNode } from '@marcbachmann/cel-js';
import { estimateCost } from './cel-cost.js';
import { recordSizeReads, sizeAt, valueDeclType, type DeclStep, type DeclType } from './cel-types.js';

const MEMO_SIZE = 1024;

export class RuleCost {
  /** The cost with the schema's bounds: the most any valid data can cost. */
  readonly most: number;
  /** The cost whatever the data, when no size changes it. */
  readonly fixed: number | undefined;
  private readonly paths: DeclStep[][];
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly ast: ASTNode,
    private readonly decl: DeclType,
  ) {
    const recorded = recordSizeReads(decl);
    this.most = estimateCost(ast, recorded.decl).max;
    this.paths = recorded.paths;
    // costs only grow with sizes: when the largest data allowed costs what empty data does, no size matters
    const least = estimateCost(ast, valueDeclType(decl, [])).max;
    this.fixed = this.paths.length === 0 || least === this.most ? this.most : undefined;
  }

  /** The estimated cost for self (and oldSelf) having these values: never less than what kube's interpreter counts. */
  of(values: readonly unknown[]): number {
    if (this.fixed !== undefined) return this.fixed;
    const data = valueDeclType(this.decl, values);
    const key = this.paths.map((p) => sizeAt(data, p)).join(',');
    let cost = this.memo.get(key);
    if (cost === undefined) {
      cost = estimateCost(this.ast, data).max;
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(key, cost);
    }
    return cost;
  }
}
