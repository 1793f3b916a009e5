import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAINS, CHAIN_IDS, type Locale, type MetricId, type MonthFigure, scaleUnit, scaledNumeral } from '@torch/shared';
import { CHAIN_COLORS } from '../palette.ts';
import { type Freshness, Panel } from '../Panel.tsx';
import { useTableScale } from '../useHeldScale.ts';

/** The zone's sales by industry chain this month: share bars, largest first, each labelled. */
export const Chains = memo(function Chains({ zone, locale, fresh }: { zone: Record<MetricId, MonthFigure>; locale: Locale; fresh: Freshness }) {
  const { t } = useTranslation();
  const rows = CHAIN_IDS.map((c) => ({ c, v: zone[`chain.${c}` as MetricId].mtd })).sort((a, b) => b.v - a.v);
  const total = rows.reduce((s, r) => s + r.v, 0) || 1;
  const scale = useTableScale(rows.map((r) => r.v), locale);
  return (
    <Panel title={`${t('panel.chains')} · ${scaleUnit(scale, 'cny')}`} className="col-left row-2" fresh={fresh} testId="panel-chains">
      <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
        <div style={{ display: 'flex', height: '1rem', flex: 'none', borderRadius: '0.25rem', overflow: 'hidden', marginBottom: '0.4rem' }}>
          {rows.map((r) => <span key={r.c} style={{ width: `${(100 * r.v) / total}%`, background: CHAIN_COLORS[r.c] }} />)}
        </div>
        <div style={{ flex: 1, display: 'grid', gridTemplateColumns: '1fr auto auto', gridAutoRows: '1fr', columnGap: '1rem', fontSize: 'var(--t-min)', alignItems: 'center' }}>
          {rows.map((r) => (
            <div key={r.c} style={{ display: 'contents' }}>
              <span style={{ display: 'flex', alignItems: 'center', gap: '0.5rem', whiteSpace: 'nowrap' }}><span className="swatch" style={{ background: CHAIN_COLORS[r.c] }} />{locale === 'en' ? CHAINS[r.c].en : CHAINS[r.c].zh}</span>
              <span className="num" style={{ textAlign: 'right', color: '#8ea6c7' }}>{((100 * r.v) / total).toFixed(1)}%</span>
              <span className="num" style={{ textAlign: 'right' }}>{scaledNumeral(r.v, scale)}</span>
            </div>
          ))}
        </div>
      </div>
    </Panel>
  );
});
