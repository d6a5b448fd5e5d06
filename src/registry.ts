// One explicit registry per plug-in kind: a list sorted by id, duplicates fail at start-up.

export interface Registry<T extends { readonly id: string }> {
  readonly all: readonly T[];
  get(id: string): T | undefined;
}

export function registry<T extends { readonly id: string }>(items: readonly T[]): Registry<T> {
  const byId = new Map<string, T>();
  for (const item of items) {
    if (byId.has(item.id)) throw new Error(`duplicate plug-in id '${item.id}'`);
    byId.set(item.id, item);
  }
  return { all: [...items].sort((a, b) => a.id.localeCompare(b.id)), get: (id) => byId.get(id) };
}
