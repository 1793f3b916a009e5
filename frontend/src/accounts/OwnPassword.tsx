// Everyone's own password: the current one, the new one twice. The rule is checked here first, in
// the page's language; the gateway checks again. Other sessions of the account end; this one goes on.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountsApi } from './api.ts';
import { failureText, passwordObjection } from './passwordText.ts';

export function OwnPassword({ api, username, lang }: { api: AccountsApi; username: string; lang: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const [oldPassword, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const objection = passwordObjection(next, username, lang);
    if (objection) return setError(objection);
    if (next !== again) return setError(t('accounts.own.mismatch'));
    setBusy(true);
    try {
      await api.changeOwnPassword(oldPassword, next);
      setOld('');
      setNext('');
      setAgain('');
      setError(null);
      setDone(true);
    } catch (err) {
      setError(failureText(err, t, lang, { value: next, username }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="block own-password" data-testid="own-password">
      <h3>{t('accounts.own.title')}</h3>
      <form className="account-form" onSubmit={(e) => void submit(e)}>
        <label>{t('accounts.own.old')}<input type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOld(e.target.value)} required data-testid="own-old" /></label>
        <label>{t('accounts.own.new')}<input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required data-testid="own-new" /></label>
        <label>{t('accounts.own.again')}<input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required data-testid="own-again" /></label>
        <button type="submit" className="btn primary" disabled={busy} data-testid="own-submit">{t('accounts.own.submit')}</button>
      </form>
      <p className="muted">{t('accounts.rule')}</p>
      {error ? <div className="notice-box error" role="alert">{error}</div> : null}
      {done ? <div className="notice-box ok" role="status">{t('accounts.own.done')}</div> : null}
    </section>
  );
}
