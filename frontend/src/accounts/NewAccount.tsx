// An administrator creates an account: login name (Latin, for signing in), display name (what
// people see, 王主任), role and a first password the person should change.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_ROLES, ROLE_NAMES, type User } from '@torch/shared';
import type { AccountsApi } from './api.ts';
import { failureText, passwordObjection } from './passwordText.ts';

export function NewAccount({ api, lang, onCreated, onCancel }: { api: AccountsApi; lang: 'zh' | 'en'; onCreated: (u: User) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<(typeof PERSON_ROLES)[number]>('official');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    if (!/^[a-z0-9_.-]{2,32}$/.test(name)) return setError(t('accounts.new.badName'));
    const objection = passwordObjection(password, name, lang);
    if (objection) return setError(objection);
    setBusy(true);
    try {
      onCreated(await api.create({ username: name, password, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) }));
    } catch (err) {
      setError(failureText(err, t, lang, { value: password, username: name }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="account-form new-account" onSubmit={(e) => void submit(e)} data-testid="account-new-form">
      <label>{t('accounts.field.username')}<input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" placeholder="wang.official" required data-testid="new-username" /></label>
      <label>{t('accounts.field.displayName')}<input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={40} placeholder={t('accounts.new.displayNamePlaceholder')} data-testid="new-display-name" /></label>
      <label>{t('accounts.field.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as typeof role)} data-testid="new-role">
          {PERSON_ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r][lang]}</option>)}
        </select>
      </label>
      <label>{t('accounts.field.password')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required data-testid="new-password" /></label>
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={busy} data-testid="new-submit">{busy ? t('accounts.new.creating') : t('accounts.new.create')}</button>
        <button type="button" className="btn ghost" onClick={onCancel}>{t('accounts.cancel')}</button>
      </div>
      {error ? <div className="notice-box error" role="alert">{error}</div> : null}
    </form>
  );
}
