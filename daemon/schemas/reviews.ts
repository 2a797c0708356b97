// authentication.k8s.io/v1 and authorization.k8s.io/v1: the review kinds and TokenRequest, field by field as
// upstream publishes them, so their bodies are typed like every other kind's.
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, int, kind, mapOf, META, obj, ref, str, time } from './build.js';

const AUTHN = 'io.k8s.api.authentication.v1';
const AUTHZ = 'io.k8s.api.authorization.v1';
const strings = (description: string) => atomic(str(''), description);
const field = (component: string, description: string): Schema => ({ ...ref(component), description });

const selectorAttributes = (what: 'field' | 'label', requirement: string) =>
  obj(`Limits access by ${what} selector.`, {
    rawSelector: str(`The serialization of a ${what} selector, as in a query parameter.`),
    requirements: atomic(ref(requirement), `The parsed requirements of the ${what} selector.`),
  });

const accessReview = (k: string, spec: string, description: string) =>
  kind(
    'authorization.k8s.io',
    'v1',
    k,
    description,
    {
      spec: field(`${AUTHZ}.${spec}`, 'The request being evaluated.'),
      status: field(`${AUTHZ}.SubjectAccessReviewStatus`, 'Filled in by the server: whether the request is allowed.'),
    },
    { required: ['spec'] },
  );

