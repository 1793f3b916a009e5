// The command line of `npm start` (start.ts): --demo and --help, nothing else. The usage text
// names the variables that matter most with their defaults (taken from the schemas, so they cannot
// drift) and lists every other one npm start reads: the gateway's, the simulators' seed, its own.
import { loadEnv } from '@torch/simulators';
import { GatewayConfigSchema, loadGatewayConfig } from '../config.ts';

export interface StartArgs {
  demo: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export function parseStartArgs(argv: readonly string[]): StartArgs {
  const args: StartArgs = { demo: false, help: false };
  for (const a of argv) {
    if (a === '--demo') args.demo = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new UsageError(a.startsWith('-') ? `unknown option '${a}'` : `unexpected argument '${a}'`);
  }
  return args;
}

/** Read by start.ts itself rather than by the gateway's schema. (Of the simulators' variables
 *  it uses SIM_SEED and LOG_LEVEL; it passes no stream trimming to the feeds.) */
const START_VARIABLES = ['TORCH_STORE', 'TORCH_DATA_DIR', 'TORCH_DEMO', 'TORCH_HISTORY_DAYS', 'SIM_SEED'];

export function usage(): string {
  const gw = loadGatewayConfig({});
  const sim = loadEnv({});
  const described: [string, string][] = [
    ['REDIS_URL', 'Redis to use; it must answer. Unset: the Redis on 127.0.0.1:6379, else a\nredis-server started here, else the embedded store'],
    ['TORCH_STORE', "'embedded' forces the embedded store (in-process, for a laptop or a demo)"],
    ['TORCH_DATA_DIR', 'where a self-started redis-server and the embedded store keep their data (.data)'],
    ['HOST, PORT', `where the gateway listens (${gw.HOST}, ${gw.PORT})`],
    ['TORCH_KEY_PREFIX', `prefix of every key (${gw.TORCH_KEY_PREFIX})`],
    ['TORCH_ADMIN_PASSWORD', 'password of the first admin (default: random, printed once)'],
    ['TORCH_JWT_SECRET', 'token signing secret, 32+ characters (default: generated, kept in Redis)'],
    ['LOG_LEVEL', `fatal, error, warn, info, debug, trace or silent (${gw.LOG_LEVEL}); logs are\nreadable lines at a terminal, JSON lines otherwise`],
    ['SIM_SEED', `seed of the simulated feeds (${sim.SIM_SEED})`],
    ['TORCH_DEMO', '1: as --demo'],
  ];
  const named = new Set(described.flatMap(([n]) => n.split(', ')));
  const others = [...new Set([...Object.keys(GatewayConfigSchema.shape), ...START_VARIABLES])].filter((n) => !named.has(n)).sort();
  const width = Math.max(...described.map(([n]) => n.length)) + 2;
  const indent = (text: string) => text.split('\n').join(`\n  ${' '.repeat(width)}`);
  return [
    'Usage: npm start [-- options]',
    '       node --import tsx backend/src/launcher/main.ts [options]',
    '',
    'The whole Torch command center on this machine: storage, the gateway with the wall, and the',
    'simulated feeds (history first, then live). Ctrl-C stops everything.',
    '',
    'Options:',
    '  --demo        run the live feeds with the demo fault switches: every kind of alert fires',
    '                within about 20 minutes (feed silence only in working hours)',
    '  -h, --help    print this help and exit',
    '',
    'Environment:',
    ...described.map(([n, text]) => `  ${n.padEnd(width)}${indent(text)}`),
    '',
    'Also read (see Configuration in README.md):',
    ...wrap(others.join(', '), 94).map((l) => `  ${l}`),
    '',
    'The gateway alone (Redis from REDIS_URL, default 127.0.0.1:6379): npm run gateway.',
    'The simulated feeds alone: npm run simulate -- --help.',
    '',
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
