import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ERROR_CODES, type ErrorCode, type Session } from '@torch/shared';
import { safeNext, saveSession } from '../net/session.ts';

export function Login() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSending(true);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
      // A proxy's HTML error page is not JSON: the generic message below then says it failed.
      const body = (await res.json().catch((e: unknown) => {
        console.warn('login: the answer is not JSON', { status: res.status, error: e });
        return {};
      })) as Session | { error?: { code?: string } };
      if (!res.ok || !('accessToken' in body)) {
        // The shared text for the code, in the page's language (the server's message is English).
        const code = 'error' in body ? body.error?.code : undefined;
        return setError(code && code in ERROR_CODES ? ERROR_CODES[code as ErrorCode][i18n.language === 'en' ? 'en' : 'zh'] : t('login.failed'));
      }
      saveSession(body);
      // Back where the user was sent from (`?next=/alerts?id=…`), else the wall as before.
      const next = safeNext(window.location.search, '');
      navigate(next || '/wall' + window.location.search);
    } catch (e) {
      console.warn('login: the request failed', e);
      setError(t('login.failed'));
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="page">
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.title')} · {t('login.title')}</h1>
        <label htmlFor="username">{t('login.username')}</label>
        <input id="username" name="username" autoComplete="username" required />
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={sending} data-testid="login-submit">{t('login.submit')}</button>
        {error ? <div className="error" role="alert">{error}</div> : null}
      </form>
    </div>
  );
}
