// The one test for "a JSON object" (not null, not an array) that patches, validation and encoders share.

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
