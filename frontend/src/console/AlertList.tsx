// The alerts as rows big enough for a finger: severity as a coloured edge and a chip, the rule's
// name, where, value against threshold, status and when it fired (Asia/Shanghai).
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, Rule } from '@torch/shared';
import { type OpenAlert, alertName, alertPlace, valueVsThreshold } from '../alerts/describe.ts';
import { shortDateTime } from '../format/index.ts';
import { SeverityChip, SilencedChip, StatusChip } from './Chips.tsx';

export const AlertList = memo(function AlertList(props: {
  items: readonly OpenAlert[] | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  rules: ReadonlyMap<string, Rule>;
  locale: Locale;
}) {
  const { t } = useTranslation();
  const { items, locale } = props;
  if (items === null) return <div className="list-empty">{t('console.list.loading')}</div>;
  if (items.length === 0) return <div className="list-empty" data-testid="alert-list-empty">{t('console.list.empty')}</div>;
  return (
    <ul className="alert-list" data-testid="alert-list">
      {items.map((a) => {
        const vt = valueVsThreshold(a, locale, t, props.rules.get(a.rule.id));
        const selected = a.id === props.selectedId;
        return (
          <li key={a.id}>
            <button
              type="button"
              className={`alert-row ${a.rule.severity} ${a.status}${selected ? ' selected' : ''}`}
              aria-current={selected ? 'true' : undefined}
              data-testid="alert-row"
              data-alert-id={a.id}
              data-status={a.status}
              onClick={() => props.onSelect(a.id)}
            >
              <span className="edge" />
              <span className="main">
                <span className="top">
                  <SeverityChip severity={a.rule.severity} />
                  <span className="name">{alertName(a, locale)}</span>
                </span>
                <span className="meta">
                  <span className="place">{alertPlace(a, locale, t, true)}</span>
                  <span className="num vt">{vt.value} {vt.op} {vt.threshold}</span>
                </span>
              </span>
              <span className="side">
                <span className="chips">
                  {a.silenced ? <SilencedChip /> : null}
                  <StatusChip status={a.status} />
                </span>
                <time className="num" dateTime={new Date(a.firedAt).toISOString()}>{shortDateTime(a.firedAt)}</time>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
});
