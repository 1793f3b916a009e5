// The replay page's own strings, both languages, registered with i18next from here (the shared
// resources file belongs to the wall). They live under `replayPage.` in the default namespace, so the
// page's `t` reads them and the wall's strings (status, badges, panels) alike.
import i18next, { type i18n as I18n } from 'i18next';

export const replayZhCN = {
  title: '数据回放',
  banner: '回放',
  bannerSub: 'REPLAY · 非实时数据',
  clockLabel: '回放时刻',
  status: { building: '正在准备', paused: '已暂停', playing: '播放中', ended: '已播完', failed: '回放出错', none: '未开始' },
  speedNow: '{{speed}} 倍速',
  speedMax: '最快速度',
  focus: { parks: '关注园区', sources: '关注数据源', all: '全区全部数据源' },
  range: {
    title: '选择回放时段',
    from: '开始时间',
    to: '结束时间',
    zone: '北京时间（Asia/Shanghai）',
    quick: '快捷选择',
    lastHour: '最近 1 小时',
    last6h: '最近 6 小时',
    today: '今天',
    yesterday: '昨天',
    beforeAlert: '告警前 5 分钟起',
    beforeAlertHint: '选择一条告警，从触发前 5 分钟开始回放 1 小时',
    noAlerts: '近 7 天没有告警',
    parks: '关注园区（可选）',
    sources: '关注数据源（可选）',
    open: '开始回放',
    opening: '正在准备回放…',
    reopen: '按此时段重新回放',
    invalid: '请填写有效的开始和结束时间',
    order: '结束时间须晚于开始时间',
    tooLong: '每次最多回放 31 天',
    future: '结束时间不能晚于现在',
    current: '当前回放：{{from}} 至 {{to}}',
    useEarliest: '改为最早可回放时间',
  },
  timeline: {
    label: '回放时间轴',
    density: '事件量',
    densityPeak: '事件量（峰值 {{n}} 条/{{unit}}）',
    hour: '小时',
    day: '天',
    liveAlerts: '实际触发的告警',
    replayAlerts: '本次回放触发',
    playhead: '回放位置',
    jump: '跳到告警前 1 分钟：{{name}}',
    firedAt: '{{time}} 触发',
    resolvedAt: '{{time}} 恢复',
    empty: '该时段没有事件数据',
  },
  controls: {
    play: '播放',
    pause: '暂停',
    replayAgain: '从头播放',
    back: '后退 5 分钟',
    forward: '前进 5 分钟',
    backShort: '−5 分钟',
    forwardShort: '+5 分钟',
    speed: '播放速度',
    max: '最快',
    live: '回到实时',
    export: '导出 NDJSON',
    exporting: '正在导出…',
    close: '结束回放',
  },
  alerts: {
    title: '告警（点击跳转）',
    live: '实时触发',
    replay: '回放触发',
    none: '该时段没有告警',
    resolved: '已恢复',
    firing: '告警中',
  },
  notice: {
    choose: '请在右侧选择时段，然后点击“开始回放”。',
    building: '正在按记录重建该时刻的数据…',
    forbidden: '您的角色不能使用数据回放（仅运维值班员和管理员）。',
    closed: '这次回放已被关闭（可能长时间无人观看）。',
    reconnecting: '与服务器的连接中断，正在重新连接…',
    failed: '回放出错：{{message}}',
    earliest: '最早可回放的开始时间：{{time}}',
    firstEvent: '记录中最早的事件：{{time}}',
    noEvents: '尚无任何记录的事件。',
  },
  error: { network: '网络连接失败，请稍后重试', generic: '操作失败：{{message}}' },
  switchLang: 'English',
  signOut: '退出登录',
  signedInAs: '{{user}}（{{role}}）',
} as const;

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const replayEn: Shape<typeof replayZhCN> = {
  title: 'Replay',
  banner: 'REPLAY',
  bannerSub: 'Recorded data · not live',
  clockLabel: 'Replay time',
  status: { building: 'Preparing', paused: 'Paused', playing: 'Playing', ended: 'Finished', failed: 'Replay failed', none: 'Not started' },
  speedNow: '{{speed}}× speed',
  speedMax: 'Full speed',
  focus: { parks: 'Focus parks', sources: 'Focus sources', all: 'Whole zone, all sources' },
  range: {
    title: 'Period to replay',
    from: 'From',
    to: 'To',
    zone: 'Beijing time (Asia/Shanghai)',
    quick: 'Quick choices',
    lastHour: 'Last hour',
    last6h: 'Last 6 hours',
    today: 'Today',
    yesterday: 'Yesterday',
    beforeAlert: '5 min before an alert',
    beforeAlertHint: 'Pick an alert: one hour from 5 minutes before it fired',
    noAlerts: 'No alerts in the last 7 days',
    parks: 'Focus parks (optional)',
    sources: 'Focus sources (optional)',
    open: 'Start replay',
    opening: 'Preparing the replay…',
    reopen: 'Replay this period',
    invalid: 'Enter a valid start and end time',
    order: 'The end must be after the start',
    tooLong: 'At most 31 days per replay',
    future: 'The end cannot be in the future',
    current: 'Replaying {{from}} to {{to}}',
    useEarliest: 'Start at the earliest time instead',
  },
  timeline: {
    label: 'Replay timeline',
    density: 'Events',
    densityPeak: 'Events (peak {{n}} per {{unit}})',
    hour: 'hour',
    day: 'day',
    liveAlerts: 'Alerts that fired live',
    replayAlerts: 'Fired in this replay',
    playhead: 'Replay position',
    jump: 'Jump to a minute before: {{name}}',
    firedAt: 'fired {{time}}',
    resolvedAt: 'resolved {{time}}',
    empty: 'No events recorded in this period',
  },
  controls: {
    play: 'Play',
    pause: 'Pause',
    replayAgain: 'Play again',
    back: 'Back 5 min',
    forward: 'Forward 5 min',
    backShort: '−5 min',
    forwardShort: '+5 min',
    speed: 'Speed',
    max: 'Max',
    live: 'Back to live',
    export: 'Export NDJSON',
    exporting: 'Exporting…',
    close: 'End replay',
  },
  alerts: {
    title: 'Alerts (tap to jump)',
    live: 'Fired live',
    replay: 'Fired in replay',
    none: 'No alerts in this period',
    resolved: 'Resolved',
    firing: 'Firing',
  },
  notice: {
    choose: 'Choose a period on the right, then press “Start replay”.',
    building: 'Rebuilding the figures of that instant from the record…',
    forbidden: 'Your role cannot use replay (operators and administrators only).',
    closed: 'This replay was closed (perhaps nobody watched it for a while).',
    reconnecting: 'Connection to the server lost; reconnecting…',
    failed: 'The replay failed: {{message}}',
    earliest: 'Earliest possible start: {{time}}',
    firstEvent: 'Oldest recorded event: {{time}}',
    noEvents: 'No events have been recorded yet.',
  },
  error: { network: 'Could not reach the server; try again', generic: 'Failed: {{message}}' },
  switchLang: '中文',
  signOut: 'Sign out',
  signedInAs: '{{user}} ({{role}})',
};

export const REPLAY_NS_KEY = 'replayPage';

/** Add the page's strings to an i18next instance (idempotent; again after every init, which replaces the store). */
export function registerReplayStrings(instance: I18n = i18next): void {
  if (!instance.store) return;
  instance.addResourceBundle('zh-CN', 'translation', { [REPLAY_NS_KEY]: replayZhCN }, true, true);
  instance.addResourceBundle('en', 'translation', { [REPLAY_NS_KEY]: replayEn }, true, true);
}

/** True when the strings are present for the instance's languages. */
export function replayStringsReady(instance: I18n = i18next): boolean {
  return !!instance.store && instance.getResource('zh-CN', 'translation', `${REPLAY_NS_KEY}.title`) !== undefined;
}

// The app initialises i18next after its modules load, and a second init replaces the store: add
// the strings now if it is ready, and again whenever it (re)initialises.
registerReplayStrings();
i18next.on('initialized', () => registerReplayStrings());
