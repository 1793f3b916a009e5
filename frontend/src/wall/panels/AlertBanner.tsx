// The newest critical alert across the top of the map, readable from the back of the room: what,
// where, value against threshold, when. Unacknowledged it is red and pulses; once someone has taken
// it, it turns calm and says who, until it resolves. Silenced alerts never reach the wall.
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@torch/shared';
import { type ShownAlert, ackedBy, alertName, alertPlace, bannerPick, valueVsThreshold } from '../../alerts/describe.ts';
import { timeOfDay } from '../../format/index.ts';

export const AlertBanner = memo(function AlertBanner({ open, locale }: { open: readonly ShownAlert[] | null; locale: Locale }) {
  const { t } = useTranslation();
  const pick = useMemo(() => bannerPick(open ?? []), [open]);
  if (!pick) return <div className="alert-banner" data-testid="alert-banner" data-count={0} />;
  const a = pick.main;
  const acked = a.status === 'acknowledged';
  const by = a.ack ? ackedBy(a.ack, locale) : null;
  const vt = valueVsThreshold(a, locale, t);
  const others = pick.firing + pick.acknowledged - 1;
  return (
    <div className={`alert-banner show ${acked ? 'calm' : 'urgent'}`} data-testid="alert-banner" data-count={pick.firing + pick.acknowledged}>
      {/* keyed by id: a new alert replays the entrance, an update of the same one does not */}
      <div className="alert-banner-item" key={a.id} data-testid="alert-banner-item" data-status={a.status} data-alert-id={a.id}>
        <span className="tag">{acked ? t('banner.acknowledged') : t('banner.critical')}</span>
        <div className="body">
          <div className="line1">
            <span className="title">{alertName(a, locale)}</span>
            <span className="place">{alertPlace(a, locale, t, true)}</span>
          </div>
          <div className="line2">
            <span className="num value">{vt.value}</span>
            <span className="op">{vt.op}</span>
            <span className="num threshold">{vt.threshold}</span>
            <span className="sep">·</span>
            <span className="when">{acked && a.ack ? (by ? t('banner.ackBy', { by, time: timeOfDay(a.ack.at) }) : t('banner.ackAt', { time: timeOfDay(a.ack.at) })) : t('banner.firedAt', { time: timeOfDay(a.firedAt) })}</span>
            {others > 0 ? <span className="more" data-testid="alert-banner-more">{t('banner.more', { n: others })}</span> : null}
          </div>
        </div>
      </div>
    </div>
  );
});
