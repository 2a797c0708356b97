// k8s.io/apimachinery: meta/v1 (ObjectMeta and friends, Time, MicroTime, FieldsV1), api/resource Quantity, and the
// `[]string` wrappers (ExtraValue, AttestationValue). Field numbers: apimachinery pkg/apis/meta/v1/generated.proto.
import { message, mapOf, repeated, type ValueType } from './descriptor.js';
import { readFields, WireError, WireType } from './wire.js';
import { checkJSONLimits } from '../decoding/json-limits.js';

// 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z, the range RFC 3339 (and Go's time.Format for JSON) can print.
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

/** Timestamp{1 seconds, 2 nanos}; nanos may be out of [0, 1e9) and count forward, as Go's time.Unix allows. */
function readTimestamp(bytes: Buffer, what: string): { seconds: bigint; nanos: bigint } {
  let seconds = 0n;
  let nanos = 0n;
  for (const f of readFields(bytes)) {
    if (f.no !== 1 && f.no !== 2) continue;
    if (f.wire !== WireType.Varint) throw new WireError(`${what}: wire type ${f.wire} for ${f.no === 1 ? 'seconds' : 'nanos'}`);
    if (f.no === 1) seconds = BigInt.asIntN(64, f.varint!);
    else nanos = BigInt.asIntN(32, f.varint!);
  }
  const total = seconds * 1_000_000_000n + nanos;
  let s = total / 1_000_000_000n;
  let n = total % 1_000_000_000n;
  if (n < 0n) {
    s -= 1n;
    n += 1_000_000_000n;
  }
  if (s < MIN_SECONDS || s > MAX_SECONDS) throw new WireError(`${what}: ${seconds}s is outside the years 1–9999`);
  return { seconds: s, nanos: n };
}

function rfc3339(seconds: bigint, fraction: string): string {
  const iso = new Date(Number(seconds) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z for years 1–9999
  return `${iso.slice(0, 19)}${fraction}Z`;
}

/** metav1.Time: empty bytes are the zero time (JSON null); otherwise RFC 3339 in UTC, second precision. */
export const Time: ValueType = {
  value: 'Time',
  decode(bytes) {
    if (bytes.length === 0) return undefined;
    // kube drops the nanos of a Time on decode (time_proto.go), matching its second-precision JSON.
    return rfc3339(readTimestamp(bytes, 'Time').seconds, '');
  },
};

/** metav1.MicroTime: RFC 3339 with exactly six fractional digits (nanos truncated to microseconds). */
export const MicroTime: ValueType = {
  value: 'MicroTime',
  decode(bytes) {
    if (bytes.length === 0) return undefined;
    const { seconds, nanos } = readTimestamp(bytes, 'MicroTime');
    return rfc3339(seconds, `.${String(nanos / 1000n).padStart(6, '0')}`);
  },
};

/** resource.Quantity{1 string}: the string itself; an absent string is the zero quantity "0". */
export const Quantity: ValueType = {
  value: 'Quantity',
  decode(bytes) {
    let s: string | undefined;
    for (const f of readFields(bytes)) {
      if (f.no !== 1) continue;
      if (f.wire !== WireType.LengthDelimited) throw new WireError(`Quantity: wire type ${f.wire} for string`);
      s = f.bytes!.toString('utf8');
    }
    return s ?? '0';
  },
};

/** metav1.FieldsV1{1 Raw}: Raw is JSON text and is inlined as such; empty is null. */
export const FieldsV1: ValueType = {
  value: 'FieldsV1',
  decode(bytes) {
    let raw: Buffer | undefined;
    for (const f of readFields(bytes)) {
      if (f.no !== 1) continue;
      if (f.wire !== WireType.LengthDelimited) throw new WireError(`FieldsV1: wire type ${f.wire} for Raw`);
      raw = f.bytes!;
    }
    if (!raw || raw.length === 0) return undefined;
    try {
      checkJSONLimits(raw);
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (err) {
      throw new WireError(`FieldsV1: invalid JSON: ${(err as Error).message}`);
    }
  },
};

/** A Go `[]string` named type wrapped as {1 repeated items} (ExtraValue, AttestationValue): a JSON string array. */
export const StringList: ValueType = {
  value: 'StringList',
  decode(bytes) {
    const items: string[] = [];
    for (const f of readFields(bytes)) {
      if (f.no !== 1) continue;
      if (f.wire !== WireType.LengthDelimited) throw new WireError(`items: wire type ${f.wire}`);
      items.push(f.bytes!.toString('utf8'));
    }
    return items;
  },
};

export const OwnerReference = message(
  'OwnerReference',
  {
    1: ['kind', 'string', 'always'],
    3: ['name', 'string', 'always'],
    4: ['uid', 'string', 'always'],
    5: ['apiVersion', 'string', 'always'],
    6: ['controller', 'bool', 'pointer'],
    7: ['blockOwnerDeletion', 'bool', 'pointer'],
  },
  [5, 1, 3, 4, 6, 7],
);

export const ManagedFieldsEntry = message('ManagedFieldsEntry', {
  1: ['manager', 'string'],
  2: ['operation', 'string'],
  3: ['apiVersion', 'string'],
  4: ['time', Time],
  6: ['fieldsType', 'string'],
  7: ['fieldsV1', FieldsV1],
  8: ['subresource', 'string'],
});

export const ObjectMeta = message('ObjectMeta', {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int64'],
  8: ['creationTimestamp', Time],
  9: ['deletionTimestamp', Time],
  10: ['deletionGracePeriodSeconds', 'int64', 'pointer'],
  11: ['labels', mapOf('string')],
  12: ['annotations', mapOf('string')],
  13: ['ownerReferences', repeated(OwnerReference)],
  14: ['finalizers', repeated('string')],
  17: ['managedFields', repeated(ManagedFieldsEntry)],
});

export const LabelSelectorRequirement = message('LabelSelectorRequirement', {
  1: ['key', 'string', 'always'],
  2: ['operator', 'string', 'always'],
  3: ['values', repeated('string')],
});

export const LabelSelector = message('LabelSelector', {
  1: ['matchLabels', mapOf('string')],
  2: ['matchExpressions', repeated(LabelSelectorRequirement)],
});

export const FieldSelectorRequirement = message('FieldSelectorRequirement', {
  1: ['key', 'string', 'always'],
  2: ['operator', 'string', 'always'],
  3: ['values', repeated('string')],
});

/** metav1.Preconditions: both fields are pointers. */
export const Preconditions = message('Preconditions', {
  1: ['uid', 'string', 'pointer'],
  2: ['resourceVersion', 'string', 'pointer'],
});

/**
 * metav1.DeleteOptions, the body client-go sends with a DELETE (helm's uninstall, controllers): registered in every
 * group version, so its envelope names the group version of the resource being deleted.
 */
export const DeleteOptions = message('DeleteOptions', {
  1: ['gracePeriodSeconds', 'int64', 'pointer'],
  2: ['preconditions', Preconditions],
  3: ['orphanDependents', 'bool', 'pointer'],
  4: ['propagationPolicy', 'string', 'pointer'],
  5: ['dryRun', repeated('string')],
  6: ['ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', 'pointer'],
});

/** metav1.Condition, the standard condition of newer kinds' status (ValidatingAdmissionPolicy). */
export const Condition = message('Condition', {
  1: ['type', 'string', 'always'],
  2: ['status', 'string', 'always'],
  3: ['observedGeneration', 'int64'],
  4: ['lastTransitionTime', Time],
  5: ['reason', 'string', 'always'],
  6: ['message', 'string', 'always'],
});
