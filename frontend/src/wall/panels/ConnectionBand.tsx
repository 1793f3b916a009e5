// When the wall cannot reach the gateway, the room must see it at once: a red band in the header,
// where the alert strip stands, saying since when and how old the figures on screen are (the
// panels are dimmed meanwhile; the badge beside it says reconnecting, then disconnected).
import { useTranslation } from 'react-i18next';
import { ageParts, clock } from '../../format/index.ts';
import { useNow } from '../hooks.ts';

export function ConnectionBand({ since, signedOut }: { since: number | null; signedOut: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const at = since ?? now;
  const age = ageParts(now - at);
  return (
    <div className="link-band" role="alert" data-testid="connection-band">
      <span className="what">{t('link.down', { since: clock(at, 'zh-CN').time })}</span>
      <span className="age num">{t('link.age', { age: t(`duration.${age.key}`, { n: age.n }) })}</span>
      {signedOut ? <span className="how">{t('link.signIn')}</span> : null}
    </div>
  );
}
