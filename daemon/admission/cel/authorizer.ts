// kube's CEL authorizer library (k8s.io/apiserver/pkg/cel/library/authz.go) for admission expressions: `authorizer`
// asks the request's workspace's authorizer what the requesting user (or a service account) may do —
// `authorizer.group('g').resource('r').namespace('n').name('x').check('verb').allowed()`, `authorizer.path('/p')
// .check('get')`, `authorizer.serviceAccount('ns', 'sa')`, `authorizer.requestResource` (the request's own
// resource) — and a Decision answers `allowed()`, `reason()`, `errored()` and `error()`.
import type { Environment, RegisteredFunctionHandler } from '@marcbachmann/cel-js';
import { nonResourceAttributes, resourceAttributes, type AuthorizationAttributes } from '../../auth/rbac/attributes.js';
import type { UserInfo } from '../../registry/types.js';

/** The workspace's authorizer, as admission is given it. */
export type Authorize = (attrs: AuthorizationAttributes) => { allowed: boolean; reason?: string };

const NS = 'kubernetes.authorization';

export class AuthorizerValue {
  constructor(
    readonly authorize: Authorize,
    readonly cluster: string,
    readonly user: UserInfo,
    /** The request's own resource (`authorizer.requestResource`). */
    readonly requestResource: ResourceCheck | undefined,
  ) {}
}

export class PathCheck {
  constructor(
    readonly authz: AuthorizerValue,
    readonly path: string,
  ) {}
}

export class GroupCheck {
  constructor(
    readonly authz: AuthorizerValue,
    readonly group: string,
  ) {}
}

export class ResourceCheck {
  constructor(
    readonly authz: AuthorizerValue,
    readonly attrs: { group: string; resource: string; subresource: string; namespace: string; name: string },
  ) {}

  with(change: Partial<ResourceCheck['attrs']>): ResourceCheck {
    return new ResourceCheck(this.authz, { ...this.attrs, ...change });
  }
}

export class Decision {
  constructor(
    readonly allowed: boolean,
    readonly reason: string,
    readonly error: string,
  ) {}
}

function decide(authz: AuthorizerValue, attrs: AuthorizationAttributes): Decision {
  try {
    const d = authz.authorize(attrs);
    return new Decision(d.allowed, d.reason ?? '', '');
  } catch (err) {
    return new Decision(false, '', (err as Error).message);
  }
}

/** Declares the library's types and functions in `env`. */
export function registerAuthorizer(env: Environment): void {
  env.registerType(`${NS}.Authorizer`, { ctor: AuthorizerValue, fields: { requestResource: `${NS}.ResourceCheck` } });
  env.registerType(`${NS}.PathCheck`, PathCheck);
  env.registerType(`${NS}.GroupCheck`, GroupCheck);
  env.registerType(`${NS}.ResourceCheck`, ResourceCheck);
  env.registerType(`${NS}.Decision`, Decision);
  const fn = (signature: string, impl: RegisteredFunctionHandler) => env.registerFunction(signature, impl);
  fn(`${NS}.Authorizer.path(string): ${NS}.PathCheck`, (a: AuthorizerValue, path: string) => new PathCheck(a, path));
  fn(`${NS}.Authorizer.group(string): ${NS}.GroupCheck`, (a: AuthorizerValue, group: string) => new GroupCheck(a, group));
  fn(
    `${NS}.Authorizer.serviceAccount(string, string): ${NS}.Authorizer`,
    (a: AuthorizerValue, namespace: string, name: string) =>
      new AuthorizerValue(
        a.authorize,
        a.cluster,
        {
          username: `system:serviceaccount:${namespace}:${name}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
        },
        undefined,
      ),
  );
  fn(
    `${NS}.GroupCheck.resource(string): ${NS}.ResourceCheck`,
    (g: GroupCheck, resource: string) => new ResourceCheck(g.authz, { group: g.group, resource, subresource: '', namespace: '', name: '' }),
  );
  fn(`${NS}.ResourceCheck.subresource(string): ${NS}.ResourceCheck`, (r: ResourceCheck, subresource: string) => r.with({ subresource }));
  fn(`${NS}.ResourceCheck.namespace(string): ${NS}.ResourceCheck`, (r: ResourceCheck, namespace: string) => r.with({ namespace }));
  fn(`${NS}.ResourceCheck.name(string): ${NS}.ResourceCheck`, (r: ResourceCheck, name: string) => r.with({ name }));
  fn(`${NS}.ResourceCheck.check(string): ${NS}.Decision`, (r: ResourceCheck, verb: string) =>
    decide(r.authz, resourceAttributes(r.authz.cluster, r.authz.user, { ...r.attrs, verb })),
  );
  fn(`${NS}.PathCheck.check(string): ${NS}.Decision`, (p: PathCheck, verb: string) =>
    decide(p.authz, nonResourceAttributes(p.authz.cluster, p.authz.user, { verb, path: p.path })),
  );
  fn(`${NS}.Decision.allowed(): bool`, (d: Decision) => d.allowed);
  fn(`${NS}.Decision.reason(): string`, (d: Decision) => d.reason);
  fn(`${NS}.Decision.errored(): bool`, (d: Decision) => d.error !== '');
  fn(`${NS}.Decision.error(): string`, (d: Decision) => d.error);
}
