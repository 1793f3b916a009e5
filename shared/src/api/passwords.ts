// The password rule, checked by the gateway whenever a password is set (account created, reset,
// changed, first admin) and by the screens before they send one, in both languages. Signing in
// is not checked against it: an account made under the old rule keeps working until its password
// next changes.
import { COMMON_PASSWORDS } from './commonPasswords.ts';

export { COMMON_PASSWORDS };

export const PASSWORD_MIN_CHARS = 12;
/** bcrypt reads only the first 72 bytes; a longer password is refused so no tail is silently ignored. */
export const PASSWORD_MAX_BYTES = 72;
/** Fewer different characters than this (aaaaaaaaaaaa, abababababab) is no password at all. */
export const PASSWORD_MIN_DISTINCT = 5;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'contains-name' | 'too-simple';

export const PASSWORD_PROBLEMS: Record<PasswordProblem, { zh: string; en: string }> = {
  'too-short': { zh: `密码至少 ${PASSWORD_MIN_CHARS} 个字符`, en: `at least ${PASSWORD_MIN_CHARS} characters` },
  'too-long': { zh: `密码最多 ${PASSWORD_MAX_BYTES} 字节（约 ${PASSWORD_MAX_BYTES} 个英文字符或 24 个汉字）`, en: `at most ${PASSWORD_MAX_BYTES} bytes (${PASSWORD_MAX_BYTES} Latin letters, 24 Chinese characters)` },
  common: { zh: '这是最常见的密码之一，请换一个', en: 'this is one of the most common passwords; choose another' },
  'contains-name': { zh: '密码不能包含用户名', en: 'must not contain the user name' },
  'too-simple': { zh: `密码至少要有 ${PASSWORD_MIN_DISTINCT} 个不同的字符`, en: `needs at least ${PASSWORD_MIN_DISTINCT} different characters` },
};

const common = new Set(COMMON_PASSWORDS);
const encoder = new TextEncoder();

/** The first rule the password breaks, or null when it may be set. `username` is the account's. */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_CHARS) return 'too-short';
  if (encoder.encode(password).length > PASSWORD_MAX_BYTES) return 'too-long';
  const lower = password.toLowerCase();
  // Equal to the name always; containing it only from 3 characters on (a 2-letter name like "li"
  // is inside too many good passwords to forbid).
  if (username) {
    const name = username.toLowerCase();
    if (lower === name || (name.length >= 3 && lower.includes(name))) return 'contains-name';
  }
  if (common.has(lower)) return 'common';
  if (new Set(chars).size < PASSWORD_MIN_DISTINCT) return 'too-simple';
  return null;
}

/** The problem as a sentence in one language. */
export function passwordProblemText(problem: PasswordProblem, lang: 'zh' | 'en'): string {
  return PASSWORD_PROBLEMS[problem][lang];
}
