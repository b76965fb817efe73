/** Parsed JSON as the access layer handles it: FHIR resources and their elements. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A deep copy of parsed JSON (objects, arrays, strings, numbers, booleans, null). For these the
 * result equals structuredClone's, at a fraction of its cost on the many small nodes of a resource.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = cloneJson(value[i]);
    return out as T;
  }
  // Anything that is not a plain object (a Date, a Buffer) keeps structuredClone's semantics.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const out: JsonObject = {};
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = cloneJson((value as JsonObject)[key]);
  return out as T;
}
