// Deltas between two views: the gateway sends a snapshot on connect and then only what changed.
// A view is flattened to `path → value` (paths joined with '/'; arrays are leaves, compared whole),
// so a delta is a short list of [path, value] pairs that any client can apply.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type FlatView = Map<string, Json>;
export type PathChange = [path: string, value: Json];

const SEP = '/';

export function flatten(value: unknown, prefix = '', out: FlatView = new Map()): FlatView {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + SEP + k : k, out);
  } else {
    out.set(prefix, value as Json);
  }
  return out;
}

function same(a: Json | undefined, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Changes that turn `before` into `after` (paths present in both: the view's shape is fixed). */
export function diff(before: FlatView, after: FlatView): PathChange[] {
  const changes: PathChange[] = [];
  for (const [path, value] of after) if (!same(before.get(path), value)) changes.push([path, value]);
  return changes;
}

/** Apply changes to a nested object in place (a client's copy of the view). */
export function applyChanges<T extends object>(target: T, changes: readonly PathChange[]): T {
  for (const [path, value] of changes) {
    const keys = path.split(SEP);
    let node = target as Record<string, unknown>;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return target;
}

/**
 * Apply changes without touching `target`: objects along each changed path are copied, everything
 * else is shared. A screen can then skip re-rendering every part whose object is unchanged.
 */
export function withChanges<T extends object>(target: T, changes: readonly PathChange[]): T {
  const root = { ...(target as Record<string, unknown>) };
  const copied = new Set<object>([root]);
  for (const [path, value] of changes) {
    const keys = path.split(SEP);
    let node = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      const child = node[k];
      let next: Record<string, unknown>;
      if (typeof child === 'object' && child !== null && copied.has(child)) next = child as Record<string, unknown>;
      else {
        next = typeof child === 'object' && child !== null ? { ...(child as Record<string, unknown>) } : {};
        copied.add(next);
        node[k] = next;
      }
      node = next;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return root as T;
}
