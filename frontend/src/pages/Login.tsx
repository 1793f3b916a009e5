import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Session } from '@torch/shared';
import { saveSession } from '../net/session.ts';

export function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    });
    const body = (await res.json()) as Session | { error: { message: string } };
    if (!res.ok || !('accessToken' in body)) return setError('error' in body ? body.error.message : t('login.failed'));
    saveSession(body);
    navigate('/wall' + window.location.search);
  };
  return (
    <div className="page">
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.title')} · {t('login.title')}</h1>
        <label htmlFor="username">{t('login.username')}</label>
        <input id="username" name="username" autoComplete="username" required />
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">{t('login.submit')}</button>
        {error ? <div className="error" role="alert">{error}</div> : null}
      </form>
    </div>
  );
}

export function ComingSoon({ what }: { what: 'alerts' | 'replay' }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <div className="notice">{t(`nav.${what}`)} · {t('nav.comingSoon')}</div>
    </div>
  );
}
