// Calibration of the simulated feeds. Every figure says where it comes from: the zone's own 2022
// report (seed/000_7b8804331c2016c9.txt, "厦门火炬高新区2022年保持稳中向好势头") or an assumption
// with its reason. Base year is 2022; a simulated year Y scales each flow by its growth rate
// compounded from 2022, so 同比 on the wall shows growth of the size the zone reported.
import { PARK_IDS, type ParkId, TAX_TYPES, type TaxType } from '@torch/shared';

export type Provenance = { from: 'seed'; quote: string } | { from: 'assumption'; why: string };

export interface Figure {
  value: number;
  unit: string;
  provenance: Provenance;
}

const seed = (quote: string): Provenance => ({ from: 'seed', quote });
const assume = (why: string): Provenance => ({ from: 'assumption', why });

export const BASE_YEAR = 2022;

/** The zone's published figures, kept verbatim for reference and for derivations below. */
export const SEED_FIGURES = {
  industrialOutput: { value: 3626e8, unit: 'CNY', provenance: seed('完成规模以上工业总产值3626亿元,增长3.9%') },
  industrialGrowth: { value: 0.039, unit: 'ratio', provenance: seed('规模以上工业总产值…增长3.9%') },
  softwareRevenue: { value: 300e8, unit: 'CNY', provenance: seed('规模以上互联网软件业实现营收近300亿元,增速近9%') },
  softwareGrowth: { value: 0.09, unit: 'ratio', provenance: seed('增速近9%') },
  fixedAssetInvestment: { value: 423.7e8, unit: 'CNY', provenance: seed('全社会固定资产投资423.7亿元,增长27.4%') },
  fdiUsed: { value: 6.26e8, unit: 'USD', provenance: seed('实际利用外资6.26亿美元,增长27.6%') },
  fdiGrowth: { value: 0.276, unit: 'ratio', provenance: seed('实际利用外资…增长27.6%') },
  tongxiangOutput: { value: 318.6e8, unit: 'CNY', provenance: seed('同翔新城…实现规上工业产值318.6亿元,同比增长实现翻倍') },
  tongxiangInvestment: { value: 356.1e8, unit: 'CNY', provenance: seed('片区全社会固投完成356.1亿元') },
  highTechEnterprises: { value: 1500, unit: 'enterprises', provenance: seed('国家级高新技术企业预计突破1500家') },
  taxReliefAndRefunds: { value: 34e8, unit: 'CNY', provenance: seed('落实退税减免税费约34亿元') },
  fiscalSupport: { value: 67e8, unit: 'CNY', provenance: seed('全年拨付各类财政扶持资金67亿元') },
} as const satisfies Record<string, Figure>;

/**
 * Annual invoiced sales (开票) per park in the base year, split into an industrial and a software
 * part so each grows at its own reported rate. The industrial parts sum to the seed's 3626亿元 and
 * the software parts to its ≈300亿元; Tongxiang's industrial part is the seed's 318.6亿元. How the
 * rest divides between parks is an assumption: Xiang'an holds the large display, IC and battery
 * plants the report names (天马, 联芯, 厦门时代, 中创新航), Torch Park the older electronics base,
 * the software parks most of the software revenue.
 */
export const PARK_SALES_2022: Record<ParkId, { industrial: number; software: number }> = {
  'torch-park': { industrial: 800e8, software: 15e8 },
  'software-park-2': { industrial: 50e8, software: 150e8 },
  'software-park-3': { industrial: 50e8, software: 100e8 },
  'innovation-park': { industrial: 150e8, software: 20e8 },
  'hubian-park': { industrial: 57.4e8, software: 15e8 },
  'xiangan-industrial': { industrial: 2200e8, software: 0 },
  'tongxiang-city': { industrial: 318.6e8, software: 0 },
};
export const PARK_SALES_PROVENANCE = assume(
  'Seed gives the zone totals (3626亿元 industrial, ≈300亿元 software) and Tongxiang (318.6亿元); the split of the rest across parks follows where the report places the large manufacturers and the software parks.',
);

/** Invoiced sales stand in for sales revenue: industrial output plus software revenue. */
export function annualInvoicedSales(year: number, park?: ParkId): number {
  const parks = park ? [park] : PARK_IDS;
  let total = 0;
  for (const p of parks) {
    const s = PARK_SALES_2022[p];
    total += s.industrial * growth(SEED_FIGURES.industrialGrowth.value, year) + s.software * growth(SEED_FIGURES.softwareGrowth.value, year);
  }
  return total;
}

function growth(rate: number, year: number): number {
  return (1 + rate) ** (year - BASE_YEAR);
}

