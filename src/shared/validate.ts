// Runtime checks for messages crossing the webview boundary: both sides receive untyped data.

export type Guard<T> = (value: unknown) => value is T;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isCount = (v: unknown): v is number => isFiniteNumber(v) && Number.isInteger(v) && v >= 0;

export function isArrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (v: unknown): v is T[] => Array.isArray(v) && v.every(guard);
}

/** A guard for an object whose listed fields each pass their guard (extra fields are rejected). */
export function isShape<T>(fields: { [K in keyof T]: Guard<T[K]> }): Guard<T> {
  const keys = Object.keys(fields);
  return (v: unknown): v is T =>
    isRecord(v) &&
    Object.keys(v).every((k) => keys.includes(k)) &&
    keys.every((k) => (fields as Record<string, Guard<unknown>>)[k](v[k]));
}

export function literal<T extends string>(...values: T[]): Guard<T> {
  return (v: unknown): v is T => typeof v === 'string' && (values as string[]).includes(v);
}
