// apiextensions.k8s.io/v1 (k8s.io/apiextensions-apiserver pkg/apis/apiextensions/v1/generated.proto; json tags
// from types.go and types_jsonschema.go): CustomResourceDefinition. JSONSchemaProps refers to itself, and the JSON
// forms of JSON, JSONSchemaPropsOrArray, …OrBool and …OrStringArray are not objects (their MarshalJSON): value types.
import { checkJSONLimits } from '../decoding/json-limits.js';
import { decodeMessage } from './decode.js';
import { mapOf, message, repeated, type FieldDesc, type MessageType, type ValueType } from './descriptor.js';
import { ObjectMeta, Time } from './meta.js';
import { readFields, WireError, WireType, type WireField } from './wire.js';

const schemaFields = new Map<number, FieldDesc>();
/** Filled below, once the types that refer back to it exist. */
export const JSONSchemaProps: MessageType = { message: 'JSONSchemaProps', fields: schemaFields };

function embedded(f: WireField, what: string): Buffer {
  if (f.wire !== WireType.LengthDelimited) throw new WireError(`${what}: wire type ${f.wire}`);
  return f.bytes!;
}

/** JSON{1 raw}: the raw JSON text, inlined; empty is null. */
export const JSONValue: ValueType = {
  value: 'JSON',
  decode(bytes) {
    let raw: Buffer | undefined;
    for (const f of readFields(bytes)) if (f.no === 1) raw = embedded(f, 'JSON raw');
    if (!raw || raw.length === 0) return undefined;
    try {
      checkJSONLimits(raw);
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (err) {
      throw new WireError(`JSON: invalid JSON: ${(err as Error).message}`);
    }
  },
};

/** {1 schema, 2 repeated schemas}: the list when it has items, else the schema. */
export const JSONSchemaPropsOrArray: ValueType = {
  value: 'JSONSchemaPropsOrArray',
  decode(bytes) {
    let schema: Record<string, unknown> | undefined;
    const list: Array<Record<string, unknown>> = [];
    for (const f of readFields(bytes)) {
      if (f.no === 1) schema = decodeMessage(JSONSchemaProps, embedded(f, 'items.schema'), 'items');
      else if (f.no === 2) list.push(decodeMessage(JSONSchemaProps, embedded(f, 'items.jSONSchemas'), 'items'));
    }
    return list.length ? list : schema;
  },
};

/** {1 allows, 2 schema}: the schema when there is one, else the boolean. */
export const JSONSchemaPropsOrBool: ValueType = {
  value: 'JSONSchemaPropsOrBool',
  decode(bytes) {
    let allows = false;
    let schema: Record<string, unknown> | undefined;
    for (const f of readFields(bytes)) {
      if (f.no === 1) {
        if (f.wire !== WireType.Varint) throw new WireError(`allows: wire type ${f.wire}`);
        allows = f.varint !== 0n;
      } else if (f.no === 2) schema = decodeMessage(JSONSchemaProps, embedded(f, 'schema'), 'schema');
    }
    return schema ?? allows;
  },
};

/** {1 schema, 2 repeated property}: the property list when it has items, else the schema. */
export const JSONSchemaPropsOrStringArray: ValueType = {
  value: 'JSONSchemaPropsOrStringArray',
  decode(bytes) {
    let schema: Record<string, unknown> | undefined;
    const property: string[] = [];
    for (const f of readFields(bytes)) {
      if (f.no === 1) schema = decodeMessage(JSONSchemaProps, embedded(f, 'dependencies.schema'), 'dependencies');
      else if (f.no === 2) property.push(embedded(f, 'dependencies.property').toString('utf8'));
    }
    return property.length ? property : schema;
  },
};

export const ValidationRule = message('ValidationRule', {
  1: ['rule', 'string', 'always'],
  2: ['message', 'string'],
  3: ['messageExpression', 'string'],
  4: ['reason', 'string', 'pointer'],
  5: ['fieldPath', 'string'],
  6: ['optionalOldSelf', 'bool', 'pointer'],
});

export const ExternalDocumentation = message('ExternalDocumentation', { 1: ['description', 'string'], 2: ['url', 'string'] });

for (const [no, d] of message('JSONSchemaProps', {
  1: ['id', 'string'],
  2: ['$schema', 'string'],
  3: ['$ref', 'string', 'pointer'],
  4: ['description', 'string'],
  5: ['type', 'string'],
  6: ['format', 'string'],
  7: ['title', 'string'],
  8: ['default', JSONValue],
  9: ['maximum', 'double', 'pointer'],
  10: ['exclusiveMaximum', 'bool'],
  11: ['minimum', 'double', 'pointer'],
  12: ['exclusiveMinimum', 'bool'],
  13: ['maxLength', 'int64', 'pointer'],
  14: ['minLength', 'int64', 'pointer'],
  15: ['pattern', 'string'],
  16: ['maxItems', 'int64', 'pointer'],
  17: ['minItems', 'int64', 'pointer'],
  18: ['uniqueItems', 'bool'],
  19: ['multipleOf', 'double', 'pointer'],
  20: ['enum', repeated(JSONValue)],
  21: ['maxProperties', 'int64', 'pointer'],
  22: ['minProperties', 'int64', 'pointer'],
  23: ['required', repeated('string')],
  24: ['items', JSONSchemaPropsOrArray],
  25: ['allOf', repeated(JSONSchemaProps)],
  26: ['oneOf', repeated(JSONSchemaProps)],
  27: ['anyOf', repeated(JSONSchemaProps)],
  28: ['not', JSONSchemaProps],
  29: ['properties', mapOf(JSONSchemaProps)],
  30: ['additionalProperties', JSONSchemaPropsOrBool],
  31: ['patternProperties', mapOf(JSONSchemaProps)],
  32: ['dependencies', mapOf(JSONSchemaPropsOrStringArray)],
  33: ['additionalItems', JSONSchemaPropsOrBool],
  34: ['definitions', mapOf(JSONSchemaProps)],
  35: ['externalDocs', ExternalDocumentation],
  36: ['example', JSONValue],
  37: ['nullable', 'bool'],
  38: ['x-kubernetes-preserve-unknown-fields', 'bool', 'pointer'],
  39: ['x-kubernetes-embedded-resource', 'bool'],
  40: ['x-kubernetes-int-or-string', 'bool'],
  41: ['x-kubernetes-list-map-keys', repeated('string')],
  42: ['x-kubernetes-list-type', 'string', 'pointer'],
  43: ['x-kubernetes-map-type', 'string', 'pointer'],
  44: ['x-kubernetes-validations', repeated(ValidationRule)],
}).fields) {
  schemaFields.set(no, d);
}

export const CustomResourceDefinitionNames = message('CustomResourceDefinitionNames', {
  1: ['plural', 'string', 'always'],
  2: ['singular', 'string'],
  3: ['shortNames', repeated('string')],
  4: ['kind', 'string', 'always'],
  5: ['listKind', 'string'],
  6: ['categories', repeated('string')],
});

export const CustomResourceValidation = message('CustomResourceValidation', {
  1: ['openAPIV3Schema', JSONSchemaProps],
});

export const CustomResourceSubresourceStatus = message('CustomResourceSubresourceStatus', {});

export const CustomResourceSubresourceScale = message('CustomResourceSubresourceScale', {
  1: ['specReplicasPath', 'string', 'always'],
  2: ['statusReplicasPath', 'string', 'always'],
  3: ['labelSelectorPath', 'string', 'pointer'],
});

export const CustomResourceSubresources = message('CustomResourceSubresources', {
  1: ['status', CustomResourceSubresourceStatus],
  2: ['scale', CustomResourceSubresourceScale],
});

export const CustomResourceColumnDefinition = message('CustomResourceColumnDefinition', {
  1: ['name', 'string', 'always'],
  2: ['type', 'string', 'always'],
  3: ['format', 'string'],
  4: ['description', 'string'],
  5: ['priority', 'int32'],
  6: ['jsonPath', 'string', 'always'],
});

export const SelectableField = message('SelectableField', {
  1: ['jsonPath', 'string', 'always'],
});

export const CustomResourceDefinitionVersion = message(
  'CustomResourceDefinitionVersion',
  {
    1: ['name', 'string', 'always'],
    2: ['served', 'bool', 'always'],
    3: ['storage', 'bool', 'always'],
    7: ['deprecated', 'bool'],
    8: ['deprecationWarning', 'string', 'pointer'],
    4: ['schema', CustomResourceValidation],
    5: ['subresources', CustomResourceSubresources],
    6: ['additionalPrinterColumns', repeated(CustomResourceColumnDefinition)],
    9: ['selectableFields', repeated(SelectableField)],
  },
  [1, 2, 3, 7, 8, 4, 5, 6, 9],
);

export const ServiceReference = message('ServiceReference', {
  1: ['namespace', 'string', 'always'],
  2: ['name', 'string', 'always'],
  3: ['path', 'string', 'pointer'],
  4: ['port', 'int32', 'pointer'],
});

export const WebhookClientConfig = message(
  'WebhookClientConfig',
  {
    3: ['url', 'string', 'pointer'],
    1: ['service', ServiceReference],
    2: ['caBundle', 'bytes'],
  },
  [3, 1, 2],
);

export const WebhookConversion = message('WebhookConversion', {
  2: ['clientConfig', WebhookClientConfig],
  3: ['conversionReviewVersions', repeated('string')],
});

export const CustomResourceConversion = message('CustomResourceConversion', {
  1: ['strategy', 'string', 'always'],
  2: ['webhook', WebhookConversion],
});

export const CustomResourceDefinitionSpec = message('CustomResourceDefinitionSpec', {
  1: ['group', 'string', 'always'],
  3: ['names', CustomResourceDefinitionNames],
  4: ['scope', 'string', 'always'],
  7: ['versions', repeated(CustomResourceDefinitionVersion)],
  9: ['conversion', CustomResourceConversion],
  10: ['preserveUnknownFields', 'bool'],
});

export const CustomResourceDefinitionCondition = message(
  'CustomResourceDefinitionCondition',
  {
    1: ['type', 'string', 'always'],
    2: ['status', 'string', 'always'],
    // Kubernetes 1.35 (CRDObservedGenerationTracking).
    6: ['observedGeneration', 'int64'],
    3: ['lastTransitionTime', Time],
    4: ['reason', 'string'],
    5: ['message', 'string'],
  },
  [1, 2, 6, 3, 4, 5],
);

export const CustomResourceDefinitionStatus = message('CustomResourceDefinitionStatus', {
  1: ['conditions', repeated(CustomResourceDefinitionCondition)],
  2: ['acceptedNames', CustomResourceDefinitionNames],
  3: ['storedVersions', repeated('string')],
  // Kubernetes 1.35 (CRDObservedGenerationTracking).
  4: ['observedGeneration', 'int64'],
});

export const CustomResourceDefinition = message('CustomResourceDefinition', {
  1: ['metadata', ObjectMeta],
  2: ['spec', CustomResourceDefinitionSpec],
  3: ['status', CustomResourceDefinitionStatus],
});
