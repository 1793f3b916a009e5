import { describe, expect, it } from 'vitest';
import {
  USCC_CHARSET,
  UsccSchema,
  isValidUscc,
  makeUscc,
  orgCodeCheckChar,
  usccCheckChar,
  usccProblem,
} from '../../shared/src/uscc.ts';

// Tiny seeded PRNG so generated codes are reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Charset values: 0-9 → 0-9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30.
const FIXED_VALID = [
  // 9*1+1*3+3*9+5*27+0*19+2*26+0*16+0*17+21*20+10*29+2*25+30*13+3*8+19*24+4*10+23*30+2*28 = 2642;
  // 2642 mod 31 = 7; 31-7 = 24 → 'Q'. (Org body MA2Y3K4P: 22*3+10*7+2*9+34*10+3*5+20*8+4*4+25*2 = 735;
  // 735 mod 11 = 9; 11-9 = 2 → org check '2'.)
  '91350200MA2Y3K4P2Q',
  // 9+3+27+135+0+52+0+102+120+29+50+0+0+72+60+120+196 = 975; 975 mod 31 = 14; 31-14 = 17 → 'H'.
  '91350206612003647H',
  // 9+3+9+27+20 = 68; 68 mod 31 = 6; 31-6 = 25 → 'R'.
  '91110000100000000R',
  // 9+3+27+135+52 = 226, plus 3*28 = 84 → 310 = 10*31; remainder 0 → check '0' (the wrap-around case).
  '913502000000000030',
];

const OUT_OF_CHARSET = ['I', 'O', 'Z', 'S', 'V', 'a', '-'];

describe('USCC_CHARSET', () => {
  it('has 31 distinct characters without the look-alikes', () => {
    expect(USCC_CHARSET).toHaveLength(31);
    expect(new Set(USCC_CHARSET).size).toBe(31);
    for (const ch of ['I', 'O', 'Z', 'S', 'V']) expect(USCC_CHARSET).not.toContain(ch);
  });
});

describe('usccCheckChar', () => {
  it('matches the hand-computed check characters', () => {
    expect(usccCheckChar('91350200MA2Y3K4P2')).toBe('Q');
    expect(usccCheckChar('91350206612003647')).toBe('H');
    expect(usccCheckChar('91110000100000000')).toBe('R');
    expect(usccCheckChar('91350200000000003')).toBe('0');
  });

  it('throws on a character outside the charset', () => {
    expect(() => usccCheckChar('91350200MA2Y3K4I2')).toThrow(/'I' at position 16/);
    expect(() => usccCheckChar('9135020')).toThrow();
  });
});

describe('orgCodeCheckChar', () => {
  it('follows GB 11714 including the X and 0 cases', () => {
    expect(orgCodeCheckChar('MA2Y3K4P')).toBe('2');
    // 1*2 = 2; 11-2 = 9.
    expect(orgCodeCheckChar('00000001')).toBe('9');
    // All zeros: sum 0 → c = 11 → '0'.
    expect(orgCodeCheckChar('00000000')).toBe('0');
    // 6*2 = 12 ≡ 1 (mod 11) → c = 10 → 'X'.
    expect(orgCodeCheckChar('00000006')).toBe('X');
    expect(() => orgCodeCheckChar('0000000a')).toThrow();
  });
});

describe('usccProblem / isValidUscc', () => {
  it('accepts the fixed valid codes', () => {
    for (const code of FIXED_VALID) {
      expect(usccProblem(code), code).toBeNull();
      expect(isValidUscc(code)).toBe(true);
    }
  });

  it('rejects wrong lengths with the length reason', () => {
    expect(usccProblem('')).toBe('must be 18 characters');
    expect(usccProblem('91350200MA2Y3K4P2')).toBe('must be 18 characters');
    expect(usccProblem('91350200MA2Y3K4P2QQ')).toBe('must be 18 characters');
  });

  it('rejects lowercase with the position of the offending character', () => {
    expect(usccProblem('91350200ma2y3k4p2q')).toBe("character 'm' at position 9 is not allowed");
    expect(usccProblem('91350200MA2Y3K4P2q')).toBe("character 'q' at position 18 is not allowed");
    expect(isValidUscc('91350200ma2y3k4p2q')).toBe(false);
  });

  it('reports the expected check character', () => {
    expect(usccProblem('91350200MA2Y3K4P2R')).toBe('check character is R, expected Q');
  });

  it('does not judge the embedded org-code check', () => {
    // Org check should be '2' here, but only GB 32100 rules decide validity.
    const first17 = '91350200MA2Y3K4P7';
    expect(orgCodeCheckChar('MA2Y3K4P')).not.toBe('7');
    expect(isValidUscc(first17 + usccCheckChar(first17))).toBe(true);
  });
});

describe('makeUscc', () => {
  it('generates 1000 valid codes with the requested structure', () => {
    const random = mulberry32(20240601);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const code = makeUscc(random, '350206');
      expect(usccProblem(code), code).toBeNull();
      expect(code.slice(0, 8)).toBe('91350206');
      expect(code.slice(8, 16)).toMatch(/^\d{8}$/);
      expect(code.charAt(16)).toBe(orgCodeCheckChar(code.slice(8, 16)));
      seen.add(code);
    }
    // Random bodies should essentially never collide in 1000 draws of 1e8.
    expect(seen.size).toBeGreaterThan(990);
  });

  it('is deterministic for a given random sequence', () => {
    const run = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 5 }, () => makeUscc(random, '350200'));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    // All-zero body: org check '0'; sum 9+3+27+135+52 = 226, 226 mod 31 = 9, 31-9 = 22 → 'N'.
    expect(makeUscc(() => 0, '350200')).toBe('91350200000000000N');
  });

  it('survives a generator that returns exactly 1', () => {
    const code = makeUscc(() => 1, '350200');
    expect(code.slice(8, 16)).toBe('99999999');
    expect(isValidUscc(code)).toBe(true);
  });

  it('rejects a bad division code', () => {
    expect(() => makeUscc(Math.random, '35020')).toThrow(/6 digits/);
    expect(() => makeUscc(Math.random, '35020A')).toThrow(/6 digits/);
  });
});

describe('single-character substitutions', () => {
  it('rejects every substitution at every position for 50 valid codes', () => {
    const random = mulberry32(99);
    const codes = [...FIXED_VALID];
    while (codes.length < 50) codes.push(makeUscc(random, '350203'));
    let checked = 0;
    for (const code of codes) {
      for (let pos = 0; pos < 18; pos++) {
        const original = code.charAt(pos);
        for (const ch of [...USCC_CHARSET, ...OUT_OF_CHARSET]) {
          if (ch === original) continue;
          const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
          const problem = usccProblem(mutated);
          if (problem === null) throw new Error(`accepted ${mutated} (from ${code})`);
          if (!USCC_CHARSET.includes(ch)) {
            expect(problem).toBe(`character '${ch}' at position ${pos + 1} is not allowed`);
          }
          checked++;
        }
      }
    }
    // 50 codes × 18 positions × (30 other charset chars + 7 foreign).
    expect(checked).toBe(50 * 18 * 37);
  });
});

describe('UsccSchema', () => {
  it('parses valid codes and reports the specific reason otherwise', () => {
    expect(UsccSchema.parse('91350200MA2Y3K4P2Q')).toBe('91350200MA2Y3K4P2Q');
    const bad = UsccSchema.safeParse('91350200MA2Y3K4P2R');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('check character is R, expected Q');
    expect(UsccSchema.safeParse('short').error?.issues[0]?.message).toBe('must be 18 characters');
    expect(UsccSchema.safeParse(42).success).toBe(false);
  });
});
