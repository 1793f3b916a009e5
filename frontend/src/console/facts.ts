// An alert's facts (what the engine recorded about the event or the baseline) and labels, read for
// a person: known facts first in a fixed order, times in Shanghai, counts and amounts in the
// alert's unit, parks, sources and countries by name. Pure.
import type { TFunction } from 'i18next';
import { COUNTRIES_BY_CODE, type Locale, PARKS_BY_ID, type ParkId, SOURCE_NAMES, type Source } from '@torch/shared';
import { type ValueUnit, formatValue } from '../alerts/describe.ts';
import { fullDateTime } from '../format/index.ts';

const COUNT_FACTS = new Set(['days', 'events', 'rejected', 'entries']);
const TIME_FACTS = new Set(['eventTs', 'lastEventTs']);
const VALUE_FACTS = new Set(['baseline', 'mean', 'sd']);
/** The facts the console names, in the order it lists them; others follow under their own key. */
export const KNOWN_FACTS = ['enterprise', 'uscc', 'eventId', 'eventTs', 'direction', 'partner', 'baseline', 'mean', 'sd', 'days', 'lastEventTs', 'events', 'rejected', 'entries'];
/** The labels the console names. */
const KNOWN_LABELS = new Set(['park', 'source', 'chain', 'event']);

/** The facts, known ones first in their order, the rest after them as they came. */
export function sortedFacts(detail: Record<string, string | number>): [string, string | number][] {
  const order = (k: string) => (KNOWN_FACTS.includes(k) ? KNOWN_FACTS.indexOf(k) : KNOWN_FACTS.length);
  return Object.entries(detail).sort(([x], [y]) => order(x) - order(y));
}

export function factName(k: string, t: TFunction): string {
  return KNOWN_FACTS.includes(k) ? t(`console.fact.${k}`) : k;
}

/** A fact's value; `unit` is the alert's (a baseline of a change is a plain number). */
export function factText(k: string, v: string | number, unit: ValueUnit, locale: Locale, t: TFunction): string {
  const lang = locale === 'en' ? 'en' : 'zh';
  if (TIME_FACTS.has(k) && typeof v === 'number') return fullDateTime(v);
  if (COUNT_FACTS.has(k) && typeof v === 'number') return formatValue(v, 'count', locale, t);
  if (VALUE_FACTS.has(k) && typeof v === 'number') return formatValue(v, unit === 'change' ? 'number' : unit, locale, t);
  if (k === 'direction') return t(`console.fact.${v === 'import' ? 'import' : 'export'}`);
  if (k === 'partner') return COUNTRIES_BY_CODE[String(v)]?.[lang] ?? String(v);
  return String(v);
}

export function labelName(k: string, t: TFunction): string {
  return KNOWN_LABELS.has(k) ? t(`console.label.${k}`) : k;
}

/** A label's value: a park or source by name, anything else (and an unknown id) as it is. */
export function labelText(k: string, v: string, lang: 'zh' | 'en'): string {
  if (k === 'park') return PARKS_BY_ID[v as ParkId]?.[lang] ?? v;
  if (k === 'source') return SOURCE_NAMES[v as Source]?.[lang] ?? v;
  return v;
}
