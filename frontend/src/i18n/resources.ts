// Every string the screens show, in both languages. Chinese first: the zone's officials read it.
export const zhCN = {
  app: { title: '数字火炬指挥调度中心', subtitle: '厦门火炬高新区 · 经济运行监测', simulated: '模拟数据 · SIMULATED DATA' },
  status: { connecting: '连接中', live: '连接正常', stale: '数据暂停更新', offline: '离线', catchingUp: '正在加载历史数据', reload: '页面版本过旧，正在刷新' },
  badge: { live: '实时', replay: '回放', embedded: '内嵌存储（演示）' },
  kpi: { salesMtd: '本月开票', sales: '开票销售额', tax: '税收入库', imports: '进口额', exports: '出口额', netEstablished: '净增企业', today: '今日', mtd: '本月累计', ytd: '本年累计', yoy: '同比', mom: '环比', unitCount: '家' },
  panel: {
    map: '一区多园 · 本月开票销售额', intraday: '今日开票累计', ranking: '园区本月开票排名', chains: '产业链结构（本月开票）',
    trade: '本月进出口 · 贸易伙伴', ticker: '市场主体动态', feeds: '数据源健康', alerts: '告警',
  },
  series: { today: '今日', lastWeek: '上周同日', lastYear: '去年同日', unit: '单位：{{unit}}' },
  trade: { exports: '出口', imports: '进口', unit: '单位：{{unit}}' },
  ticker: { established: '新设', deregistered: '注销', foreign: '外资', capital: '注册资本', none: '暂无动态' },
  feed: { rate: '每分钟', lastEvent: '最新', lag: '积压', ok: '正常', stale: '延迟', down: '中断', unknown: '无数据', rejected: '拒收' },
  fresh: { updated: '{{age}}更新', never: '尚无数据', source: '来源' },
  age: { seconds: '{{n}}秒前', minutes: '{{n}}分钟前', hours: '{{n}}小时前', days: '{{n}}天前' },
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
  nav: { wall: '大屏', alerts: '告警', replay: '回放', login: '登录', comingSoon: '此功能即将上线' },
  errors: { needToken: '请使用管理员生成的大屏链接（含 token），或先登录。' },
};

export type Resources = typeof zhCN;

export const en: Resources = {
  app: { title: 'Torch Command Center', subtitle: 'Xiamen Torch High-tech Zone · Economic operation', simulated: 'SIMULATED DATA · 模拟数据' },
  status: { connecting: 'Connecting', live: 'Connected', stale: 'Updates paused', offline: 'Offline', catchingUp: 'Loading history', reload: 'This page is out of date; reloading' },
  badge: { live: 'LIVE', replay: 'REPLAY', embedded: 'EMBEDDED STORE (demo)' },
  kpi: { salesMtd: 'Sales, month', sales: 'Invoiced sales', tax: 'Tax receipts', imports: 'Imports', exports: 'Exports', netEstablished: 'Net new enterprises', today: 'Today', mtd: 'Month to date', ytd: 'Year to date', yoy: 'YoY', mom: 'MoM', unitCount: '' },
  panel: {
    map: 'Sub-parks · sales this month', intraday: "Today's sales, cumulative", ranking: 'Parks by sales, month', chains: 'Industry chains, month',
    trade: 'Trade by partner, month', ticker: 'Enterprise registry', feeds: 'Feed health', alerts: 'Alerts',
  },
  series: { today: 'Today', lastWeek: 'Last week', lastYear: 'Last year', unit: 'in {{unit}}' },
  trade: { exports: 'Exports', imports: 'Imports', unit: 'in {{unit}}' },
  ticker: { established: 'New', deregistered: 'Closed', foreign: 'Foreign', capital: 'Capital', none: 'No registry events yet' },
  feed: { rate: 'Per minute', lastEvent: 'Last', lag: 'Backlog', ok: 'OK', stale: 'Late', down: 'Down', unknown: 'No data', rejected: 'Rejected' },
  fresh: { updated: 'updated {{age}}', never: 'no data yet', source: 'Source' },
  age: { seconds: '{{n}} s ago', minutes: '{{n}} min ago', hours: '{{n}} h ago', days: '{{n}} d ago' },
  login: { title: 'Sign in', username: 'User name', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed' },
  nav: { wall: 'Wall', alerts: 'Alerts', replay: 'Replay', login: 'Sign in', comingSoon: 'Coming soon' },
  errors: { needToken: 'Open the wall link an administrator created (it carries a token), or sign in first.' },
};
