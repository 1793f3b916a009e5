// Responsible units (责任单位): who a case can be dispatched to. Each sub-park's management office,
// the zone's bureaus and the liaisons of the three data sources, with their members (user names of
// role `responder`) and a head, who is paged when the unit is late. Admins edit the directory; the
// seed below is what a new deployment starts with.
import { z } from 'zod';
import { PARKS, PARK_IDS, type ParkId } from '../parks.ts';
import { SOURCES, type Source } from '../streams.ts';
import { UsernameSchema } from '../username.ts';

export const UNIT_KINDS = ['park-office', 'bureau', 'liaison'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_NAMES: Record<UnitKind, { zh: string; en: string }> = {
  'park-office': { zh: '园区管理办公室', en: 'Park management office' },
  bureau: { zh: '管委会局办', en: 'Zone bureau' },
  liaison: { zh: '部门联络员', en: 'Agency liaison' },
};

export const UnitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and - (2 to 63 characters)');

export const UnitSchema = z.object({
  id: UnitIdSchema,
  name: z.object({ zh: z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(120) }).strict(),
  kind: z.enum(UNIT_KINDS),
  /** The park a park office looks after; only park offices have one. */
  parkId: z.enum(PARK_IDS).optional(),
  /** The feed a liaison answers for (税务 → tax …); only liaisons have one. */
  source: z.enum(SOURCES).optional(),
  /** Paged first when the unit is late; one of the members. */
  head: UsernameSchema,
  members: z.array(UsernameSchema).min(1).max(200),
  /** A messaging robot's URL (WeCom, DingTalk, Feishu…) that hears of the unit's cases. */
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
}).strict().superRefine((u, ctx) => {
  if ((u.kind === 'park-office') !== (u.parkId !== undefined)) ctx.addIssue({ code: 'custom', path: ['parkId'], message: 'a park office names its park, and only a park office does' });
  if ((u.kind === 'liaison') !== (u.source !== undefined)) ctx.addIssue({ code: 'custom', path: ['source'], message: 'a liaison names its source (tax, customs or registry), and only a liaison does' });
  if (!u.members.includes(u.head)) ctx.addIssue({ code: 'custom', path: ['head'], message: 'the head must be one of the members' });
  if (new Set(u.members).size !== u.members.length) ctx.addIssue({ code: 'custom', path: ['members'], message: 'a member is listed twice' });
});
export type Unit = z.infer<typeof UnitSchema>;

export type UnitsResult = { ok: true; units: Unit[] } | { ok: false; errors: string[] };

/** A whole directory: each unit valid, ids unique, at most one office per park and one liaison per source. */
export function parseUnits(doc: unknown): UnitsResult {
  if (!Array.isArray(doc)) return { ok: false, errors: ['units: expected a list'] };
  const errors: string[] = [];
  const units: Unit[] = [];
  const ids = new Set<string>();
  const offices = new Set<string>();
  const liaisons = new Set<string>();
  doc.forEach((raw, i) => {
    const rawId = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
    const who = rawId ? `unit "${rawId}" (#${i + 1})` : `unit #${i + 1}`;
    const r = UnitSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) errors.push(`${who}: ${issue.path.join('.') || 'unit'}: ${issue.message}`);
      return;
    }
    const u = r.data;
    if (ids.has(u.id)) errors.push(`${who}: id: "${u.id}" is used by another unit`);
    if (u.parkId && offices.has(u.parkId)) errors.push(`${who}: parkId: ${u.parkId} has an office already`);
    if (u.source && liaisons.has(u.source)) errors.push(`${who}: source: ${u.source} has a liaison already`);
    ids.add(u.id);
    if (u.parkId) offices.add(u.parkId);
    if (u.source) liaisons.add(u.source);
    units.push(u);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, units };
}

// ---- seed ----

/** Ids of the zone bureaus the suggestion below names; the rest of the directory is found by park or source. */
export const BUREAU_IDS = {
  economy: 'bureau-economy',
  investment: 'bureau-investment',
  science: 'bureau-science',
  enterpriseService: 'enterprise-service',
} as const;

export function parkOfficeId(park: ParkId): string {
  return `office-${park}`;
}

export function liaisonId(source: Source): string {
  return `liaison-${source}`;
}

/** Demo accounts: `<unit short>.head` and `<unit short>.duty`; the backend seeds them as responders. */
function people(short: string): Pick<Unit, 'head' | 'members'> {
  return { head: `${short}.head`, members: [`${short}.head`, `${short}.duty`] };
}

const PARK_SHORT: Record<ParkId, string> = {
  'torch-park': 'tp',
  'software-park-2': 'sp2',
  'software-park-3': 'sp3',
  'innovation-park': 'inno',
  'hubian-park': 'hubian',
  'xiangan-industrial': 'xiangan',
  'tongxiang-city': 'tongxiang',
};

const LIAISON_NAMES: Record<Source, { zh: string; en: string }> = {
  tax: { zh: '税务联络组', en: 'Tax bureau liaison' },
  customs: { zh: '海关联络组', en: 'Customs liaison' },
  registry: { zh: '市场监管联络组', en: 'Market regulation liaison' },
};

/**
 * The directory a new deployment starts with: one management office per sub-park, the four zone
 * bureaus the brief names (经济发展局, 招商局, 科技局 and the 企业服务中心 the zone set up in 2022,
 * see shared/seed) and one liaison per data source.
 */
export const SEED_UNITS: readonly Unit[] = [
  ...PARKS.map((p): Unit => ({
    id: parkOfficeId(p.id), kind: 'park-office', parkId: p.id,
    name: { zh: `${p.zh}管理办公室`, en: `${p.en} Management Office` },
    ...people(PARK_SHORT[p.id]),
  })),
  { id: BUREAU_IDS.economy, kind: 'bureau', name: { zh: '经济发展局', en: 'Economic Development Bureau' }, ...people('econ') },
  { id: BUREAU_IDS.investment, kind: 'bureau', name: { zh: '招商局', en: 'Investment Promotion Bureau' }, ...people('invest') },
  { id: BUREAU_IDS.science, kind: 'bureau', name: { zh: '科技局', en: 'Science and Technology Bureau' }, ...people('sci') },
  { id: BUREAU_IDS.enterpriseService, kind: 'bureau', name: { zh: '企业服务中心', en: 'Enterprise Service Center' }, ...people('service') },
  ...SOURCES.map((s): Unit => ({ id: liaisonId(s), kind: 'liaison', source: s, name: LIAISON_NAMES[s], ...people(`${s}.liaison`) })),
];

/** The units a user belongs to (a responder may serve in more than one). */
export function unitsOfMember(units: readonly Unit[], username: string): Unit[] {
  return units.filter((u) => u.members.includes(username));
}
