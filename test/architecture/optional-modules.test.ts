// A control plane loads the modules of what its mode and batteries serve, and no others (daemon/generic/
// optional-modules.ts, daemon/apis/load.ts): a generic control plane without batteries never loads workspaces, mounts,
// APIs as a service, the CRD machinery, RBAC, webhooks or aggregation. Checked on the built daemon, started with a
// module-load hook that reports every module it loads, until it is ready.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { DAEMON_ENTRY, PROJECT_ROOT } from '../e2e/support/daemon.js';

const MARK = 'kcpx-module-loaded ';

// Registered before the daemon's first import; the hook reports each module the loader loads, on a line of its own.
const LOAD_HOOK = `export async function load(url, context, next) {
  process.stderr.write(${JSON.stringify(`\n${MARK}`)} + url + '\\n');
  return next(url, context);
}`;
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOAD_HOOK)}`)});`,
)}`;

/** The project's modules (dist/-relative, without .js) a daemon started with `args` has loaded once it is ready. */
async function modulesLoadedAtStart(args: string[]): Promise<Set<string>> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-arch-modules-'));
  const child = spawn(
    process.execPath,
    ['--import', HOOK, DAEMON_ENTRY, '--root-dir', dir, '--port', '0', '--bind', '127.0.0.1', '--ephemeral', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const loaded = new Set<string>();
  let readyAt: Set<string> | undefined;
  const dist = `file://${PROJECT_ROOT}/dist/`;
  createInterface({ input: child.stderr }).on('line', (line) => {
    const at = line.indexOf(MARK);
    if (at < 0) return;
    const url = line.slice(at + MARK.length);
    if (url.startsWith(dist)) loaded.add(url.slice(dist.length).replace(/\.js$/, ''));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('daemon did not become ready')), 20_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.includes('"event":"ready"')) return;
        clearTimeout(timer);
        // What was loaded before the ready line: modules loaded afterwards on purpose (off the cold-start path) are
        // another matter.
        readyAt = new Set(loaded);
        resolve();
      });
      child.once('exit', (code) => reject(new Error(`daemon exited with ${code}`)));
      child.once('error', reject);
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return readyAt ?? loaded;
}

const under = (mods: Set<string>, folder: string) => [...mods].filter((m) => m.startsWith(`${folder}/`));

/** Folders of features a generic control plane without batteries does not have. */
const OPTIONAL_FOLDERS = [
  'daemon/tenancy',
  'daemon/mounts',
  'daemon/apiexports',
  'daemon/apiextensions',
  'daemon/aggregator',
  'daemon/admission/webhooks',
  'daemon/admission/policy',
  'daemon/controllers/csrsigning',
  'daemon/controllers/clusterroleaggregation',
  'daemon/apis/tenancy',
  'daemon/apis/apis-kcp',
  'daemon/apis/mounts',
  'daemon/apis/rbac',
  'daemon/apis/apiextensions',
  'daemon/apis/admissionregistration',
  'daemon/apis/certificates',
  'daemon/apis/apiregistration',
  'daemon/apis/flowcontrol',
  'daemon/apis/coordination',
];

describe('modules loaded at start', () => {
  it('a generic control plane without batteries loads no optional feature, and far fewer modules than kcp mode', async () => {
    const [generic, kcp] = await Promise.all([
      modulesLoadedAtStart(['--mode', 'generic', '--batteries', 'none']),
      modulesLoadedAtStart([]),
    ]);
    for (const folder of OPTIONAL_FOLDERS) expect(under(generic, folder), folder).toEqual([]);
    expect([...generic].filter((m) => /auth\/rbac\/escalation$/.test(m))).toEqual([]);
    // kcp mode does load them: the hook sees what the check above relies on.
    for (const folder of ['daemon/tenancy', 'daemon/mounts', 'daemon/apiexports', 'daemon/apiextensions', 'daemon/apis/rbac']) {
      expect(under(kcp, folder).length, folder).toBeGreaterThan(0);
    }
    expect(generic.size).toBeLessThan(kcp.size * 0.45);
    // The API machinery — verbs, typed decoding and the schemas behind it, patches, OpenAPI — loads once the daemon
    // serves (endpoints/api-handler.ts, registry/lazy-verbs.ts); a start that needs none of it waits for none of it.
    for (const folder of ['daemon/typed', 'daemon/schemas', 'daemon/openapi', 'daemon/apimachinery/managedfields', 'daemon/auth/rbac'])
      expect(under(generic, folder), folder).toEqual([]);
    for (const m of ['daemon/endpoints/api-endpoints', 'daemon/registry/write', 'daemon/registry/patch', 'daemon/registry/read'])
      expect(generic.has(m), m).toBe(false);
    // Decoders only some request bodies need load on first use, in either mode (endpoints/body-parsers.ts).
    for (const mods of [generic, kcp]) expect(under(mods, 'daemon/apimachinery/protobuf')).toEqual([]);
  }, 60_000);

  it('each battery brings its own modules', async () => {
    const generic = await modulesLoadedAtStart(['--mode', 'generic', '--batteries', 'crds,certificates,apiservices']);
    expect(under(generic, 'daemon/apiextensions').length).toBeGreaterThan(0);
    expect(under(generic, 'daemon/controllers/csrsigning').length).toBeGreaterThan(0);
    expect(under(generic, 'daemon/aggregator').length).toBeGreaterThan(0);
    expect(under(generic, 'daemon/tenancy')).toEqual([]);
    expect(under(generic, 'daemon/apis/rbac')).toEqual([]);
  }, 60_000);
});
