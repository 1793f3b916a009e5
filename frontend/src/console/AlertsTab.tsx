// The list and the detail side by side (stacked on a narrow tablet). The list follows the filters
// and refetches when the gateway says alerts changed; the open alert reloads when it is among them.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AlertDetailResponse, HOUR_MS, type Locale, type Matchers, type Rule, type SilenceRequest } from '@torch/shared';
import { type OpenAlert, parkOf, sourceOf } from '../alerts/describe.ts';
import { chartMetricOf } from '../alerts/ruleText.ts';
import { ApiError, type AlertsApi, errorText } from './api.ts';
import { AlertDetail, type Notice, type SeriesState } from './AlertDetail.tsx';
import { AlertFilters } from './AlertFilters.tsx';
import { AlertList } from './AlertList.tsx';
import { type AlertFilters as Filters, DEFAULT_FILTERS, filtersToQuery } from './filters.ts';
import { SilenceForm } from './SilenceForm.tsx';

export interface LiveChanges {
  /** Bumped whenever the list may be out of date. */
  tick: number;
  changed: readonly string[];
}

export function AlertsTab(props: {
  api: AlertsApi;
  rules: ReadonlyMap<string, Rule>;
  rulesLoaded: boolean;
  canAct: boolean;
  canSilence: boolean;
  canReplay?: boolean;
  canAudit: boolean;
  locale: Locale;
  live: LiveChanges;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const { api, locale, selectedId, live } = props;
  const lang = locale === 'en' ? 'en' : 'zh';
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [items, setItems] = useState<OpenAlert[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [detail, setDetail] = useState<AlertDetailResponse | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [series, setSeries] = useState<SeriesState>({ kind: 'none' });
  const [silencing, setSilencing] = useState<Matchers | null>(null);
  const [exporting, setExporting] = useState(false);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // The list: on a filter change and whenever the gateway says something changed.
  useEffect(() => {
    let current = true;
    api.list(filtersToQuery(filters, Date.now())).then(
      (r) => {
        if (!current) return;
        setItems(r.items);
        setListError(null);
      },
      (e: unknown) => current && setListError(errorText(e, t, lang)),
    );
    return () => {
      current = false;
    };
  }, [api, filters, live.tick, t, lang]);

  const loadDetail = useCallback(async (id: string) => {
    try {
      const d = await api.detail(id);
      if (selectedRef.current !== id) return;
      setDetail(d);
      setDetailError(null);
    } catch (e) {
      if (selectedRef.current !== id) return;
      setDetail(null);
      setDetailError(e instanceof ApiError && e.code === 'NOT_FOUND' ? t('console.detail.notFound') : errorText(e, t, lang));
    }
  }, [api, t, lang]);

  // The open alert: when chosen, and again when it is among the changed.
  useEffect(() => {
    setNotice(null);
    setSilencing(null);
    setDetail(null);
    setDetailError(null);
    if (selectedId) void loadDetail(selectedId);
  }, [selectedId, loadDetail]);
  useEffect(() => {
    if (selectedRef.current && live.changed.includes(selectedRef.current)) void loadDetail(selectedRef.current);
  }, [live, loadDetail]);

  // The context chart: the rule's metric, in the alert's park (or the zone), 12 h either side.
  const alert = detail?.alert ?? null;
  const rule = alert ? props.rules.get(alert.rule.id) : undefined;
  const metric = alert ? chartMetricOf(alert, rule) : null;
  const scope = alert ? parkOf(alert) ?? 'zone' : 'zone';
  const firedAt = alert?.firedAt ?? 0;
  useEffect(() => {
    if (!metric) return setSeries({ kind: 'none' });
    let current = true;
    const hour = Math.floor(firedAt / HOUR_MS) * HOUR_MS;
    const from = hour - 12 * HOUR_MS;
    const to = Math.min(hour + 13 * HOUR_MS, Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
    setSeries({ kind: 'loading', metric, scope });
    api.series(scope, metric, from, Math.max(to, from + HOUR_MS)).then(
      (r) => current && setSeries({ kind: 'ok', metric, scope, points: r.points }),
      () => current && setSeries({ kind: 'error', metric, scope }),
    );
    return () => {
      current = false;
    };
  }, [api, metric, scope, firedAt]);

  const ack = async (comment: string): Promise<boolean> => {
    if (!detail) return false;
    const id = detail.alert.id;
    try {
      await api.ack(id, detail.alert.version, comment);
      setNotice({ kind: 'ok', text: t('console.ack.done') });
      await loadDetail(id);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        // Someone else acted first: show what they did instead of overwriting it.
        setNotice({ kind: 'conflict', text: t('console.ack.conflict') });
        await loadDetail(id);
      } else {
        setNotice({ kind: 'error', text: errorText(e, t, lang) });
      }
      return false;
    }
  };

  const startSilence = () => {
    if (!alert) return;
    const park = parkOf(alert);
    const source = sourceOf(alert);
    setSilencing({ ruleId: alert.rule.id, ...(park ? { park } : {}), ...(source ? { source } : {}) });
  };
  const createSilence = async (req: SilenceRequest): Promise<boolean> => {
    try {
      await api.createSilence(req);
      setSilencing(null);
      setNotice({ kind: 'ok', text: t('console.silence.created') });
      if (selectedRef.current) await loadDetail(selectedRef.current);
      return true;
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e, t, lang) });
      return false;
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { blob, filename } = await api.csv(filtersToQuery(filters, Date.now()));
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setListError(errorText(e, t, lang));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className={`alerts-tab${selectedId ? ' has-selection' : ''}`} data-testid="alerts-tab">
      <div className="list-pane">
        <AlertFilters value={filters} onChange={setFilters} onExport={() => void exportCsv()} exporting={exporting} locale={locale} />
        <div className="list-status">
          <span className="num">{items ? t('console.list.count', { n: items.length }) : ''}</span>
        </div>
        {listError ? <div className="notice-box error" role="alert">{listError}</div> : null}
        <AlertList items={items} selectedId={selectedId} onSelect={props.onSelect} rules={props.rules} locale={locale} />
      </div>
      <div className="detail-pane">
        {!selectedId ? (
          <div className="detail-empty">{t('console.detail.choose')}</div>
        ) : detailError ? (
          <div className="detail-empty">
            <button type="button" className="btn ghost back" onClick={() => props.onSelect(null)}>‹ {t('console.detail.back')}</button>
            <div className="notice-box error" role="alert" data-testid="detail-error">{detailError}</div>
          </div>
        ) : !detail ? (
          <div className="detail-empty">{t('console.list.loading')}</div>
        ) : (
          <>
            {silencing ? (
              <div className="silence-inline">
                <SilenceForm rules={[...props.rules.values()]} initial={silencing} locale={locale} onSubmit={createSilence} onCancel={() => setSilencing(null)} />
              </div>
            ) : null}
            {/* keyed: a comment typed for one alert must not carry over to the next */}
            <AlertDetail
              key={detail.alert.id}
              detail={detail}
              rule={rule}
              rulesLoaded={props.rulesLoaded}
              series={series}
              canAct={props.canAct}
              canSilence={props.canSilence}
              canReplay={props.canReplay}
              canAudit={props.canAudit}
              notice={notice}
              onAck={ack}
              onSilence={startSilence}
              onBack={() => props.onSelect(null)}
              locale={locale}
            />
          </>
        )}
      </div>
    </div>
  );
}
