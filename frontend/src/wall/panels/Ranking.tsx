import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Locale, PARKS_BY_ID, type ParkId, scaleUnit, scaledNumeral } from '@torch/shared';
import { PARK_COLORS } from '../palette.ts';
import { type Freshness, Panel } from '../Panel.tsx';
import { useTableScale } from '../useHeldScale.ts';

/** Parks by month-to-date sales: horizontal bars with the name and the value written on them. */
export const Ranking = memo(function Ranking({ ranking, locale, fresh }: { ranking: { parkId: ParkId; sales: number }[]; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...ranking.map((r) => r.sales));
  // The unit from the parks' own figures, held (useTableScale): every park keeps two significant digits.
  const scale = useTableScale(ranking.map((r) => r.sales), locale);
  return (
    <Panel title={`${t('panel.ranking')} · ${scaleUnit(scale, 'cny')}`} className="col-right row-1" fresh={fresh} testId="panel-ranking">
      <div style={{ display: 'flex', flexDirection: 'column', height: '100%', justifyContent: 'space-between', lineHeight: 1.3 }}>
        {ranking.map((r, i) => (
          <div key={r.parkId} style={{ display: 'grid', gridTemplateColumns: '1.6rem 12.5rem 1fr 6rem', alignItems: 'center', gap: '0.6rem', fontSize: 'var(--t-body)' }}>
            <span className="num" style={{ color: i < 3 ? '#ffd166' : '#5b7397', fontWeight: 700 }}>{i + 1}</span>
            <span style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{locale === 'en' ? PARKS_BY_ID[r.parkId].shortEn : PARKS_BY_ID[r.parkId].shortZh}</span>
            <span style={{ height: '1rem', background: '#0d2443', borderRadius: '0.2rem', overflow: 'hidden' }}>
              <span style={{ display: 'block', height: '100%', width: `${(100 * r.sales) / max}%`, background: PARK_COLORS[r.parkId], borderRadius: '0.2rem' }} />
            </span>
            <span className="num" style={{ textAlign: 'right' }} data-testid={`ranking-${r.parkId}`}>{scaledNumeral(r.sales, scale)}</span>
          </div>
        ))}
      </div>
    </Panel>
  );
});