export const reviewSchemas: Record<string, Schema> = {
  [`${AUTHN}.UserInfo`]: obj('The information about a user needed to implement the user.Info interface.', {
    extra: mapOf(atomic(str(''), ''), 'Any additional information provided by the authenticator.'),
    groups: strings('The names of groups this user is a part of.'),
    uid: str('A unique value that identifies this user across time.'),
    username: str('The name that uniquely identifies this user among all active users.'),
  }),
  [`${AUTHN}.TokenReviewSpec`]: obj(
    'A description of the token authentication request.',
    {
      audiences: strings('Identifiers the resource server presented with the token identifies as.'),
      token: str('The opaque bearer token.'),
    },
    { required: ['token'] },
  ),
  [`${AUTHN}.TokenReviewStatus`]: obj('The result of the token authentication request.', {
    audiences: strings('Audience identifiers chosen by the authenticator.'),
    authenticated: bool('Whether the token is associated with a known user.'),
    error: str('Why the token could not be checked.'),
    user: field(`${AUTHN}.UserInfo`, 'The user associated with the token.'),
  }),
  [`${AUTHN}.TokenReview`]: kind(
    'authentication.k8s.io',
    'v1',
    'TokenReview',
    'Attempts to authenticate a token to a known user.',
    {
      spec: field(`${AUTHN}.TokenReviewSpec`, 'The token being reviewed.'),
      status: field(`${AUTHN}.TokenReviewStatus`, 'Filled in by the server: whether the token authenticates.'),
    },
    { required: ['spec'] },
  ),
  [`${AUTHN}.SelfSubjectReviewStatus`]: obj('Filled by the server and sent back to the user.', {
    userInfo: field(`${AUTHN}.UserInfo`, 'The attributes of the user making this request.'),
  }),
  [`${AUTHN}.SelfSubjectReview`]: kind(
    'authentication.k8s.io',
    'v1',
    'SelfSubjectReview',
    'Returns the user attributes the server sees for the caller.',
    {
      status: field(`${AUTHN}.SelfSubjectReviewStatus`, 'Filled in by the server with the user attributes.'),
    },
  ),
  [`${AUTHN}.BoundObjectReference`]: obj('A reference to an object that a token is bound to.', {
    apiVersion: str('API version of the referent.'),
    kind: str('Kind of the referent: Pod or Secret.'),
    name: str('Name of the referent.'),
    uid: str('UID of the referent.'),
  }),
  [`${AUTHN}.TokenRequestSpec`]: obj('Client-provided parameters of a token request.', {
    audiences: strings('The intended audiences of the token.'),
    boundObjectRef: field(`${AUTHN}.BoundObjectReference`, 'An object the token is bound to.'),
    expirationSeconds: int('The requested duration of validity of the request.', 'int64'),
  }),
  [`${AUTHN}.TokenRequestStatus`]: obj('The result of a token request.', {
    expirationTimestamp: time('When the returned token expires.'),
    token: str('The opaque bearer token.'),
  }),
  [`${AUTHN}.TokenRequest`]: kind('authentication.k8s.io', 'v1', 'TokenRequest', 'Requests a token for a given service account.', {
    spec: field(`${AUTHN}.TokenRequestSpec`, 'The parameters of the request.'),
    status: field(`${AUTHN}.TokenRequestStatus`, 'Filled in by the server: the token.'),
  }),

  [`${AUTHZ}.FieldSelectorAttributes`]: selectorAttributes('field', `${META}.FieldSelectorRequirement`),
  [`${AUTHZ}.LabelSelectorAttributes`]: selectorAttributes('label', `${META}.LabelSelectorRequirement`),
  [`${AUTHZ}.ResourceAttributes`]: obj('The authorization attributes of a resource request.', {
    fieldSelector: field(`${AUTHZ}.FieldSelectorAttributes`, 'Limits access by field selector.'),
    group: str('The API group of the resource; "*" means all.'),
    labelSelector: field(`${AUTHZ}.LabelSelectorAttributes`, 'Limits access by label selector.'),
    name: str('The name of the resource; empty means all.'),
    namespace: str('The namespace of the action.'),
    resource: str('One of the existing resource types; "*" means all.'),
    subresource: str('One of the existing subresources; "" means none.'),
    verb: str('A kubernetes resource API verb; "*" means all.'),
    version: str('The API version of the resource; "*" means all.'),
  }),
  [`${AUTHZ}.NonResourceAttributes`]: obj('The authorization attributes of a non-resource request.', {
    path: str('The URL path of the request.'),
    verb: str('The standard HTTP verb.'),
  }),
  [`${AUTHZ}.SubjectAccessReviewSpec`]: obj(
    'A description of the access request; exactly one of resourceAttributes and nonResourceAttributes must be set.',
    {
      extra: mapOf(atomic(str(''), ''), 'Extra attributes of the user, as the authenticator gave them.'),
      groups: strings('The groups being tested for.'),
      nonResourceAttributes: field(`${AUTHZ}.NonResourceAttributes`, 'A non-resource access request.'),
      resourceAttributes: field(`${AUTHZ}.ResourceAttributes`, 'A resource access request.'),
      uid: str('The UID of the user being tested for.'),
      user: str('The user being tested for.'),
    },
  ),
  [`${AUTHZ}.SelfSubjectAccessReviewSpec`]: obj(
    'A description of the access request; exactly one of resourceAttributes and nonResourceAttributes must be set.',
    {
      nonResourceAttributes: field(`${AUTHZ}.NonResourceAttributes`, 'A non-resource access request.'),
      resourceAttributes: field(`${AUTHZ}.ResourceAttributes`, 'A resource access request.'),
    },
  ),
  [`${AUTHZ}.SelfSubjectRulesReviewSpec`]: obj('The specification of a SelfSubjectRulesReview.', {
    namespace: str('The namespace to evaluate rules for. Required.'),
  }),
  [`${AUTHZ}.SubjectAccessReviewStatus`]: obj(
    'Whether the request is allowed.',
    {
      allowed: bool('Whether the action would be allowed. Required.'),
      denied: bool('Whether the action would be denied.'),
      evaluationError: str('An error that occurred during the authorization check.'),
      reason: str('Why the request was allowed or denied.'),
    },
    { required: ['allowed'] },
  ),
  [`${AUTHZ}.ResourceRule`]: obj(
    'A resource rule of a rules review.',
    {
      apiGroups: strings('API groups of the resources.'),
      resourceNames: strings('Names the rule applies to.'),
      resources: strings('Resources the rule applies to.'),
      verbs: strings('Allowed verbs. Required.'),
    },
    { required: ['verbs'] },
  ),
  [`${AUTHZ}.NonResourceRule`]: obj(
    'A non-resource rule of a rules review.',
    {
      nonResourceURLs: strings('Partial URLs a user should have access to.'),
      verbs: strings('Allowed verbs. Required.'),
    },
    { required: ['verbs'] },
  ),
  [`${AUTHZ}.SubjectRulesReviewStatus`]: obj(
    'The result of a rules check.',
    {
      evaluationError: str('An error that occurred during rule evaluation.'),
      incomplete: bool('Whether the rules returned are incomplete.'),
      nonResourceRules: atomic(ref(`${AUTHZ}.NonResourceRule`), 'The non-resource rules that apply.'),
      resourceRules: atomic(ref(`${AUTHZ}.ResourceRule`), 'The resource rules that apply.'),
    },
    { required: ['resourceRules', 'nonResourceRules', 'incomplete'] },
  ),
  [`${AUTHZ}.SubjectAccessReview`]: accessReview(
    'SubjectAccessReview',
    'SubjectAccessReviewSpec',
    'Checks whether a user or group can perform an action.',
  ),
  [`${AUTHZ}.LocalSubjectAccessReview`]: accessReview(
    'LocalSubjectAccessReview',
    'SubjectAccessReviewSpec',
    'Checks whether a user or group can perform an action in a namespace.',
  ),
  [`${AUTHZ}.SelfSubjectAccessReview`]: accessReview(
    'SelfSubjectAccessReview',
    'SelfSubjectAccessReviewSpec',
    'Checks whether the current user can perform an action.',
  ),
  [`${AUTHZ}.SelfSubjectRulesReview`]: kind(
    'authorization.k8s.io',
    'v1',
    'SelfSubjectRulesReview',
    'Enumerates the actions the current user can perform in a namespace.',
    {
      spec: field(`${AUTHZ}.SelfSubjectRulesReviewSpec`, 'The namespace to evaluate.'),
      status: field(`${AUTHZ}.SubjectRulesReviewStatus`, 'Filled in by the server: the rules.'),
    },
    { required: ['spec'] },
  ),
};
