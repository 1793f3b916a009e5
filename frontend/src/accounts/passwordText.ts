// A password the rule refuses, said in the page's language (the gateway's messages are English).
import type { TFunction } from 'i18next';
import { passwordProblem, passwordProblemText } from '@torch/shared';
import { ApiError } from '../net/http.ts';
import { errorText } from '../console/api.ts';

/** The rule's objection to `password` for `username`, or null. */
export function passwordObjection(password: string, username: string, lang: 'zh' | 'en'): string | null {
  const problem = passwordProblem(password, username);
  return problem ? passwordProblemText(problem, lang) : null;
}

/** A failure as text; a refused password by the same rule, in the page's language. */
export function failureText(e: unknown, t: TFunction, lang: 'zh' | 'en', password?: { value: string; username: string }): string {
  if (e instanceof ApiError && e.code === 'BAD_REQUEST' && password && (e.field === 'password' || e.field === 'newPassword')) {
    return passwordObjection(password.value, password.username, lang) ?? errorText(e, t, lang);
  }
  if (e instanceof ApiError && e.field === 'oldPassword') return t('accounts.own.wrongOld');
  return errorText(e, t, lang);
}
