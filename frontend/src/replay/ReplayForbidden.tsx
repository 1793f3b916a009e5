// A signed-in user whose role may not replay (an official, a wall): told so, with the way back to
// the live wall and a way to sign in as someone else.
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ROLE_NAMES, type Session } from '@torch/shared';
import { signOut } from '../net/session.ts';

export function ReplayForbidden({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <div className="page">
      <div className="rp-card rp-forbidden" role="alert" data-testid="replay-forbidden">
        <h1>{t('app.title')} · {t('replayPage.title')}</h1>
        <p>{t('replayPage.notice.forbidden')}</p>
        <p className="rp-hint">{t('replayPage.signedInAs', { user: session.username, role: ROLE_NAMES[session.role][lang] })}</p>
        <div className="rp-row">
          <a className="rp-btn primary" href="/wall">{t('replayPage.controls.live')}</a>
          <button type="button" className="rp-btn" onClick={() => void signOut().then(() => navigate('/login?next=/replay', { replace: true }))}>{t('replayPage.signOut')}</button>
        </div>
      </div>
    </div>
  );
}
