// Authorization for kcpx: request attributes, per-cluster RBAC, and the kcp-style chain the server runs.
//
// Wiring, for the server:
//   const authz = new KcpAuthorizer({ source: storeSource(store) });
//   controllers.onAnyEvent((e) => authz.onStoreEvent(e));      // keeps the per-cluster cache exact, from start to stop
//   builtinResources(batteries, { authorizer: reviewAuthorizer(authz) })   // access/rules reviews (apis/authorization)
//   per request: const attrs = attributesForRequest({ cluster, user, method, path, query, info });
//                const d = authz.authorize(attrs); if (!d.allowed) throw forbiddenFor(attrs, d);
//   registry.admission.register(new RbacEscalationAdmission(authz));   // RBAC writes grant nothing the writer lacks
// Tenancy stores workspaceAdminBinding(creator) in every new workspace and rootClusterRoleBindings() in root.
export * from './attributes.js';
export * from './aggregation.js';
export * from './authorizer.js';
export * from './bootstrap.js';
export * from './covers.js';
export * from './escalation.js';
export * from './rbac.js';
export * from './rules.js';
