// kube's admission reinvocation (k8s.io/apiserver's admission reinvocation context): when a reinvocable mutating
// plugin (MutatingAdmissionPolicies, mutating webhooks) changes the object, the chain's reinvocable plugins run once
// more, and each calls again only what asked for it (`reinvocationPolicy: IfNeeded`) and ran before a later change.

/** One plugin's memory across the two passes: what it invoked, what it must reinvoke, what it last left. */
export class PluginReinvocation {
  private lastOutput: string | undefined;
  private previouslyInvoked = new Set<string>();
  private readonly reinvoke = new Set<string>();

  /** At the start of the plugin's run: an object changed by others since it last ran reinvokes what asked for it. */
  begin(object: unknown, reinvoking: boolean): void {
    if (reinvoking && this.lastOutput !== undefined && JSON.stringify(object) !== this.lastOutput) this.requirePrevious();
  }

  /** At its end: what it leaves, to tell later whether someone else changed it. */
  end(object: unknown): void {
    this.lastOutput = JSON.stringify(object);
  }

  /** A change: everything reinvocable that ran before it runs again in the reinvocation pass. */
  requirePrevious(): void {
    for (const k of this.previouslyInvoked) this.reinvoke.add(k);
    this.previouslyInvoked = new Set();
  }

  invoked(key: string, ifNeeded: boolean): void {
    if (ifNeeded) this.previouslyInvoked.add(key);
  }

  shouldReinvoke(key: string): boolean {
    return this.reinvoke.has(key);
  }
}

/** The request's reinvocation state, shared by the chain's mutating plugins. */
export class ReinvocationContext {
  /** Set during the second pass. */
  reinvoking = false;
  /** Set by a plugin whose mutation changed the object. */
  shouldReinvoke = false;
  private readonly plugins = new Map<string, PluginReinvocation>();

  of(plugin: string): PluginReinvocation {
    let p = this.plugins.get(plugin);
    if (!p) this.plugins.set(plugin, (p = new PluginReinvocation()));
    return p;
  }
}
