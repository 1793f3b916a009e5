// The open alert, loaded when it is chosen and again whenever the gateway says it changed; and
// what the user does to it: acknowledge (a conflict reloads it instead of overwriting), or prepare
// and create a silence of its kind.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { TFunction } from 'i18next';
import type { SilenceRequest } from '@torch/shared';
import { type AlertsApi, errorText } from './api.ts';
import { NOTHING_OPEN, type SelectionState, ackFailureNotice, detailErrorText, isConflict, selectionReducer, silenceMatchersOf } from './selection.ts';

export interface LiveChanges {
  /** Bumped whenever the list may be out of date. */
  tick: number;
  changed: readonly string[];
}

export interface AlertSelection extends SelectionState {
  /** Acknowledge with a comment; true when it was taken (the form then clears). */
  ack: (comment: string) => Promise<boolean>;
  startSilence: () => void;
  cancelSilence: () => void;
  createSilence: (req: SilenceRequest) => Promise<boolean>;
}

export function useAlertSelection(api: AlertsApi, selectedId: string | null, live: LiveChanges, t: TFunction, lang: 'zh' | 'en'): AlertSelection {
  const [state, dispatch] = useReducer(selectionReducer, NOTHING_OPEN);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // An answer for an alert no longer chosen is dropped.
  const load = useCallback(async (id: string) => {
    try {
      const detail = await api.detail(id);
      if (selectedRef.current === id) dispatch({ type: 'loaded', detail });
    } catch (e) {
      if (selectedRef.current === id) dispatch({ type: 'loadFailed', error: detailErrorText(e, t, lang) });
    }
  }, [api, t, lang]);

  useEffect(() => {
    dispatch({ type: 'chosen' });
    if (selectedId) void load(selectedId);
  }, [selectedId, load]);
  useEffect(() => {
    if (selectedRef.current && live.changed.includes(selectedRef.current)) void load(selectedRef.current);
  }, [live, load]);

  const { detail } = state;
  const ack = async (comment: string): Promise<boolean> => {
    if (!detail) return false;
    const id = detail.alert.id;
    try {
      await api.ack(id, detail.alert.version, comment);
      dispatch({ type: 'noticed', notice: { kind: 'ok', text: t('console.ack.done') } });
      await load(id);
      return true;
    } catch (e) {
      dispatch({ type: 'noticed', notice: ackFailureNotice(e, t, lang) });
      // Someone else acted first: show what they did.
      if (isConflict(e)) await load(id);
      return false;
    }
  };
  const createSilence = async (req: SilenceRequest): Promise<boolean> => {
    try {
      await api.createSilence(req);
      dispatch({ type: 'silenceCreated', notice: { kind: 'ok', text: t('console.silence.created') } });
      if (selectedRef.current) await load(selectedRef.current);
      return true;
    } catch (e) {
      dispatch({ type: 'noticed', notice: { kind: 'error', text: errorText(e, t, lang) } });
      return false;
    }
  };
  return {
    ...state, ack, createSilence,
    startSilence: () => detail && dispatch({ type: 'silenceStarted', matchers: silenceMatchersOf(detail.alert) }),
    cancelSilence: () => dispatch({ type: 'silenceCancelled' }),
  };
}
