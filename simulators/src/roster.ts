// Fictional enterprises. Each park gets a fixed roster derived from the seed alone, so a name and
// its credit code stay the same across runs and across live and backfill. Names are built from
// neutral syllables and chain words; any likeness to a real company is accidental.
import { CHAIN_IDS, type ChainId, type ParkId, PARKS, DISTRICTS, makeUscc } from '@torch/shared';
import { type Random, WeightedTable, hashInts, lognormal, makeRandom } from './random.ts';

export interface Enterprise {
  name: string;
  uscc: string;
  chain: ChainId;
  industryCode: string;
  capital: number;
  foreign: boolean;
}

const SYLLABLES = '鹭嘉海星禾闽翔云辉曜澜凤晟芯屿川鑫瑞华泰航启元昊宸睿博德盛通达信恒远弘景岚汐灏琛璟'.split('');
const CHAIN_WORDS: Record<ChainId, readonly string[]> = {
  display: ['光电', '显示', '视界'],
  ic: ['微电子', '半导体', '芯科'],
  'new-energy': ['新能源', '储能', '锂电'],
  software: ['软件', '信息技术', '数智'],
  'computer-comm': ['通信', '电子', '智联'],
  'new-materials': ['新材料', '材料科技', '精细化工'],
  other: ['科技', '实业', '贸易'],
};
const SUFFIXES = ['有限公司', '科技有限公司', '股份有限公司'];
const FOREIGN_MARK = ['（厦门）', '（中国）'];

export function enterpriseName(r: Random, chain: ChainId, foreign: boolean): string {
  const a = SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
  let b = SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
  if (b === a) b = SYLLABLES[(SYLLABLES.indexOf(a) + 7) % SYLLABLES.length]!;
  const words = CHAIN_WORDS[chain];
  const word = words[Math.floor(r() * words.length)]!;
  const suffix = SUFFIXES[Math.floor(r() * SUFFIXES.length)]!;
  if (foreign) return `${a}${b}${word}${FOREIGN_MARK[Math.floor(r() * FOREIGN_MARK.length)]}${suffix}`;
  return `厦门${a}${b}${word}${suffix}`;
}

export const INDUSTRY_CODES: Record<ChainId, readonly string[]> = {
  display: ['C39', 'C40'],
  ic: ['C39', 'C35'],
  'new-energy': ['C38', 'C44'],
  software: ['I65', 'I64'],
  'computer-comm': ['C39', 'I63'],
  'new-materials': ['C26', 'C29', 'C30'],
  other: ['L72', 'M73', 'F51'],
};

/** Make one new enterprise of a park. */
export function makeEnterprise(r: Random, parkId: ParkId, chain: ChainId, foreign: boolean, meanCapital: number): Enterprise {
  const park = PARKS.find((p) => p.id === parkId)!;
  const codes = INDUSTRY_CODES[chain];
  return {
    name: enterpriseName(r, chain, foreign),
    uscc: makeUscc(r, DISTRICTS[park.district].divisionCode),
    chain,
    industryCode: codes[Math.floor(r() * codes.length)]!,
    // Registered capital is declared in whole 万元.
    capital: Math.max(1, Math.round(lognormal(r, meanCapital, 1.2) / 1e4)) * 1e4,
    foreign,
  };
}

export const ROSTER_SIZE = 240;

export interface ParkRoster {
  enterprises: readonly Enterprise[];
  /** Per chain, heavy-tailed: a few large enterprises issue most invoices (Zipf-like weights). */
  byChain: ReadonlyMap<ChainId, WeightedTable<Enterprise>>;
}

const rosterCache = new Map<string, ParkRoster>();

export function parkRoster(seed: number, parkId: ParkId): ParkRoster {
  const key = `${seed}:${parkId}`;
  let roster = rosterCache.get(key);
  if (!roster) {
    const parkIndex = PARKS.findIndex((p) => p.id === parkId);
    const park = PARKS[parkIndex]!;
    const enterprises: Enterprise[] = [];
    const byChain = new Map<ChainId, WeightedTable<Enterprise>>();
    // Every chain of the park's mix gets enterprises in proportion, at least a handful.
    for (const [chain, share] of Object.entries(park.industryMix) as [ChainId, number][]) {
      const n = Math.max(8, Math.round(share * ROSTER_SIZE));
      const members: Enterprise[] = [];
      for (let i = 0; i < n; i++) {
        const r = makeRandom(hashInts(seed, 0x5eed, parkIndex, CHAIN_IDS.indexOf(chain), i));
        const foreign = r() < 0.08;
        members.push(makeEnterprise(r, parkId, chain, foreign, foreign ? 5e7 : 1e7));
      }
      enterprises.push(...members);
      byChain.set(chain, new WeightedTable(members, members.map((_, i) => 1 / (i + 1) ** 0.9)));
    }
    roster = { enterprises, byChain };
    rosterCache.set(key, roster);
  }
  return roster;
}
