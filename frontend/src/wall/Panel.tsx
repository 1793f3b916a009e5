import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Source } from '@torch/shared';
import { ageParts } from '../format/index.ts';
import { useNow } from './hooks.ts';

export interface Freshness {
  /** Sources the panel's figures come from. */
  sources: readonly Source[];
  /** Newest event time among them (null: none yet). */
  lastEventTs: number | null;
  /** True when the connection or a feed is not live: the figures are the last good ones. */
  stale: boolean;
}

/**
 * "税务 · 3秒前" / "Tax · 3 s ago": where a panel's numbers come from and how old the newest is.
 * Short source names and no "updated": it has to fit beside the title at 18 px in every panel.
 */
export function FreshLabel({ f }: { f: Freshness }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const src = f.sources.map((s) => t(`fresh.src.${s}`)).join(' / ');
  if (f.lastEventTs === null) return <span className="panel-fresh">{src} · {t('fresh.never')}</span>;
  const a = ageParts(now - f.lastEventTs);
  return (
    <span className="panel-fresh" data-testid="freshness">
      {src} · {t(`age.${a.key}`, { n: a.n })}
    </span>
  );
}

export function Panel(props: { title: string; className: string; style?: React.CSSProperties; fresh: Freshness; children: ReactNode; testId?: string }) {
  return (
    <section className={`panel ${props.className}${props.fresh.stale ? ' stale' : ''}`} style={props.style} data-testid={props.testId}>
      <div className="panel-head">
        <span className="panel-title">{props.title}</span>
        <FreshLabel f={props.fresh} />
      </div>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
