// Every failure the CLI (kcpx and its kubectl plugins) reports: one class each, which is the exit status, and one line
// that says what happened and what to do next. Messages that reproduce kcp's kubectl-ws plugin are kcp's, byte for
// byte (scripts written against kcp match them), so they carry no hint of kcpx's own.
//
// Nothing in src/ or commands/ builds an error any other way (test/architecture/cli-errors.test.ts checks it): a
// failure is `throw cliError('id', …args)`, and its exit status follows from the catalogue.

/** The exit statuses, one per class of failure; `kcpx --help` and the README list them. */
export const EXIT_STATUS = {
  /**
   * Anything the other classes do not cover: the control plane failed to start, an unexpected error, or an argument
   * error of a kubectl plugin (an unknown flag, a wrong number of arguments: kcp's plugins are cobra commands, which
   * exit 1 on them, and scripts written against kcp expect that).
   */
  failure: 1,
  /** The command line, the kubeconfig or the root directory cannot be used as given (oclif's own parse errors too). */
  usage: 2,
  /** No control plane is running there, or it cannot be reached, or what the command needs is not ready yet. */
  unavailable: 3,
  /** A workspace, kubeconfig, context or cluster named does not exist. */
  notFound: 4,
  /** The control plane refused: forbidden, unauthorized, conflicting or invalid; or a root directory already in use. */
  refused: 5,
  /** Waiting gave up: the control plane, a workspace or a mount did not become ready in time. */
  timeout: 6,
  /** `kcpx run` could not start the command it was given (as a shell answers a command it cannot run). */
  cannotExecute: 127,
} as const;

export type ErrorClass = keyof typeof EXIT_STATUS;

/** What each class means, for `kcpx --help` and the README (one line each). */
export const EXIT_STATUS_MEANING: Record<ErrorClass, string> = {
  failure: 'the control plane failed to start, an unexpected error (rerun with --debug), or a kubectl plugin argument error',
  usage: 'wrong arguments or flags, or an unusable kubeconfig or root directory',
  unavailable: 'the control plane is not running, cannot be reached, or is not ready yet',
  notFound: 'a workspace, kubeconfig, context or cluster does not exist',
  refused: 'the control plane refused (forbidden, conflict, invalid), or the root directory is in use',
  timeout: 'a control plane, workspace or mount did not become ready in time',
  cannotExecute: "`kcpx run` could not start its command (otherwise it exits with the command's status)",
};

interface Entry {
  readonly class: ErrorClass;
  readonly message: (...args: never[]) => string;
}

const withContext = (message: string, context: string | undefined) => (context ? `${context}: ${message}` : message);

