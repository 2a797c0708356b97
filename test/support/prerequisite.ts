// Tests that need something of the machine (kubectl on PATH, root, mounting a tmpfs). Elsewhere they are skipped and
// say why; in CI (CI set, as .ci/run has it) the machine is meant to have it, so a missing prerequisite fails the test
// instead of letting it pass by not running.
export function requirePrerequisite(ctx: { skip: (note?: string) => never }, met: boolean, why: string): void {
  if (met) return;
  if (process.env['CI']) throw new Error(`${why}; CI must run this test`);
  process.stderr.write(`skipped: ${why}\n`);
  ctx.skip(why);
}
