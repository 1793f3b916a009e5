// The small coloured labels every alert carries: severity, status, silenced. Colour is never the
// only cue: each chip also says what it means.
import { useTranslation } from 'react-i18next';
import type { AlertStatus, Severity } from '@torch/shared';

export function SeverityChip({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <span className={`chip sev ${severity}`} data-severity={severity}>{t(`alerts.severity.${severity}`)}</span>;
}

export function StatusChip({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return <span className={`chip status ${status}`} data-testid="status-chip" data-status={status}>{t(`alerts.status.${status}`)}</span>;
}

export function SilencedChip() {
  const { t } = useTranslation();
  return <span className="chip silenced" data-testid="silenced-chip">{t('alerts.silenced')}</span>;
}
