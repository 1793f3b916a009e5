// The tab's open replay session, remembered so a reload picks it up again (sessionStorage: one tab's).

export const SESSION_STORAGE_KEY = 'torch.replay.session';

export function storedSession(): string | null {
  return sessionStorage.getItem(SESSION_STORAGE_KEY);
}

export function rememberSession(id: string): void {
  sessionStorage.setItem(SESSION_STORAGE_KEY, id);
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_STORAGE_KEY);
}
