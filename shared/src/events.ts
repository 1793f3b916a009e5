// The feed contract: every event a simulator (or, one day, a real bureau adapter) writes into a
// stream, and every event the gateway accepts. One zod schema per kind; the union is discriminated
// on `kind`. Money is in whole yuan / whole US dollars as integers so that sums are exact and do not
// depend on the order events arrive in.
import { z } from 'zod';
import { CHAIN_IDS } from './chains.ts';
import { PARK_IDS } from './parks.ts';
import { COUNTRY_CODES, PORTS, TRADE_MODES } from './trade.ts';
import { UsccSchema } from './uscc.ts';
import type { Source } from './streams.ts';

/** Version of the event schema carried in each stream entry. */
export const EVENT_SCHEMA_VERSION = 1;
/** An entry larger than this is refused before parsing (bytes of the JSON). */
export const MAX_EVENT_BYTES = 4096;

const Money = z.number().int().nonnegative().max(1e13);
const base = {
  /** Unique per source and stable: a retried write carries the same id. */
  id: z.string().min(1).max(80).regex(/^[A-Za-z0-9._:-]+$/, 'id may hold letters, digits and . _ : - only'),
  /** Event time at the source, epoch milliseconds. */
  ts: z.number().int().min(Date.UTC(2000, 0, 1)).max(Date.UTC(2100, 0, 1)),
  parkId: z.enum(PARK_IDS),
  uscc: UsccSchema,
  /** Enterprise name (fictional in simulation). */
  name: z.string().min(1).max(100),
  /** Set on events re-fed from a capture for a rehearsal, so nobody mistakes them for live data. */
  rehearsal: z.literal(true).optional(),
};

export const TaxInvoiceSchema = z.object({
  ...base,
  kind: z.literal('tax.invoice'),
  /** Invoiced amount incl. VAT, yuan. */
  amount: Money.min(1),
  chain: z.enum(CHAIN_IDS),
});

export const TAX_TYPES = ['vat', 'cit', 'iit', 'other'] as const;
export type TaxType = (typeof TAX_TYPES)[number];
export const TAX_TYPE_NAMES: Record<TaxType, { zh: string; en: string }> = {
  vat: { zh: '增值税', en: 'VAT' },
  cit: { zh: '企业所得税', en: 'Corporate income tax' },
  iit: { zh: '个人所得税', en: 'Individual income tax' },
  other: { zh: '其他税费', en: 'Other taxes' },
};

export const TaxReceiptSchema = z.object({
  ...base,
  kind: z.literal('tax.receipt'),
  taxType: z.enum(TAX_TYPES),
  amount: Money.min(1),
});

export const CustomsDeclarationSchema = z.object({
  ...base,
  kind: z.literal('customs.declaration'),
  direction: z.enum(['import', 'export']),
  valueUsd: Money.min(1),
  /** HS chapter, two digits 01–97. */
  hsChapter: z.string().regex(/^(0[1-9]|[1-8]\d|9[0-7])$/, 'HS chapter must be 01–97'),
  partner: z.enum(COUNTRY_CODES),
  tradeMode: z.enum(TRADE_MODES),
  port: z.enum(PORTS),
});

const registryBase = {
  ...base,
  chain: z.enum(CHAIN_IDS),
  /** GB/T 4754 industry code, section letter + division, e.g. C39. */
  industryCode: z.string().regex(/^[A-T]\d{2}$/, 'industry code is a section letter and two digits, e.g. C39'),
  /** Registered capital, yuan. */
  capital: Money,
  /** Foreign-invested enterprise (外资). */
  foreign: z.boolean(),
};

export const RegistryEstablishedSchema = z.object({ ...registryBase, kind: z.literal('registry.established') });
export const RegistryDeregisteredSchema = z.object({ ...registryBase, kind: z.literal('registry.deregistered') });
export const REGISTRY_CHANGES = ['capital', 'address-in', 'address-out', 'other'] as const;
export const RegistryChangedSchema = z.object({
  ...registryBase,
  kind: z.literal('registry.changed'),
  change: z.enum(REGISTRY_CHANGES),
  /** Registered capital change for a `capital` change, yuan (negative for a reduction). */
  capitalDelta: z.number().int().min(-1e13).max(1e13).optional(),
});

export const FeedEventSchema = z.discriminatedUnion('kind', [
  TaxInvoiceSchema,
  TaxReceiptSchema,
  CustomsDeclarationSchema,
  RegistryEstablishedSchema,
  RegistryDeregisteredSchema,
  RegistryChangedSchema,
]);

export type TaxInvoice = z.infer<typeof TaxInvoiceSchema>;
export type TaxReceipt = z.infer<typeof TaxReceiptSchema>;
export type CustomsDeclaration = z.infer<typeof CustomsDeclarationSchema>;
export type RegistryEstablished = z.infer<typeof RegistryEstablishedSchema>;
export type RegistryDeregistered = z.infer<typeof RegistryDeregisteredSchema>;
export type RegistryChanged = z.infer<typeof RegistryChangedSchema>;
export type FeedEvent = z.infer<typeof FeedEventSchema>;
export type EventKind = FeedEvent['kind'];

export const EVENT_KINDS = [
  'tax.invoice',
  'tax.receipt',
  'customs.declaration',
  'registry.established',
  'registry.deregistered',
  'registry.changed',
] as const satisfies readonly EventKind[];

export function sourceOfKind(kind: EventKind): Source {
  return kind.slice(0, kind.indexOf('.')) as Source;
}

/** Bytes of `s` in UTF-8 (what Buffer.byteLength gives), without allocating; shared code runs in browsers too. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair: one code point of four bytes
      i++;
    } else n += 3; // the rest of the BMP, and a lone surrogate (written as U+FFFD, three bytes)
  }
  return n;
}

