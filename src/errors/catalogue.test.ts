import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiError, CATALOGUE, CliError, cliError, EXIT_STATUS, EXIT_STATUS_MEANING, startFailure, type ErrorId } from './catalogue.js';

describe('the CLI error catalogue', () => {
  it('gives every class its own exit status, never 0, usage being oclif’s own 2', () => {
    const statuses = Object.values(EXIT_STATUS);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses).not.toContain(0);
    expect(EXIT_STATUS).toMatchObject({ failure: 1, usage: 2, unavailable: 3, notFound: 4, refused: 5, timeout: 6 });
    expect(Object.keys(EXIT_STATUS_MEANING).sort()).toEqual(Object.keys(EXIT_STATUS).sort());
  });

  it('is what the README’s table of exit statuses lists', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d+) +\| /gm)].map((m) => Number(m[1]));
    expect(rows).toEqual([0, ...Object.values(EXIT_STATUS)]);
  });

  it('builds each error with its entry’s message, class and exit status', () => {
    const e = cliError('workspaceNotFound', 'root:nope');
    expect(e).toBeInstanceOf(CliError);
    expect(e).toMatchObject({
      id: 'workspaceNotFound',
      errorClass: 'notFound',
      exitCode: 4,
      message: 'workspace "root:nope" not found',
      name: 'CliError',
    });
    expect(cliError('alreadyRunning', '/r', 7, 'https://h:1', 'r')).toMatchObject({
      exitCode: 5,
      message: 'kcpx is already running for /r (pid 7, https://h:1); stop it with `kcpx stop --root-dir r`',
    });
    expect(cliError('workspaceNotReady', 'a', 60, 'Initializing').exitCode).toBe(6);
    expect(cliError('notRunning', '.kcpx', 'kcpx start').exitCode).toBe(3);
    expect(cliError('invalidWorkspacePath', '..').exitCode).toBe(2);
    expect(cliError('unexpected', 'boom').exitCode).toBe(1);
    expect(cliError('cannotExecute', 'nope', 'spawn nope ENOENT').exitCode).toBe(127);
  });

  it('keeps the strings of kcp’s kubectl-ws plugin byte for byte', () => {
    // kcp-dev/kcp staging/src/github.com/kcp-dev/cli: pkg/workspace/plugin/{use,create,tree}.go, pkg/helpers.
    const kcp: Array<[CliError, string]> = [
      [cliError('workspaceNotFound', 'root:a'), 'workspace "root:a" not found'],
      [cliError('workspaceAccessDenied', 'root:a'), 'access to workspace "root:a" denied'],
      [cliError('cannotGoUpFromRoot'), 'cannot go up from root'],
      [cliError('invalidWorkspacePath', 'ju:nk§'), 'invalid workspace path: ju:nk§'],
      [cliError('notAWorkspaceURL', 'https://h'), 'current URL "https://h" does not point to a workspace'],
      [cliError('childURLNotAWorkspace', ''), 'current config context URL "" does not point to workspace'],
      [cliError('contextNotFound', 'x'), 'current "x" context not found'],
      [cliError('clusterNotFound', 'x'), 'cluster "x" not found in kubeconfig'],
      [cliError('noPreviousWorkspace'), 'no previous workspace found in kubeconfig'],
      [cliError('interactiveWithArguments'), 'interactive mode does not accept arguments'],
      [cliError('ignoreExistingWithRelativeType'), '--ignore-existing must not be used with non-absolute type path'],
      [
        cliError('workspaceTypeMismatch', 'a', 'root:b', 'root:c'),
        'workspace "a" cannot be created with type root:b, it already exists with different type root:c',
      ],
      [apiError(409, 'workspaces.tenancy.kcp.io "a" already exists'), 'workspaces.tenancy.kcp.io "a" already exists'],
    ];
    for (const [err, text] of kcp) expect(err.message).toBe(text);
  });

  it('has one-line messages only', () => {
    for (const [id, entry] of Object.entries(CATALOGUE)) {
      const message = (entry.message as (...a: unknown[]) => string)(...Array.from({ length: entry.message.length }, () => 'x'));
      expect(message, id).not.toBe('');
      expect(message, id).not.toMatch(/\n/);
    }
  });

  it('classes an API answer by its HTTP status, keeping its Status message', () => {
    const byStatus = (status: number) => apiError(status, 'm').exitCode;
    expect([404, 503, 408, 504, 403, 401, 409, 422, 400, 500].map(byStatus)).toEqual([4, 3, 6, 6, 5, 5, 5, 5, 5, 5]);
    expect(apiError(403, 'forbidden', 'listing workspaces in root').message).toBe('listing workspaces in root: forbidden');
  });

  it('revives a failure the daemon reported by its catalogue id, and nothing else', () => {
    const reported = cliError('portInUse', 6443, '127.0.0.1');
    expect(startFailure({ message: reported.message, id: reported.id })).toMatchObject({
      id: 'portInUse',
      exitCode: 2,
      message: reported.message,
    });
    expect(startFailure({ message: 'the shard database is damaged' })).toMatchObject({
      id: 'daemonFailed',
      exitCode: 1,
      message: 'the shard database is damaged',
    });
    for (const id of ['toString', '__proto__', 'nope', 42])
      expect(startFailure({ message: 'm', id }).id).toBe('daemonFailed' satisfies ErrorId);
  });
});