export const CATALOGUE = {
  // --- kcp's kubectl-ws plugin (cli:pkg/workspace/plugin, cli:pkg/helpers): kcp's strings, byte for byte ----------
  workspaceNotFound: { class: 'notFound', message: (path: string) => `workspace "${path}" not found` },
  workspaceAccessDenied: { class: 'refused', message: (path: string) => `access to workspace "${path}" denied` },
  cannotGoUpFromRoot: { class: 'usage', message: () => 'cannot go up from root' },
  invalidWorkspacePath: { class: 'usage', message: (arg: string) => `invalid workspace path: ${arg}` },
  notAWorkspaceURL: { class: 'usage', message: (server: string) => `current URL "${server}" does not point to a workspace` },
  childURLNotAWorkspace: {
    class: 'unavailable',
    message: (url: string) => `current config context URL "${url}" does not point to workspace`,
  },
  contextNotFound: { class: 'notFound', message: (name: string) => `current "${name}" context not found` },
  clusterNotFound: { class: 'notFound', message: (name: string) => `cluster "${name}" not found in kubeconfig` },
  noPreviousWorkspace: { class: 'notFound', message: () => 'no previous workspace found in kubeconfig' },
  interactiveWithArguments: { class: 'usage', message: () => 'interactive mode does not accept arguments' },
  ignoreExistingWithRelativeType: { class: 'usage', message: () => '--ignore-existing must not be used with non-absolute type path' },
  workspaceTypeMismatch: {
    class: 'refused',
    message: (name: string, wanted: string, actual: string) =>
      `workspace "${name}" cannot be created with type ${wanted}, it already exists with different type ${actual}`,
  },

  cannotGoAboveRoot: { class: 'usage', message: () => 'cannot go above the root workspace' },
  contextExists: {
    class: 'refused',
    message: (name: string) => `context "${name}" already exists in kubeconfig, use --overwrite to update it`,
  },
  currentContextMissing: { class: 'notFound', message: (name: string) => `current context "${name}" is not found in kubeconfig` },
  currentClusterMissing: { class: 'notFound', message: (name: string) => `current cluster "${name}" is not found in kubeconfig` },

  // --- cobra's and pflag's argument errors, as kcp's plugins print them ----------------------------------------
  unknownFlag: { class: 'failure', message: (name: string) => `unknown flag: --${name}` },
  unknownShorthandFlag: {
    class: 'failure',
    message: (c: string, rest: string) => `unknown shorthand flag: '${c}' in -${rest}`,
  },
  flagNeedsArgument: { class: 'failure', message: (flag: string) => `flag needs an argument: ${flag}` },
  invalidFlagArgument: {
    class: 'failure',
    message: (value: string, flag: string, reason: string) => `invalid argument ${JSON.stringify(value)} for "${flag}" flag: ${reason}`,
  },
  wrongArgCount: {
    class: 'failure',
    message: (wanted: number, got: number) => `accepts ${wanted} arg(s), received ${got}`,
  },
  // --- kcp's kubectl-kcp plugin (cli:pkg/bind/plugin/bind.go): kcp's strings ------------------------------------
  invalidExportReference: {
    class: 'usage',
    message: () =>
      'fully qualified reference to workspace where APIExport exists is required. The format is `<logical-cluster-name>:<apiexport>` or `<full>:<path>:<to>:<apiexport>`',
  },
  invalidPermissionClaim: {
    class: 'usage',
    message: (claim: string) => `invalid permission claim "${claim}": the format is <resource>.<group>, with "core" for the core group`,
  },
  bindTimedOut: { class: 'timeout', message: (name: string) => `could not bind ${name}: timed out waiting for the condition` },
  invalidSnapshotName: {
    class: 'usage',
    message: (name: string) =>
      `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
  },
  snapshotNeedsConversion: {
    class: 'usage',
    message: (crd: string) => `multiple versions specified for ${crd} but no conversion strategy`,
  },
  snapshotWebhookService: { class: 'usage', message: () => 'webhooks that refer to services are not supported, please use URL instead' },
  snapshotWebhookURL: { class: 'usage', message: () => 'webhooks URL must be set' },

  // --- the API server's answer, as kcp's plugin prints it (the Status message client-go shows) -------------------
  apiNotFound: { class: 'notFound', message: (message: string, context?: string) => withContext(message, context) },
  apiRefused: { class: 'refused', message: (message: string, context?: string) => withContext(message, context) },
  apiUnavailable: { class: 'unavailable', message: (message: string, context?: string) => withContext(message, context) },
  apiTimeout: { class: 'timeout', message: (message: string, context?: string) => withContext(message, context) },

  // --- kcpx's own ----------------------------------------------------------------------------------------------
  unexpected: { class: 'failure', message: (message: string) => `${message} (unexpected; rerun with --debug for the stack trace)` },
  daemonFailed: { class: 'failure', message: (message: string) => message },
  daemonExited: {
    class: 'failure',
    message: (code: number | null, log?: string) => `the control plane exited with code ${code} while starting${log ? `; see ${log}` : ''}`,
  },
  daemonNotReady: {
    class: 'timeout',
    message: (seconds: number, log?: string) => `the control plane did not become ready within ${seconds}s${log ? `; see ${log}` : ''}`,
  },
  unknownBattery: {
    class: 'usage',
    message: (name: string, valid: string) => `unknown battery "${name}" (valid: ${valid}; or all, none)`,
  },
  mixedBatteries: {
    class: 'usage',
    message: (value: string) => `--batteries ${value}: either name the batteries to serve or change the defaults with +x/-x, not both`,
  },
  unknownMode: { class: 'usage', message: (mode: string, valid: string) => `unknown mode "${mode}" (valid: ${valid})` },
  portInUse: {
    class: 'usage',
    message: (port: number, bind: string) => `port ${port} on ${bind} is already in use; pick another with --port (0 picks a free one)`,
  },
  invalidPort: {
    class: 'usage',
    message: (port: number | string) => `--port ${port} is not a port: pick one from 1 to 65535 (0 picks a free one)`,
  },
  bindUnavailable: {
    class: 'usage',
    message: (bind: string) =>
      `cannot listen on ${bind}: it is not an address of this machine; pick one with --bind (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`,
  },
  alreadyRunning: {
    class: 'refused',
    message: (rootDir: string, pid: number, url: string, rootDirFlag: string) =>
      `kcpx is already running for ${rootDir} (pid ${pid}, ${url}); stop it with \`kcpx stop --root-dir ${rootDirFlag}\``,
  },
  alreadyStarting: {
    class: 'refused',
    message: (rootDir: string, lockFile: string) =>
      `kcpx is already starting or running for ${rootDir} (another process holds ${lockFile})`,
  },
  stillStarting: { class: 'unavailable', message: (rootDir: string) => `kcpx is still starting for ${rootDir}; stop it once it is ready` },
  notRunning: {
    class: 'unavailable',
    message: (rootDir: string, startCommand: string) => `kcpx is not running for ${rootDir}. Start it with: ${startCommand}`,
  },
  rootDirNotADirectory: {
    class: 'usage',
    message: (dir: string) => `the root directory ${dir} is not a directory; pick another with --root-dir`,
  },
  rootDirForeign: {
    class: 'usage',
    message: (dir: string, owner: number, uid: number) =>
      `the root directory ${dir} belongs to uid ${owner}, not to you (uid ${uid}); pick a directory of your own with --root-dir`,
  },
  rootDirShared: {
    class: 'usage',
    message: (dir: string, suggestion: string) =>
      `the root directory ${dir} is a shared directory (sticky bit set, like /tmp); pick a directory of its own with --root-dir, e.g. ${suggestion}`,
  },
  unreachable: {
    class: 'unavailable',
    message: (base: string, reason: string, refused: boolean) =>
      `cannot reach ${base}: ${reason}${refused ? ' — is the control plane running? Start it with `kcpx start`' : '; check the server URL in the kubeconfig'}`,
  },
  requestTimedOut: {
    class: 'timeout',
    message: (base: string, reason: string) =>
      `no answer from ${base} in time: ${reason}; check that the control plane is not overloaded, then retry`,
  },
  kubeconfigMissing: {
    class: 'notFound',
    message: (path: string) =>
      `kubeconfig ${path} does not exist; point --kubeconfig or KUBECONFIG at one (kcpx start writes .kcpx/admin.kubeconfig)`,
  },
  kubeconfigNotYAML: { class: 'usage', message: (path: string, reason: string) => `kubeconfig ${path} is not valid YAML: ${reason}` },
  kubeconfigEmpty: {
    class: 'usage',
    message: (path: string) => `kubeconfig ${path} is empty or not a kubeconfig; point --kubeconfig or KUBECONFIG at another`,
  },
  noCurrentContext: { class: 'usage', message: () => 'the kubeconfig has no current context; pass --context or run kcpx start' },
  notAuthorized: { class: 'refused', message: (path: string, reason: string) => `not authorized to reach workspace "${path}": ${reason}` },
  homeWorkspaceWithoutURL: { class: 'unavailable', message: () => 'the home workspace has no URL yet; try again in a moment' },
  invalidLocationSelector: {
    class: 'usage',
    message: (term: string) => `invalid location selector: only key=value terms are supported, got "${term}"`,
  },
  workspaceNotReady: {
    class: 'timeout',
    message: (name: string, seconds: number, phase: string) =>
      `workspace "${name}" did not become ready within ${seconds}s (phase ${phase}); see \`kubectl get workspace ${name}\``,
  },
  workspaceUnschedulable: {
    class: 'unavailable',
    message: (name: string, message: string) =>
      `workspace "${name}" cannot be scheduled (Unschedulable): ${message}; it stays in phase Scheduling until a shard matches its location selector`,
  },
  workspaceNotDeleted: {
    class: 'timeout',
    message: (name: string, seconds: number) =>
      `workspace "${name}" is still being deleted after ${seconds}s; see \`kubectl get workspace ${name}\``,
  },
  interactiveNeedsTerminal: {
    class: 'usage',
    message: () => 'interactive mode needs a terminal; use `kcpx ws tree` and `kcpx ws use PATH` instead',
  },
  mountTargetMissing: { class: 'usage', message: () => 'say where the target is: --kubeconfig FILE, or --url URL with --token' },
  fileUnreadable: { class: 'usage', message: (what: string, path: string, reason: string) => `cannot read ${what} ${path}: ${reason}` },
  notAMount: { class: 'usage', message: (name: string) => `workspace "${name}" is not a mount; delete it with \`kcpx ws delete ${name}\`` },
  mountExists: {
    class: 'refused',
    message: (name: string) => `workspace "${name}" already exists; to point its mount elsewhere: kcpx ws mount ${name} --update …`,
  },
  mountNotUpdatable: {
    class: 'usage',
    message: (name: string, kind: string) =>
      `the mount of workspace "${name}" (${kind}) does not name a kubeconfig Secret kcpx can rewrite`,
  },
  mountTargetUnusable: {
    class: 'unavailable',
    message: (server: string, reason: string) => `the mount was left as it was: its new target ${server} is not usable: ${reason}`,
  },
  mountMissing: { class: 'notFound', message: (name: string) => `no mount "${name}" to update; mount it first: kcpx ws mount ${name} …` },
  mountNotReady: { class: 'timeout', message: (name: string, reason: string) => `mount "${name}" is not ready: ${reason}` },
  cannotExecute: { class: 'cannotExecute', message: (command: string, reason: string) => `cannot run ${command}: ${reason}` },
} as const satisfies Record<string, Entry>;

export type ErrorId = keyof typeof CATALOGUE;
type Args<K extends ErrorId> = Parameters<(typeof CATALOGUE)[K]['message']>;

/** A failure from the catalogue: printed as `Error: <message>` (stack trace only with --debug), exit status by class. */
export class CliError extends Error {
  readonly errorClass: ErrorClass;
  readonly exitCode: number;

  /** Use `cliError(id, …)`; the constructor is for the catalogue. */
  constructor(
    readonly id: ErrorId,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
    this.errorClass = CATALOGUE[id].class;
    this.exitCode = EXIT_STATUS[this.errorClass];
  }
}

/** The error of catalogue entry `id`, its message built from `args`. */
export function cliError<K extends ErrorId>(id: K, ...args: Args<K>): CliError {
  const message = (CATALOGUE[id].message as (...a: Args<K>) => string)(...args);
  return new CliError(id, message);
}

/** What a daemon that failed to start reports on its status line (daemon/main.ts). */
export interface StartFailure {
  message: string;
  /** The catalogue id, where the failure is one of the catalogue's (a root directory in use, a port taken). */
  id?: unknown;
}

/** The CLI error for a daemon's start-up failure: the catalogue entry it named, else `daemonFailed`. */
export function startFailure(report: StartFailure): CliError {
  if (typeof report.id === 'string' && Object.hasOwn(CATALOGUE, report.id)) return new CliError(report.id as ErrorId, report.message);
  return cliError('daemonFailed', report.message);
}

/**
 * The error for an API answer that is not a success (its Status message, after `context` if given), classed by its
 * HTTP status: 404 is not found, 503 not available (yet), 408 and 504 a timeout, anything else a refusal.
 */
export function apiError(status: number, message: string, context?: string): CliError {
  if (status === 404) return cliError('apiNotFound', message, context);
  if (status === 503) return cliError('apiUnavailable', message, context);
  if (status === 408 || status === 504) return cliError('apiTimeout', message, context);
  return cliError('apiRefused', message, context);
}

/**
 * `err` as a catalogue error: itself, the same error thrown by another copy of this module (the bundled entry points
 * load the interactive browser from dist/, with its own copy), or `unexpected` with its first line.
 */
export function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  const e = err as { name?: unknown; id?: unknown; message?: unknown } | undefined;
  if (e?.name === 'CliError' && typeof e.id === 'string' && Object.hasOwn(CATALOGUE, e.id)) {
    return new CliError(e.id as ErrorId, String(e.message), { cause: err });
  }
  return cliError('unexpected', String(e?.message ?? err).split('\n')[0]!);
}
