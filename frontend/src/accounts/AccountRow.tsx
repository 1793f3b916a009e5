// One account in the administrator's list: display name and role changed in place, disable or
// enable, a new password, delete (each that ends sessions says so, and asks once more). An admin's
// own row cannot disable, demote or delete itself (the gateway refuses it too).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PERSON_ROLES, ROLE_NAMES, type UpdateUser, type User } from '@torch/shared';
import type { AccountsApi } from './api.ts';
import { failureText, passwordObjection } from './passwordText.ts';

type Mode = 'view' | 'rename' | 'password' | 'delete';

export function AccountRow({ user, self, api, lang, onChanged }: { user: User; self: boolean; api: AccountsApi; lang: 'zh' | 'en'; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('view');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, done?: string, password?: string) => {
    setBusy(true);
    setNote(null);
    try {
      await action();
      setError(null);
      setMode('view');
      setText('');
      if (done) setNote(done);
      await onChanged();
    } catch (e) {
      setError(failureText(e, t, lang, password === undefined ? undefined : { value: password, username: user.username }));
    } finally {
      setBusy(false);
    }
  };
  const update = (change: UpdateUser, done?: string) => run(() => api.update(user.username, change), done);
  const role = user.role === 'display' ? 'operator' : user.role;

  return (
    <li className={`account-row${user.disabled ? ' disabled' : ''}`} data-testid="account-row" data-username={user.username} data-disabled={user.disabled}>
      <div className="who">
        <b className="display-name">{user.displayName ?? user.username}</b>
        <code className="login">{user.username}</code>
        {self ? <span className="chip">{t('accounts.you')}</span> : null}
        <span className={`chip state ${user.disabled ? 'off' : 'on'}`} data-testid="account-state">{user.disabled ? t('accounts.state.disabled') : t('accounts.state.enabled')}</span>
      </div>
      <label className="role">
        <span className="sr-only">{t('accounts.field.role')}</span>
        <select value={role} disabled={busy || self} onChange={(e) => void update({ role: e.target.value as typeof role }, t('accounts.sessionsEnded'))} data-testid="account-role">
          {PERSON_ROLES.map((r) => <option key={r} value={r}>{ROLE_NAMES[r][lang]}</option>)}
        </select>
      </label>
      <div className="actions">
        {mode === 'view' ? (
          <>
            <button type="button" className="btn secondary" disabled={busy} onClick={() => (setText(user.displayName ?? ''), setMode('rename'))} data-testid="account-rename">{t('accounts.rename')}</button>
            <button type="button" className="btn secondary" disabled={busy} onClick={() => (setText(''), setMode('password'))} data-testid="account-reset">{t('accounts.reset')}</button>
            {user.disabled
              ? <button type="button" className="btn secondary" disabled={busy} onClick={() => void update({ disabled: false })} data-testid="account-enable">{t('accounts.enable')}</button>
              : <button type="button" className="btn danger" disabled={busy || self} onClick={() => void update({ disabled: true }, t('accounts.sessionsEnded'))} data-testid="account-disable">{t('accounts.disable')}</button>}
            <button type="button" className="btn ghost" disabled={busy || self} onClick={() => setMode('delete')} data-testid="account-delete">{t('accounts.delete')}</button>
          </>
        ) : mode === 'rename' ? (
          <form className="inline" onSubmit={(e) => (e.preventDefault(), void update({ displayName: text.trim() }))}>
            <input value={text} maxLength={40} onChange={(e) => setText(e.target.value)} placeholder={t('accounts.new.displayNamePlaceholder')} autoFocus data-testid="account-rename-input" />
            <button type="submit" className="btn primary" disabled={busy}>{t('accounts.save')}</button>
            <button type="button" className="btn ghost" onClick={() => setMode('view')}>{t('accounts.cancel')}</button>
          </form>
        ) : mode === 'password' ? (
          <form className="inline" onSubmit={(e) => {
            e.preventDefault();
            const objection = passwordObjection(text, user.username, lang);
            if (objection) return setError(objection);
            void run(() => api.resetPassword(user.username, text), t('accounts.resetDone'), text);
          }}>
            <input type="password" value={text} autoComplete="new-password" onChange={(e) => setText(e.target.value)} placeholder={t('accounts.newPassword')} autoFocus data-testid="account-reset-input" />
            <button type="submit" className="btn primary" disabled={busy}>{t('accounts.resetConfirm')}</button>
            <button type="button" className="btn ghost" onClick={() => setMode('view')}>{t('accounts.cancel')}</button>
          </form>
        ) : (
          <>
            <span className="confirm-text">{t('accounts.deleteConfirm', { name: user.displayName ?? user.username })}</span>
            <button type="button" className="btn danger" disabled={busy} onClick={() => void run(() => api.remove(user.username))} data-testid="account-delete-confirm">{t('accounts.delete')}</button>
            <button type="button" className="btn ghost" onClick={() => setMode('view')}>{t('accounts.cancel')}</button>
          </>
        )}
      </div>
      {error ? <div className="notice-box error" role="alert">{error}</div> : null}
      {note ? <div className="notice-box ok" role="status">{note}</div> : null}
    </li>
  );
}
