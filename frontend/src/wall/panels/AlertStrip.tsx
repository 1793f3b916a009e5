// Every open alert that is not silenced, at a glance: counts by severity (with how many nobody has
// taken yet) and the newest few, each marked when acknowledged. The banner below the header still
// shows the newest critical one in full; zone and feed warnings reach the room here.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, Severity } from '@torch/shared';
import { SEVERITY_RANK, type ShownAlert, alertPlace } from '../../alerts/describe.ts';

const NEWEST = 2;
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export interface StripCounts {
  severity: Severity;
  open: number;
  unacknowledged: number;
}

/** What the strip shows: counts per severity and the newest alerts, worst first among equals. Pure. */
export function stripOf<A extends ShownAlert>(open: readonly A[]): { counts: StripCounts[]; newest: A[] } {
  const shown = open.filter((a) => !a.silenced && a.status !== 'resolved');
  const counts = SEVERITIES.map((severity) => {
    const of = shown.filter((a) => a.rule.severity === severity);
    return { severity, open: of.length, unacknowledged: of.filter((a) => a.status === 'firing').length };
  });
  const newest = [...shown].sort((a, b) => b.firedAt - a.firedAt || SEVERITY_RANK[a.rule.severity] - SEVERITY_RANK[b.rule.severity]).slice(0, NEWEST);
  return { counts, newest };
}

export const AlertStrip = memo(function AlertStrip({ open, locale }: { open: readonly ShownAlert[] | null; locale: Locale }) {
  const { t } = useTranslation();
  const { counts, newest } = useMemo(() => stripOf(open ?? []), [open]);
  const total = counts.reduce((n, c) => n + c.open, 0);
  return (
    <div className="alert-strip" data-testid="alert-strip" data-count={total}>
      <span className="strip-title">{t('strip.title')}</span>
      {total === 0 ? <span className="strip-none">{t('strip.none')}</span> : null}
      {counts.filter((c) => c.open > 0).map((c) => (
        <span key={c.severity} className={`strip-count ${c.severity}`} data-testid={`strip-${c.severity}`} data-open={c.open} data-unacknowledged={c.unacknowledged}>
          {t(`alerts.severity.${c.severity}`)} <b className="num">{c.open}</b>
        </span>
      ))}
      {newest.map((a) => (
        <span key={a.id} className={`strip-item ${a.rule.severity} ${a.status}`} data-testid="strip-item" data-alert-id={a.id} data-status={a.status}>
          {a.status === 'acknowledged' ? <span className="acked" title={t('strip.acked')}>✓</span> : null}
          {alertPlace(a, locale, t, true)} · {t(`alerts.kind.${a.rule.kind}`)}
        </span>
      ))}
    </div>
  );
});
