// apiextensions.k8s.io/v1: CustomResourceDefinition with its schema language (JSONSchemaProps) modelled field by
// field as upstream publishes it, so a CRD body is typed like any other kind before its schema is compiled.
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, int, kind, list, mapOf, obj, ref, str, time } from './build.js';

export const APIEXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const field = (name: string, description: string): Schema => ({ ...ref(`${APIEXT}.${name}`), description });
const strings = (description: string) => atomic(str(''), description);
const double = (description: string): Schema => ({ type: 'number', format: 'double', description });
const schemas = (description: string) => atomic(ref(`${APIEXT}.JSONSchemaProps`), description);
const schemaMap = (description: string) => mapOf(ref(`${APIEXT}.JSONSchemaProps`), description);

export const apiextensionsSchemas: Record<string, Schema> = {
  /** Any JSON value. */
  [`${APIEXT}.JSON`]: { description: 'JSON represents any valid JSON value: a string, number, boolean, object, array or null.' },
  /** A schema, or a list of schemas (decoded by hand: anything else is ignored). */
  [`${APIEXT}.JSONSchemaPropsOrArray`]: { description: 'A JSONSchemaProps or an array of JSONSchemaProps.' },
  /** A schema, or a boolean. */
  [`${APIEXT}.JSONSchemaPropsOrBool`]: { description: 'A JSONSchemaProps or a boolean value; defaults to true.' },
  /** A schema, or a list of property names. */
  [`${APIEXT}.JSONSchemaPropsOrStringArray`]: { description: 'A JSONSchemaProps or a string array.' },
  [`${APIEXT}.ExternalDocumentation`]: obj('Refers to external documentation.', {
    description: str('A description.'),
    url: str('The URL.'),
  }),
  [`${APIEXT}.ValidationRule`]: obj(
    'A CEL validation rule of a custom resource field.',
    {
      fieldPath: str('The field the error is reported against, relative to this schema.'),
      message: str('The message when the rule fails.'),
      messageExpression: str('A CEL expression that evaluates to the message when the rule fails.'),
      optionalOldSelf: bool('Whether the rule also runs on creation, with oldSelf an optional.'),
      reason: str(
        'The machine-readable reason when the rule fails: FieldValueInvalid, FieldValueForbidden, FieldValueRequired or FieldValueDuplicate.',
      ),
      rule: str('The CEL expression. Required.'),
    },
    { required: ['rule'] },
  ),
  [`${APIEXT}.JSONSchemaProps`]: obj('A JSON-Schema following Specification Draft 4 (http://json-schema.org/).', {
    $ref: str('Not allowed in CRD schemas.'),
    $schema: str('The JSON Schema dialect.'),
    additionalItems: field('JSONSchemaPropsOrBool', 'Not allowed in structural schemas.'),
    additionalProperties: field(
      'JSONSchemaPropsOrBool',
      'The schema of values of keys not listed in properties, or whether any are allowed.',
    ),
    allOf: schemas('Schemas all of which must match.'),
    anyOf: schemas('Schemas at least one of which must match.'),
    default: field('JSON', 'The default value when the field is not set.'),
    definitions: schemaMap('Named schemas.'),
    dependencies: mapOf(ref(`${APIEXT}.JSONSchemaPropsOrStringArray`), 'Schemas or property lists that apply when a property is present.'),
    description: str('A description of the field.'),
    enum: atomic(ref(`${APIEXT}.JSON`), 'The allowed values.'),
    example: field('JSON', 'An example value.'),
    exclusiveMaximum: bool('Whether maximum is exclusive.'),
    exclusiveMinimum: bool('Whether minimum is exclusive.'),
    externalDocs: field('ExternalDocumentation', 'External documentation.'),
    format: str('The format of the value (int32, date-time, byte, …).'),
    id: str('The schema id.'),
    items: field('JSONSchemaPropsOrArray', 'The schema of list items.'),
    maxItems: int('The most items a list may have.', 'int64'),
    maxLength: int('The longest a string may be.', 'int64'),
    maxProperties: int('The most properties an object may have.', 'int64'),
    maximum: double('The largest value allowed.'),
    minItems: int('The fewest items a list may have.', 'int64'),
    minLength: int('The shortest a string may be.', 'int64'),
    minProperties: int('The fewest properties an object may have.', 'int64'),
    minimum: double('The smallest value allowed.'),
    multipleOf: double('Values must be a multiple of this.'),
    not: field('JSONSchemaProps', 'A schema that must not match.'),
    nullable: bool('Whether null is allowed.'),
    oneOf: schemas('Schemas exactly one of which must match.'),
    pattern: str('A regular expression strings must match.'),
    patternProperties: schemaMap('Schemas for properties whose names match a pattern.'),
    properties: schemaMap("The schemas of an object's properties."),
    required: strings('Properties that must be present.'),
    title: str('A title.'),
    type: str('The JSON type: object, array, string, integer, number or boolean.'),
    uniqueItems: bool('Whether list items must be unique.'),
    'x-kubernetes-embedded-resource': bool('The value is an embedded Kubernetes object, with apiVersion, kind and metadata.'),
    'x-kubernetes-int-or-string': bool('The value may be an integer or a string.'),
    'x-kubernetes-list-map-keys': strings('The keys of a map-type list.'),
    'x-kubernetes-list-type': str('atomic, set or map.'),
    'x-kubernetes-map-type': str('granular or atomic.'),
    'x-kubernetes-preserve-unknown-fields': bool('Fields the schema does not declare are kept.'),
    'x-kubernetes-validations': list(ref(`${APIEXT}.ValidationRule`), 'CEL validation rules.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['rule'],
      'x-kubernetes-patch-merge-key': 'rule',
      'x-kubernetes-patch-strategy': 'merge',
    }),
  }),
  [`${APIEXT}.CustomResourceValidation`]: obj('The validation of a custom resource version.', {
    openAPIV3Schema: field('JSONSchemaProps', 'The OpenAPI v3 schema used for validation and pruning.'),
  }),
  [`${APIEXT}.CustomResourceSubresourceStatus`]: { type: 'object', description: 'Enables the status subresource; has no fields.' },
  [`${APIEXT}.CustomResourceSubresourceScale`]: obj(
    'The scale subresource.',
    {
      labelSelectorPath: str('The JSON path of Scale.status.selector in the custom resource.'),
      specReplicasPath: str('The JSON path of Scale.spec.replicas in the custom resource. Required.'),
      statusReplicasPath: str('The JSON path of Scale.status.replicas in the custom resource. Required.'),
    },
    { required: ['specReplicasPath', 'statusReplicasPath'] },
  ),
  [`${APIEXT}.CustomResourceSubresources`]: obj('The status and scale subresources of a version.', {
    scale: field('CustomResourceSubresourceScale', 'Enables the scale subresource.'),
    status: field('CustomResourceSubresourceStatus', 'Enables the status subresource.'),
  }),
  [`${APIEXT}.CustomResourceColumnDefinition`]: obj(
    'A column for server-side printing.',
    {
      description: str('A description of the column.'),
      format: str('An optional OpenAPI format of the column.'),
      jsonPath: str('The JSON path of the value in each custom resource. Required.'),
      name: str('The column name. Required.'),
      priority: int('0 for the standard view, higher for -o wide.'),
      type: str('The OpenAPI type of the column. Required.'),
    },
    { required: ['name', 'type', 'jsonPath'] },
  ),
  [`${APIEXT}.SelectableField`]: obj(
    'A field usable in field selectors.',
    { jsonPath: str('The JSON path of the field. Required.') },
    { required: ['jsonPath'] },
  ),
  [`${APIEXT}.CustomResourceDefinitionVersion`]: obj(
    'A version of the custom resource.',
    {
      additionalPrinterColumns: atomic(ref(`${APIEXT}.CustomResourceColumnDefinition`), 'Additional columns for table output.'),
      deprecated: bool('Whether this version is deprecated.'),
      deprecationWarning: str('Overrides the default warning for a deprecated version.'),
      name: str('The version name. Required.'),
      schema: field('CustomResourceValidation', 'Validation schema for this version.'),
      selectableFields: atomic(ref(`${APIEXT}.SelectableField`), 'Fields usable as field selectors.'),
      served: bool('Whether this version is served. Required.'),
      storage: bool('Whether this version is the storage version (exactly one). Required.'),
      subresources: field('CustomResourceSubresources', 'The status and scale subresources.'),
    },
    { required: ['name', 'served', 'storage'] },
  ),
  [`${APIEXT}.CustomResourceDefinitionNames`]: obj(
    'The resource and kind names.',
    {
      categories: strings('Grouped resources this resource belongs to (e.g. all).'),
      kind: str('The serialized kind of the resource. Required.'),
      listKind: str('The serialized kind of the list for this resource.'),
      plural: str('The plural name of the resource to serve. Required.'),
      shortNames: strings('Short names for the resource.'),
      singular: str('The singular name of the resource.'),
    },
    { required: ['plural', 'kind'] },
  ),
  [`${APIEXT}.ServiceReference`]: obj(
    'A reference to a service.',
    {
      name: str('The name of the service. Required.'),
      namespace: str('The namespace of the service. Required.'),
      path: str('A URL path requests are sent to.'),
      port: int('The port the service listens on; 443 by default.'),
    },
    { required: ['namespace', 'name'] },
  ),
  [`${APIEXT}.WebhookClientConfig`]: obj('How to reach a conversion webhook.', {
    caBundle: { type: 'string', format: 'byte', description: "A PEM bundle to validate the webhook's serving certificate." },
    service: field('ServiceReference', 'The service of the webhook.'),
    url: str('The URL of the webhook.'),
  }),
  [`${APIEXT}.WebhookConversion`]: obj(
    'A conversion webhook.',
    {
      clientConfig: field('WebhookClientConfig', 'How to reach the webhook.'),
      conversionReviewVersions: strings('The ConversionReview versions the webhook understands. Required.'),
    },
    { required: ['conversionReviewVersions'] },
  ),
  [`${APIEXT}.CustomResourceConversion`]: obj(
    'How to convert between versions of the resource.',
    {
      strategy: str('None or Webhook. Required.'),
      webhook: field('WebhookConversion', 'The webhook, for strategy Webhook.'),
    },
    { required: ['strategy'] },
  ),
  [`${APIEXT}.CustomResourceDefinitionSpec`]: obj(
    'The resource being defined.',
    {
      conversion: field('CustomResourceConversion', 'How to convert between versions of the resource.'),
      group: str('The API group of the defined custom resource. Required.'),
      names: field('CustomResourceDefinitionNames', 'The resource and kind names. Required.'),
      preserveUnknownFields: bool('Deprecated; must be false.'),
      scope: str('Cluster or Namespaced. Required.'),
      versions: atomic(ref(`${APIEXT}.CustomResourceDefinitionVersion`), 'The versions of the resource. Required.'),
    },
    { required: ['group', 'names', 'scope', 'versions'] },
  ),
  [`${APIEXT}.CustomResourceDefinitionCondition`]: obj(
    'A condition of the definition.',
    {
      lastTransitionTime: time('When the condition last changed.'),
      message: str('A human-readable message.'),
      observedGeneration: int('The generation the condition was set for.', 'int64'),
      reason: str('A CamelCase reason for the last transition.'),
      status: str('True, False or Unknown. Required.'),
      type: str('The type of the condition. Required.'),
    },
    { required: ['type', 'status'] },
  ),
  [`${APIEXT}.CustomResourceDefinitionStatus`]: obj('The observed state of the definition.', {
    acceptedNames: field('CustomResourceDefinitionNames', 'The names actually being used to serve discovery.'),
    conditions: list(ref(`${APIEXT}.CustomResourceDefinitionCondition`), 'The observations of the definition state.', {
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
    }),
    observedGeneration: int('The generation observed by the controllers.', 'int64'),
    storedVersions: strings('Versions that have ever been persisted.'),
  }),
  [`${APIEXT}.CustomResourceDefinition`]: kind(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'Represents a resource that should be exposed on the API server.',
    {
      spec: field('CustomResourceDefinitionSpec', 'The resource being defined.'),
      status: field('CustomResourceDefinitionStatus', 'The observed state.'),
    },
    { required: ['spec'] },
  ),
};
