// Redis key layout in one place. Every key the center writes starts with the prefix, so a test (or
// a second deployment on the same Redis) isolates itself by choosing its own.
export const SOURCES = ['tax', 'customs', 'registry'] as const;
export type Source = (typeof SOURCES)[number];

export const SOURCE_NAMES: Record<Source, { zh: string; en: string }> = {
  tax: { zh: '税务', en: 'Tax bureau' },
  customs: { zh: '海关', en: 'Customs' },
  registry: { zh: '市场监管', en: 'Market regulation' },
};

export const DEFAULT_KEY_PREFIX = 'torch:';

/** Field names inside a stream entry: the event JSON under `e`, its schema version under `v`. */
export const ENTRY_FIELDS = { event: 'e', version: 'v' } as const;

export interface KeyLayout {
  prefix: string;
  stream: Record<Source, string>;
  /** Entries that failed validation, with the reason and the original. */
  deadLetters: string;
  /** Marks which history ranges a backfill has written (hash: seed → range). */
  backfillMarks: string;
}

export function keyLayout(prefix: string = DEFAULT_KEY_PREFIX): KeyLayout {
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix)) throw new RangeError(`invalid key prefix "${prefix}"`);
  return {
    prefix,
    stream: { tax: `${prefix}stream:tax`, customs: `${prefix}stream:customs`, registry: `${prefix}stream:registry` },
    deadLetters: `${prefix}stream:dead`,
    backfillMarks: `${prefix}meta:backfill`,
  };
}
