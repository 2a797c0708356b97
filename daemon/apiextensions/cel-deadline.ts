// A wall-clock bound on CEL evaluation, the backstop behind cost estimation: should an estimate be wrong, a
// rule still cannot hold the (single-threaded) server. cel-js offers no hook to count steps as it goes, so the
// evaluation runs under node:vm's timeout, whose watchdog thread terminates JavaScript running past it (cel-js
// keeps no state across evaluations that an interrupted one could leave half-written). The watchdog costs a
// thread start per call (~0.1 ms), so callers use it where evaluation can take long at all (see validator.ts).
import vm from 'node:vm';

const context = vm.createContext({ job: undefined as (() => void) | undefined });
const script = new vm.Script('job()', { filename: 'kcpx-cel-deadline' });

export const TIMED_OUT: unique symbol = Symbol('timed out');

/** fn(), or TIMED_OUT when it ran longer than `ms`; whatever fn throws is thrown. */
export function withDeadline<T>(ms: number, fn: () => T): T | typeof TIMED_OUT {
  let result: { value: T } | undefined;
  context['job'] = () => {
    result = { value: fn() };
  };
  try {
    script.runInContext(context, { timeout: ms });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return TIMED_OUT;
    throw err;
  } finally {
    context['job'] = undefined;
  }
  return result!.value;
}
