// What to do about an alert: who acknowledged it and why, or (while it fires) the acknowledge form
// for a role that may act, with "silence this kind" beside it; a read-only role is told it may
// only read. The comment survives a refused attempt (a conflict: someone acted first, and the
// reloaded alert shows what they did), and clears once taken.
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertDetailResponse } from '@torch/shared';
import { fullDateTime } from '../format/index.ts';
import { useDisplayName } from '../net/userNames.tsx';

export interface AckSectionProps {
  alert: AlertDetailResponse['alert'];
  canAct: boolean;
  canSilence: boolean;
  /** True when the acknowledgement was taken. */
  onAck: (comment: string) => Promise<boolean>;
  onSilence: () => void;
}

export function AckSection({ alert: a, canAct, canSilence, onAck, onSilence }: AckSectionProps) {
  const { t } = useTranslation();
  const nameOf = useDisplayName();
  const silence = canSilence ? <button type="button" className="btn secondary" onClick={onSilence} data-testid="silence-from-alert">{t('console.silence.fromAlert')}</button> : null;
  return (
    <>
      {a.ack ? (
        <div className="acked" data-testid="detail-acked">
          <div className="who">{t('console.detail.ackedBy', { by: nameOf(a.ack.by), time: fullDateTime(a.ack.at) })}</div>
          <div className="comment">{a.ack.comment || t('console.detail.noComment')}</div>
        </div>
      ) : null}
      {a.status === 'firing' ? (
        canAct ? <AckForm onAck={onAck} silence={silence} /> : <p className="read-only">{t('console.ack.readOnly')}</p>
      ) : a.status === 'acknowledged' && silence ? (
        <div className="actions">{silence}</div>
      ) : null}
    </>
  );
}

function AckForm({ onAck, silence }: { onAck: (comment: string) => Promise<boolean>; silence: ReactNode }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSending(true);
    try {
      if (await onAck(comment.trim())) setComment('');
    } finally {
      setSending(false);
    }
  };
  return (
    <form className="ack-form" onSubmit={(e) => void submit(e)} data-testid="ack-form">
      <label htmlFor="ack-comment">{t('console.ack.comment')}</label>
      <textarea
        id="ack-comment" data-testid="ack-comment" value={comment} maxLength={500} rows={3}
        placeholder={t('console.ack.placeholder')} onChange={(e) => setComment(e.target.value)}
      />
      <div className="actions">
        <button type="submit" className="btn primary" disabled={sending} data-testid="ack-submit">{sending ? t('console.ack.sending') : t('console.ack.submit')}</button>
        {silence}
      </div>
    </form>
  );
}
