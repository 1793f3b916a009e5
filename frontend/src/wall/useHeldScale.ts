// A panel's unit, held across renders by the pure hysteresis rule in @torch/shared (holdScale):
// chosen from the panel's own figures, kept until they move by 10× or would lose a digit.
import { useRef } from 'react';
import { type FigureScale, type HeldScale, type Locale, type MoneyUnit, MONEY_UNITS, type ScaleOptions, holdScale, moneyRender, scaleCandidates, scaledNumeral } from '@torch/shared';

function useHeld<S>(values: readonly number[], key: string, candidates: readonly S[], render: (v: number, s: S) => string, opts: ScaleOptions, initial?: S): S {
  const ref = useRef<{ key: string; held: HeldScale<S> | null } | null>(null);
  if (!ref.current || ref.current.key !== key) {
    const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
    ref.current = { key, held: initial === undefined ? null : { scale: initial, ref: largest } };
  }
  ref.current.held = holdScale(ref.current.held, values, candidates, render, opts);
  return ref.current.held.scale;
}

/** One unit and number of decimals for a panel's column (or card line) of money figures, at most five digits wide. */
export function useTableScale(values: readonly number[], locale: Locale): FigureScale {
  return useHeld(values, locale, scaleCandidates(locale), scaledNumeral, { maxWidth: 5 });
}

/** The Chinese unit for one figure printed by formatCny / formatUsd, starting from the wall's unit. */
export function useMoneyUnit(value: number, currency: 'cny' | 'usd', locale: Locale, preferred: MoneyUnit): MoneyUnit {
  return useHeld([value], `${locale}|${currency}`, MONEY_UNITS, moneyRender(currency, locale), {}, preferred);
}
