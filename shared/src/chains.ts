// Industry chains (产业链) the zone names as leading, plus a catch-all. The order is the display
// order; colours are assigned by the screens from this order so a chain keeps its colour everywhere.
export const CHAIN_IDS = ['display', 'ic', 'new-energy', 'software', 'computer-comm', 'new-materials', 'other'] as const;
export type ChainId = (typeof CHAIN_IDS)[number];

export interface Chain {
  id: ChainId;
  zh: string;
  en: string;
  /** GB/T 4754-2017 industry code typical for the chain (division level), used by registry events. */
  industryCode: string;
}

export const CHAINS: Record<ChainId, Chain> = {
  display: { id: 'display', zh: '平板显示', en: 'Flat-panel display', industryCode: 'C39' },
  ic: { id: 'ic', zh: '集成电路', en: 'Integrated circuits', industryCode: 'C39' },
  'new-energy': { id: 'new-energy', zh: '新能源', en: 'New energy & batteries', industryCode: 'C38' },
  software: { id: 'software', zh: '软件信息服务', en: 'Software & IT services', industryCode: 'I65' },
  'computer-comm': { id: 'computer-comm', zh: '计算机与通信设备', en: 'Computers & communications', industryCode: 'C39' },
  'new-materials': { id: 'new-materials', zh: '新材料', en: 'New materials', industryCode: 'C26' },
  other: { id: 'other', zh: '其他', en: 'Other', industryCode: 'L72' },
};
