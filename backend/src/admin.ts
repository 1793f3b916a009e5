// The accounts from a terminal on the server, for when nobody can sign in as an administrator (a
// lost password, the last admin disabled). It talks to the same Redis as the gateways (REDIS_URL,
// TORCH_KEY_PREFIX) and ends sessions through the same channel, so running gateways act at once.
//
//   npm run admin -- list
//   npm run admin -- reset-password <user> [--password-stdin]
//   npm run admin -- disable <user>
//   npm run admin -- enable <user>
//
// Every change is written to the audit trail as done by `cli:<login name on this machine>`.
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX, keyLayout, passwordProblem, passwordProblemText } from '@torch/shared';
import { alertKeys } from './alerts/store.ts';
import { AuthStore, readablePassword } from './auth/store.ts';

const USAGE = `usage: npm run admin -- <command>

  list                                   every account: name, display name, role, state
  reset-password <user> [--password-stdin]
                                         set a new password (read from standard input, or generated
                                         and printed once); every session of the account ends
  disable <user>                         the account can no longer sign in; its sessions end
  enable <user>                          the account can sign in again

environment: REDIS_URL (default redis://127.0.0.1:6379), TORCH_KEY_PREFIX (default ${DEFAULT_KEY_PREFIX})
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`admin: ${message}\n`);
  process.exit(code);
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const { positionals, values } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { 'password-stdin': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    return fail(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
})();
const [command, username, ...extra] = positionals;
if (values.help || !command) {
  process.stdout.write(USAGE);
  process.exit(command || values.help ? 0 : 2);
}
if (!['list', 'reset-password', 'disable', 'enable'].includes(command)) fail(`unknown command "${command}"\n\n${USAGE}`, 2);
if (command !== 'list' && !username) fail(`${command} needs a user name\n\n${USAGE}`, 2);
if (extra.length > 0) fail(`unexpected arguments: ${extra.join(' ')}`, 2);

let prefix: string;
try {
  prefix = keyLayout(process.env.TORCH_KEY_PREFIX || DEFAULT_KEY_PREFIX).prefix;
} catch (e) {
  fail((e as Error).message, 2);
}
const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
// One try, no endless reconnecting: a terminal command should say plainly that Redis is not there.
const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
redis.on('error', () => {});
try {
  await redis.connect();
} catch (e) {
  fail(`cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(e as Error).message}`);
}

const store = new AuthStore(redis, prefix);
const by = `cli:${userInfo().username}`;
const audit = (action: string, target: string, comment: string) =>
  redis.xadd(alertKeys(prefix).audit, '*', 'action', action, 'by', by, 'target', `user:${target}`, 'comment', comment, 'at', String(Date.now()));

try {
  if (command === 'list') {
    const users = await store.listUsers();
    if (users.length === 0) process.stdout.write('no accounts yet (the first gateway start creates "admin")\n');
    for (const u of users) process.stdout.write(`${u.username}\t${u.displayName ?? '-'}\t${u.role}\t${u.disabled ? 'disabled' : 'enabled'}\n`);
  } else if (command === 'reset-password') {
    const given = values['password-stdin'];
    const password = given ? await firstLine() : readablePassword();
    const problem = passwordProblem(password, username);
    if (problem) fail(`password refused: ${passwordProblemText(problem, 'en')} / ${passwordProblemText(problem, 'zh')}`);
    const user = await store.setPassword(username!, password);
    if (!user) fail(`no account "${username}"`);
    await audit('password-reset', username!, 'password set from the admin command line; sessions ended');
    process.stdout.write(given ? `password of "${username}" changed; its sessions have ended\n` : `new password of "${username}": ${password}\n(shown once; its sessions have ended)\n`);
    if (user.disabled) process.stdout.write(`note: "${username}" is disabled; enable it with: npm run admin -- enable ${username}\n`);
  } else {
    const disabled = command === 'disable';
    const user = await store.updateUser(username!, { disabled });
    if (!user) fail(`no account "${username}"`);
    await audit(disabled ? 'user-disabled' : 'user-enabled', username!, disabled ? 'disabled from the admin command line; sessions ended' : 'enabled from the admin command line');
    process.stdout.write(`"${username}" is ${disabled ? 'disabled; its sessions have ended' : 'enabled'}\n`);
  }
} finally {
  redis.disconnect();
}
