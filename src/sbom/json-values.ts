// Reading an SBOM's parsed JSON, which may hold anything: objects, lists and non-empty strings, else nothing.

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value as a list; anything else is an empty one. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value as a non-empty string, else undefined. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
