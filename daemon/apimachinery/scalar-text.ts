// Reading a scalar field of an object whose body was already checked against its schema: the value is a string, a
// number or a boolean, or absent. Objects and arrays (never there after the schema check) read as '' rather than
// "[object Object]".

export function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}
