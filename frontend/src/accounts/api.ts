// The accounts page's REST calls: the shared sender (bearer token, one refresh on 401, failures as
// codes the page translates).
import type { UpdateUser, User } from '@torch/shared';
import { type ApiOptions, createSender } from '../net/http.ts';

export interface AccountsApi {
  list(): Promise<User[]>;
  create(body: { username: string; password: string; role: string; displayName?: string }): Promise<User>;
  update(username: string, change: UpdateUser): Promise<User>;
  remove(username: string): Promise<void>;
  resetPassword(username: string, password: string): Promise<void>;
  changeOwnPassword(oldPassword: string, newPassword: string): Promise<void>;
}

export function createAccountsApi(o: ApiOptions): AccountsApi {
  const { send, json } = createSender(o);
  const userPath = (name: string) => `/api/users/${encodeURIComponent(name)}`;
  return {
    list: () => json('GET', '/api/users'),
    create: (body) => json('POST', '/api/users', body),
    update: (username, change) => json('PATCH', userPath(username), change),
    remove: async (username) => void (await send('DELETE', userPath(username))),
    resetPassword: async (username, password) => void (await send('POST', `${userPath(username)}/password`, { password })),
    changeOwnPassword: async (oldPassword, newPassword) => void (await send('POST', '/api/auth/password', { oldPassword, newPassword })),
  };
}
