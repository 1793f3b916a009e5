// The open alert in the console: its detail as last loaded (or why it could not be), the notice
// after acting on it, and the silence being prepared from it. Pure: a reducer and the rules for
// what acting on an alert says, so each can be tested without a screen.
import type { TFunction } from 'i18next';
import type { AlertDetailResponse, Matchers } from '@torch/shared';
import { parkOf, sourceOf } from '../alerts/describe.ts';
import { ApiError, errorText } from './api.ts';

export interface Notice {
  kind: 'ok' | 'error' | 'conflict';
  text: string;
}

export interface SelectionState {
  detail: AlertDetailResponse | null;
  /** Why the detail could not be loaded, in the screen's language. */
  error: string | null;
  notice: Notice | null;
  /** The matchers of the silence being prepared from the alert; null: no silence form. */
  silencing: Matchers | null;
}

export const NOTHING_OPEN: SelectionState = { detail: null, error: null, notice: null, silencing: null };

export type SelectionAction =
  /** Another alert (or none) was chosen: start afresh. */
  | { type: 'chosen' }
  | { type: 'loaded'; detail: AlertDetailResponse }
  | { type: 'loadFailed'; error: string }
  | { type: 'noticed'; notice: Notice }
  | { type: 'silenceStarted'; matchers: Matchers }
  | { type: 'silenceCancelled' }
  | { type: 'silenceCreated'; notice: Notice };

export function selectionReducer(s: SelectionState, a: SelectionAction): SelectionState {
  switch (a.type) {
    case 'chosen':
      return NOTHING_OPEN;
    case 'loaded':
      return { ...s, detail: a.detail, error: null };
    case 'loadFailed':
      return { ...s, detail: null, error: a.error };
    case 'noticed':
      return { ...s, notice: a.notice };
    case 'silenceStarted':
      return { ...s, silencing: a.matchers };
    case 'silenceCancelled':
      return { ...s, silencing: null };
    case 'silenceCreated':
      return { ...s, silencing: null, notice: a.notice };
  }
}

/** A silence of the alert's kind: its rule, and its park and source when it has them. */
export function silenceMatchersOf(alert: AlertDetailResponse['alert']): Matchers {
  const park = parkOf(alert);
  const source = sourceOf(alert);
  return { ruleId: alert.rule.id, ...(park ? { park } : {}), ...(source ? { source } : {}) };
}

/** Someone else acted on the alert first (the version sent was not the latest). */
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'CONFLICT';
}

/**
 * What a refused acknowledgement says: a conflict tells the user someone else acted first (the
 * alert is then reloaded to show what they did, never overwritten); anything else, the error.
 */
export function ackFailureNotice(e: unknown, t: TFunction, lang: 'zh' | 'en'): Notice {
  return isConflict(e) ? { kind: 'conflict', text: t('console.ack.conflict') } : { kind: 'error', text: errorText(e, t, lang) };
}

/** Why an alert could not be shown: gone (a link to an alert that no longer exists), or the error. */
export function detailErrorText(e: unknown, t: TFunction, lang: 'zh' | 'en'): string {
  return e instanceof ApiError && e.code === 'NOT_FOUND' ? t('console.detail.notFound') : errorText(e, t, lang);
}
