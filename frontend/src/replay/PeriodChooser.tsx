// The side's upper card wired to the page state: the period's inputs and quick choices, "five
// minutes before an alert", the focus, "start replay", the dry run's toggle, and what went wrong
// (the inputs' problem first, else the last failure) with the earliest start when one was named.
import type { Dispatch } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@torch/shared';
import { replayErrorText } from './api.ts';
import { type ChosenRange, type PageFailure, type ReplayPageAction, type ReplayPageState, earliestOffered, validRange } from './pageState.ts';
import { RangePicker } from './RangePicker.tsx';
import { type Range, quickRange, rangeBeforeAlert } from './time.ts';

/** A failure in the page's language; a failed close also says the session closes by itself. */
export function failureText(f: PageFailure, t: TFunction, lang: 'zh' | 'en'): string {
  const reason = replayErrorText(f.cause, t, lang);
  return f.during === 'close' ? t('replayPage.notice.closeFailed', { reason }) : reason;
}

export interface PeriodChooserProps {
  state: Pick<ReplayPageState, 'fromText' | 'toText' | 'parks' | 'sources' | 'recent' | 'opening' | 'failure' | 'sessionId' | 'dryRunOpen'>;
  chosen: ChosenRange;
  dispatch: Dispatch<ReplayPageAction>;
  /** Open the chosen period (called only with a valid one). */
  onOpen: (r: Range) => void;
  onUseEarliest: (at: number) => void;
  now: () => number;
  locale: Locale;
}

export function PeriodChooser({ state, chosen, dispatch, now, locale, ...p }: PeriodChooserProps) {
  const { t } = useTranslation();
  const lang = locale === 'en' ? 'en' : 'zh';
  const problem = chosen.problem ? t(`replayPage.range.${chosen.problem}`) : state.failure ? failureText(state.failure, t, lang) : null;
  const earliest = earliestOffered(state.failure);
  const open = () => {
    const r = validRange(chosen);
    // The inputs' problem is on show already: an older failure no longer applies.
    if (r) p.onOpen(r);
    else dispatch({ type: 'failureCleared' });
  };
  return (
    <RangePicker
      fromText={state.fromText} toText={state.toText}
      onFrom={(text) => dispatch({ type: 'fromTyped', text })} onTo={(text) => dispatch({ type: 'toTyped', text })}
      onQuick={(q) => dispatch({ type: 'rangePicked', range: quickRange(q, now()) })}
      recentAlerts={state.recent} onBeforeAlert={(a) => dispatch({ type: 'rangePicked', range: rangeBeforeAlert(a.firedAt, now()) })}
      parks={state.parks} sources={state.sources}
      onParks={(parks) => dispatch({ type: 'parksFocused', parks })} onSources={(sources) => dispatch({ type: 'sourcesFocused', sources })}
      onOpen={open} opening={state.opening} problem={problem} earliest={earliest}
      onUseEarliest={() => earliest !== null && p.onUseEarliest(earliest)}
      hasSession={state.sessionId !== null} dryRunOpen={state.dryRunOpen} onDryRun={() => dispatch({ type: 'dryRunToggled' })} locale={locale}
    />
  );
}
