// Which unit an alert should go to, as a suggestion the official can change in the dispatch form.
// The rules, first match wins:
//   1. feed health (a feed silent or late, entries refused): the liaison of that source, since the
//      fault is in the agency's data, not in the economy;
//   2. enterprises leaving (deregistrations, net establishments): the 企业服务中心, whose job is to
//      keep them;
//   3. other registry figures: the 市场监管 liaison;
//   4. customs figures and large declarations: the 海关 liaison;
//   5. tax and sales figures: the park's office when the alert is about one park (it knows its
//      enterprises), the 税务 liaison when it is about the whole zone;
//   6. anything else: the park's office, else the 经济发展局.
// A unit the directory no longer has falls back to the park's office, then the 经济发展局.
import type { Rule } from '../alerts/rules.ts';
import type { AlertLabels } from '../alerts/state.ts';
import { sourceOfKind } from '../events.ts';
import { PARK_IDS, type ParkId } from '../parks.ts';
import { SOURCES, type Source } from '../streams.ts';
import type { CaseCategory } from './case.ts';
import { BUREAU_IDS, type Unit, liaisonId, parkOfficeId } from './units.ts';

/** What an alert is about, as far as dispatch cares. */
export interface AlertTopic {
  park: ParkId | null;
  source: Source | null;
  /** The metric of a threshold, drop or spike rule. */
  metric: string | null;
  /** A feed-health rule (stale, delayed, refused entries) rather than an economic figure. */
  health: boolean;
}

/** The source a metric is counted from. */
export function sourceOfMetric(metric: string): Source | null {
  const head = metric.split('.')[0]!;
  if (['sales', 'invoices', 'chain', 'tax'].includes(head)) return 'tax';
  if (['exports', 'imports', 'declarations', 'trade'].includes(head)) return 'customs';
  if (['established', 'deregistered', 'foreignEstablished', 'capitalAdded', 'changes', 'netEstablished'].includes(head)) return 'registry';
  return null;
}

function isPark(v: string | undefined): v is ParkId {
  return v !== undefined && (PARK_IDS as readonly string[]).includes(v);
}
function isSource(v: string | undefined): v is Source {
  return v !== undefined && (SOURCES as readonly string[]).includes(v);
}

/** The topic of an alert from its rule and the labels it fired with. */
export function alertTopic(rule: Rule, labels: AlertLabels): AlertTopic {
  const park = isPark(labels.park) ? labels.park : null;
  switch (rule.kind) {
    case 'threshold':
    case 'drop':
    case 'spike':
      return { park, source: sourceOfMetric(rule.metric), metric: rule.metric, health: false };
    case 'large-event':
      return { park, source: sourceOfKind(rule.event), metric: null, health: false };
    case 'feed-stale':
    case 'feed-delay':
    case 'rejected-rate':
      return { park, source: isSource(labels.source) ? labels.source : rule.source === 'each' ? null : rule.source, metric: null, health: true };
  }
}

export interface UnitSuggestion {
  unit: Unit;
  category: CaseCategory;
  /** Why, for the dispatch form. */
  reason: { zh: string; en: string };
}

const LEAVING = new Set(['deregistered', 'netEstablished']);

export function suggestUnit(topic: AlertTopic, units: readonly Unit[]): UnitSuggestion | null {
  const byId = (id: string) => units.find((u) => u.id === id);
  const office = topic.park ? byId(parkOfficeId(topic.park)) : undefined;
  const fallback = (category: CaseCategory): UnitSuggestion | null => {
    if (office) return { unit: office, category, reason: { zh: '告警所在园区的管理办公室', en: "the office of the alert's park" } };
    const economy = byId(BUREAU_IDS.economy);
    return economy ? { unit: economy, category, reason: { zh: '经济运行的牵头部门', en: 'the lead bureau for economic operation' } } : null;
  };
  const pick = (id: string, category: CaseCategory, zh: string, en: string): UnitSuggestion | null => {
    const unit = byId(id);
    return unit ? { unit, category, reason: { zh, en } } : fallback(category);
  };

  const { source } = topic;
  if (topic.health) {
    return source ? pick(liaisonId(source), 'data', '数据源的部门联络员', "the liaison of the data's source") : fallback('data');
  }
  if (source === 'registry') {
    if (topic.metric !== null && LEAVING.has(topic.metric)) return pick(BUREAU_IDS.enterpriseService, 'registry', '企业外迁或注销，由企业服务中心跟进', 'enterprises leaving: the Enterprise Service Center follows up');
    return pick(liaisonId('registry'), 'registry', '市场主体登记数据，由市场监管联络员核实', 'registry figures: the market regulation liaison checks them');
  }
  if (source === 'customs') return pick(liaisonId('customs'), 'trade', '进出口数据，由海关联络员核实', 'trade figures: the customs liaison checks them');
  if (source === 'tax') {
    if (office) return { unit: office, category: 'tax', reason: { zh: '单个园区的税收与开票，由园区管理办公室了解企业情况', en: "one park's tax and sales: its office knows the enterprises" } };
    return pick(liaisonId('tax'), 'tax', '全区税收与开票，由税务联络员核实', "the zone's tax and sales: the tax liaison checks them");
  }
  return fallback('other');
}