/** Flows the seed does not give. Each is an assumption with its reason. */
export const ASSUMED = {
  taxToSales: {
    value: 0.065, unit: 'ratio',
    provenance: assume('Tax receipts ≈ 6.5% of sales, typical of a manufacturing-heavy zone; consistent with the seed’s ≈34亿元 of refunds and cuts being roughly an eighth of the tax take.'),
  },
  taxMix: {
    value: 1, unit: 'shares',
    provenance: assume('VAT 45%, corporate income tax 25%, individual income tax 12%, other 18% — the usual weight of each in a Chinese high-tech zone.'),
  },
  exportsUsd2022: {
    value: 200e8, unit: 'USD',
    provenance: assume('Seed gives no customs totals. Xiamen’s foreign trade was ≈9,200亿元 in 2022; the zone, an export base for displays, computers and batteries, is taken as about a quarter: ≈200亿美元 exports.'),
  },
  importsUsd2022: {
    value: 140e8, unit: 'USD',
    provenance: assume('≈140亿美元 imports: panels, chips and materials feeding the zone’s plants; a 1.4:1 export surplus.'),
  },
  tradeGrowth: { value: 0.05, unit: 'ratio', provenance: assume('Trade grows about like output, +5% a year.') },
  invoicesPerYear: {
    value: 240_000, unit: 'events',
    provenance: assume('The real feed carries millions of invoices; the simulation sends ≈240,000 large ones a year (≈900 a working day) so the live wall moves visibly without flooding a laptop. Amounts scale so sums match.'),
  },
  receiptsPerYear: { value: 36_000, unit: 'events', provenance: assume('≈36,000 tax receipts a year, about one per enterprise-month for the larger filers.') },
  declarationsPerYear: { value: 80_000, unit: 'events', provenance: assume('≈80,000 customs declarations a year (≈260 a day, ports work weekends too), 60% exports.') },
  establishedPerYear: { value: 10_000, unit: 'enterprises', provenance: assume('≈10,000 new enterprises a year across the parks; the zone counts tens of thousands of market entities.') },
  deregisteredPerYear: { value: 5_000, unit: 'enterprises', provenance: assume('≈5,000 deregistrations a year (half the new ones: a growing zone).') },
  changesPerYear: { value: 9_000, unit: 'events', provenance: assume('≈9,000 registration changes a year (capital, address, other).') },
  foreignShare: {
    value: 0.06, unit: 'ratio',
    provenance: assume('6% of new enterprises are foreign-invested (外资); their registered capital is set so a year’s total is about seven times the seed’s 6.26亿美元 of FDI actually used, registered capital being far larger than what is paid in.'),
  },
  avgCapitalDomestic: { value: 500e4, unit: 'CNY', provenance: assume('Average registered capital of a new domestic enterprise ≈500万元 (heavy-tailed: most are small).') },
} as const satisfies Record<string, Figure>;

export const TAX_MIX: Record<TaxType, number> = { vat: 0.45, cit: 0.25, iit: 0.12, other: 0.18 };
if (Math.abs(TAX_TYPES.reduce((s, t) => s + TAX_MIX[t], 0) - 1) > 1e-9) throw new Error('TAX_MIX must sum to 1');

/** USD→CNY rate used only to derive foreign registered capital from the FDI figure. */
export const CNY_PER_USD = 7.0;

export function annualTaxReceipts(year: number): number {
  return annualInvoicedSales(year) * ASSUMED.taxToSales.value;
}
export function annualTradeUsd(year: number, direction: 'import' | 'export'): number {
  const base = direction === 'export' ? ASSUMED.exportsUsd2022.value : ASSUMED.importsUsd2022.value;
  return base * growth(ASSUMED.tradeGrowth.value, year);
}
/** Average registered capital of a new foreign-invested enterprise, yuan. */
export function avgCapitalForeign(): number {
  const foreignPerYear = ASSUMED.establishedPerYear.value * ASSUMED.foreignShare.value;
  return (7 * SEED_FIGURES.fdiUsed.value * CNY_PER_USD) / foreignPerYear;
}

/** Share of the zone's customs trade by park: follows the industrial part of sales. */
export function parkTradeShares(): Record<ParkId, number> {
  const total = PARK_IDS.reduce((s, p) => s + PARK_SALES_2022[p].industrial, 0);
  return Object.fromEntries(PARK_IDS.map((p) => [p, PARK_SALES_2022[p].industrial / total])) as Record<ParkId, number>;
}

/** The annual targets a simulated year must meet (tests check ±3%). */
export function annualTargets(year: number) {
  return {
    invoicedSales: annualInvoicedSales(year),
    taxReceipts: annualTaxReceipts(year),
    exportsUsd: annualTradeUsd(year, 'export'),
    importsUsd: annualTradeUsd(year, 'import'),
    established: ASSUMED.establishedPerYear.value,
    deregistered: ASSUMED.deregisteredPerYear.value,
    tongxiangSales: annualInvoicedSales(year, 'tongxiang-city'),
  };
}
