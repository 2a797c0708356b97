// The generic control plane's batteries (kcp-dev/generic-controlplane): optional API groups and the machinery behind
// them, each independent of the others. `--batteries` is `all`, `none`, a list (`leases,crds`) or changes to the
// defaults (`-flowcontrol,+apiservices`); the two forms do not mix.
import { cliError } from '../errors/catalogue.js';

// The names live here, beside the CLI's help, and the daemon's registry takes them from here.

export type Battery = 'leases' | 'authentication' | 'authorization' | 'admission' | 'flowcontrol' | 'crds' | 'certificates' | 'apiservices';
export const ALL_BATTERIES: readonly Battery[] = [
  'leases',
  'authentication',
  'authorization',
  'admission',
  'flowcontrol',
  'crds',
  'certificates',
  'apiservices',
];

/** Which control plane: kcp (workspaces, logical clusters, mounts) or one generic Kubernetes-style API server. */
export type Mode = 'kcp' | 'generic';
export const MODES: readonly Mode[] = ['kcp', 'generic'];

/** What each battery brings, for `kcpx start --help` and the docs. */
export const BATTERY_DESCRIPTIONS: Readonly<Record<Battery, string>> = {
  leases: 'coordination.k8s.io Leases',
  authentication: 'TokenReview and SelfSubjectReview (without it: no review APIs; tokens and certificates still authenticate)',
  authorization: 'RBAC and the access reviews (without it: every authenticated request is allowed, AlwaysAllow)',
  admission: 'admission webhooks and ValidatingAdmissionPolicies (admissionregistration.k8s.io)',
  flowcontrol: 'FlowSchemas and PriorityLevelConfigurations (flowcontrol.apiserver.k8s.io)',
  crds: 'CustomResourceDefinitions (apiextensions.k8s.io) and the custom resources they define',
  certificates: 'CertificateSigningRequests (certificates.k8s.io) and the kube-apiserver-client signers',
  apiservices: 'APIServices (apiregistration.k8s.io): Local ones for built-in groups, aggregation to HTTPS servers',
};

/**
 * The batteries a mode serves when `--batteries` is not given: all of them, but in kcp mode not `apiservices`, whose
 * Local APIServices would cost every new workspace a row per built-in group version.
 */
export function defaultBatteries(mode: Mode): readonly Battery[] {
  return mode === 'kcp' ? ALL_BATTERIES.filter((b) => b !== 'apiservices') : ALL_BATTERIES;
}

/** `kcpx start --help`: each battery, what it brings, and each mode's defaults. */
export function batteriesHelp(): string {
  const width = Math.max(...ALL_BATTERIES.map((b) => b.length));
  const lines = ALL_BATTERIES.map((b) => `  ${b.padEnd(width)}  ${BATTERY_DESCRIPTIONS[b]}`);
  return [
    'Batteries (--batteries all | none | a,b,c | +x,-y relative to the defaults):',
    ...lines,
    `Defaults: --mode kcp: ${defaultBatteries('kcp').join(',')}; --mode generic: all.`,
    'Without any battery a control plane serves configmaps, events, namespaces, resourcequotas, secrets and serviceaccounts.',
  ].join('\n');
}

/**
 * Parses `--batteries` (possibly given several times) against the mode's defaults. A value that names no battery,
 * or mixes a list with changes, is a one-line usage error listing the valid names.
 */
export function parseBatteries(values: readonly string[] | undefined, mode: Mode = 'kcp'): Set<Battery> {
  const defaults = defaultBatteries(mode);
  const items = (values ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return new Set(defaults);
  if (items.length === 1 && (items[0] === 'all' || items[0] === 'none')) return new Set(items[0] === 'all' ? ALL_BATTERIES : []);
  const relative = items.filter((i) => i.startsWith('+') || i.startsWith('-')).length;
  if (relative !== 0 && relative !== items.length) {
    throw cliError('mixedBatteries', items.join(','));
  }
  const set = new Set<Battery>(relative ? defaults : []);
  for (const item of items) {
    const name = relative ? item.slice(1) : item;
    if (!isBattery(name)) {
      throw cliError('unknownBattery', name, ALL_BATTERIES.join(', '));
    }
    if (item.startsWith('-')) set.delete(name);
    else set.add(name);
  }
  return set;
}

export function parseMode(value: string | undefined): Mode {
  if (value === undefined || value === '') return 'kcp';
  if ((MODES as readonly string[]).includes(value)) return value as Mode;
  throw cliError('unknownMode', value, MODES.join(', '));
}

function isBattery(name: string): name is Battery {
  return (ALL_BATTERIES as readonly string[]).includes(name);
}
