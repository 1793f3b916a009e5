// Unified social credit code (统一社会信用代码), GB 32100-2015.
//
// Layout of the 18 characters:
//   1      registration authority ('9' = market regulation / 工商)
//   2      entity type under that authority ('1' = enterprise)
//   3-8    six-digit administrative division code (GB/T 2260)
//   9-17   organization code (GB 11714): 8 body chars + 1 check char
//   18     check character over positions 1-17 (mod 31)
import { z } from 'zod';

/** The 31 allowed characters; a character's value is its index. I, O, Z, S, V are left out to avoid look-alikes. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function charValue(ch: string, position: number): number {
  const v = USCC_CHARSET.indexOf(ch);
  if (v < 0 || ch.length !== 1) {
    throw new RangeError(`character '${ch}' at position ${position} is not allowed`);
  }
  return v;
}

/** Check character for the first 17 characters. Throws on a wrong length or a character outside the charset. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('must be 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += charValue(first17.charAt(i), i + 1) * USCC_WEIGHTS[i]!;
  }
  // (31 - 0) mod 31 keeps a zero remainder mapping to '0' rather than out of range.
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** Why `code` is not a valid USCC, or null when it is. Only GB 32100 rules count (not the embedded org-code check). */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return 'must be 18 characters';
  for (let i = 0; i < 18; i++) {
    const ch = code.charAt(i);
    if (!USCC_CHARSET.includes(ch)) return `character '${ch}' at position ${i + 1} is not allowed`;
  }
  const expected = usccCheckChar(code.slice(0, 17));
  const actual = code.charAt(17);
  return actual === expected ? null : `check character is ${actual}, expected ${expected}`;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** GB 11714 check char for an 8-char organization-code body (digits and A-Z, A=10..Z=35). */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('organization code body must be 8 digits or uppercase letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum += parseInt(body8.charAt(i), 36) * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  if (c === 10) return 'X';
  if (c === 11) return '0';
  return String(c);
}

/**
 * A plausible enterprise code under market regulation ('9','1') in `divisionCode`.
 * The org body uses digits only so the org check char ('X' or a digit) is always inside the USCC charset.
 * Deterministic for a given `random` sequence (8 draws).
 */
export function makeUscc(random: () => number, divisionCode: string): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`division code must be 6 digits, got '${divisionCode}'`);
  let body = '';
  for (let i = 0; i < 8; i++) {
    // Clamp in case a caller's generator ever yields exactly 1.
    body += String(Math.min(9, Math.floor(random() * 10)));
  }
  const first17 = `91${divisionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

// The same enterprises file again and again: remember recent verdicts (bounded) so the gateway's
// per-event validation does not recompute the check character each time.
const verdicts = new Map<string, string | null>();
/** usccProblem, remembered for the last 50,000 codes. */
export function usccVerdict(code: string): string | null {
  let v = verdicts.get(code);
  if (v === undefined) {
    v = usccProblem(code);
    if (verdicts.size >= 50_000) verdicts.clear();
    verdicts.set(code, v);
  }
  return v;
}

/** A string that is a valid USCC; the issue message is the specific reason from `usccProblem`. */
export const UsccSchema = z.string().superRefine((value, ctx) => {
  const problem = usccVerdict(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
