// The list side of the alerts tab: the filters, the alerts they select (fetched again on every
// filter change and whenever the gateway says alerts changed), and the list as CSV.
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import type { OpenAlert } from '../alerts/describe.ts';
import { downloadBlob } from '../dom/download.ts';
import { type AlertsApi, errorText } from './api.ts';
import { type AlertFilters, DEFAULT_FILTERS, filtersToQuery } from './filters.ts';

export interface AlertListState {
  filters: AlertFilters;
  setFilters: (f: AlertFilters) => void;
  /** null until the first answer. */
  items: OpenAlert[] | null;
  /** The last failure (listing or exporting), in the screen's language. */
  error: string | null;
  exporting: boolean;
  exportCsv: () => Promise<void>;
}

/** `tick`: bumped when the list may be out of date. */
export function useAlertList(api: AlertsApi, tick: number, t: TFunction, lang: 'zh' | 'en'): AlertListState {
  const [filters, setFilters] = useState<AlertFilters>(DEFAULT_FILTERS);
  const [items, setItems] = useState<OpenAlert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let current = true;
    api.list(filtersToQuery(filters, Date.now())).then(
      (r) => {
        if (!current) return;
        setItems(r.items);
        setError(null);
      },
      (e: unknown) => current && setError(errorText(e, t, lang)),
    );
    return () => {
      current = false;
    };
  }, [api, filters, tick, t, lang]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { blob, filename } = await api.csv(filtersToQuery(filters, Date.now()));
      downloadBlob(blob, filename);
    } catch (e) {
      setError(errorText(e, t, lang));
    } finally {
      setExporting(false);
    }
  };

  return { filters, setFilters, items, error, exporting, exportCsv };
}
