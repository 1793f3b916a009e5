// The password rule (issue 13, point 8) and the admin command line (point 7). The rule: at least 12
// characters, at most 72 bytes (bcrypt reads no further, so a longer one would have a tail that
// is silently ignored), not one of the commonest passwords, not the account's name nor containing
// it, at least 5 different characters. It applies when a password is set; accounts made under the
// old rule still sign in. The CLI runs as a real child process against this file's prefix.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, PASSWORD_PROBLEMS, type PasswordProblem, passwordProblem } from '@torch/shared';
import { AuthStore } from '../../backend/src/auth/index.ts';
import { type TestGateway, passwordFor, startGateway } from '../helpers/gateway.ts';
import { REDIS_URL, connect, deletePrefix, requireRedis, testPrefix } from '../helpers/redis.ts';

describe('the password rule', () => {
  it.each<[string, string | undefined, PasswordProblem | null]>([
    ['aaaaaaaaaa', undefined, 'too-short'],
    ['Tr0ub4dor&3', undefined, 'too-short'],
    ['aaaaaaaaaaaa', undefined, 'too-simple'],
    ['abababababab', undefined, 'too-simple'],
    ['1qaz2wsx3edc', undefined, 'common'],
    ['QWERTY123456', undefined, 'common'],
    ['wang.official', 'wang.official', 'contains-name'],
    ['wang.official-2024', 'wang.official', 'contains-name'],
    ['My-ADMIN-password', 'admin', 'contains-name'],
    ['lightning-bolt', 'li', null],
    ['x'.repeat(60) + 'abcdefghijklm', undefined, 'too-long'],
    ['厦门火炬高新区指挥调度中心值班密码一二三四五六七', undefined, null], // 24 汉字: 72 bytes
    ['厦门火炬高新区指挥调度中心值班密码一二三四五六七八', undefined, 'too-long'], // 25: 75 bytes
    ['correct horse battery staple', 'wang.official', null],
  ])('%j (user %j): %j', (password, username, problem) => {
    expect(passwordProblem(password, username)).toBe(problem);
  });

  it('ships a list of common long passwords, each refused, with messages in both languages', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(200);
    for (const p of COMMON_PASSWORDS) expect(passwordProblem(p), p).not.toBeNull();
    for (const text of Object.values(PASSWORD_PROBLEMS)) {
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

const up = await requireRedis('passwords and the admin CLI');
const redis = up ? connect() : null;

describe.runIf(up)('passwords at the gateway, and the admin CLI', () => {
  const prefix = testPrefix('passwords');
  let g: TestGateway;
  let admin: string;

  beforeAll(async () => {
    g = await startGateway(prefix);
    admin = (await g.login()).accessToken;
  });

  afterAll(async () => {
    await g?.stop();
    await deletePrefix(redis!, prefix);
    redis?.disconnect();
  });

  const create = (username: string, password: string) => g.post('/api/users', { username, password, role: 'operator' }, admin);

  it('refuses a weak password when an account is created, naming the field and the rule', async () => {
    const cases: [string, string, RegExp][] = [
      ['weak.one', 'aaaaaaaaaa', /at least 12 characters/],
      ['weak.two', 'aaaaaaaaaaaa', /different characters/],
      ['weak.three', '1qaz2wsx3edc', /most common/],
      ['weak.four', 'weak.four-is-me', /user name/],
      ['weak.five', 'é'.repeat(37), /at most 72 bytes/],
    ];
    for (const [username, password, message] of cases) {
      const r = await create(username, password);
      expect(r).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', field: 'password' } } });
      expect(r.body.error.message).toMatch(message);
    }
    expect((await g.get('/api/users', admin)).body.map((u: { username: string }) => u.username)).not.toContain('weak.one');
    expect((await create('strong.one', 'correct horse battery staple')).status).toBe(201);
  });

  it('no ignored tail: a password past 72 bytes never signs in, even when its first 72 bytes match', async () => {
    // An account from before the rule, whose 80-character password bcrypt stored as its first 72.
    const store = new AuthStore(redis!, prefix);
    const long = 'L'.repeat(40) + 'correct-horse-battery-staple-1234567890';
    await store.createUser('long.legacy', long, 'operator');
    const wrongTail = long.slice(0, 72) + 'WRONG-TAIL';
    expect((await g.post('/api/auth/login', { username: 'long.legacy', password: wrongTail })).status).toBe(401);
    expect((await g.post('/api/auth/login', { username: 'long.legacy', password: long })).status).toBe(401);
    // what bcrypt compared all along still does: the owner signs in with its first 72 characters
    expect((await g.post('/api/auth/login', { username: 'long.legacy', password: long.slice(0, 72) })).status).toBe(200);
  });

  it('an account made under the old rule (10 characters) still signs in; the rule applies when a password is set', async () => {
    const store = new AuthStore(redis!, prefix);
    await store.createUser('old.rule', 'short-pass', 'operator');
    const s = await g.login('old.rule', 'short-pass');
    const again = await g.post('/api/auth/password', { oldPassword: 'short-pass', newPassword: 'short-pass' }, s.accessToken);
    expect(again).toMatchObject({ status: 400, body: { error: { field: 'newPassword' } } });
  });

  /** Run the admin CLI as the operator would, against this file's prefix. */
  function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/admin.ts', ...args], {
        env: { ...process.env, REDIS_URL, TORCH_KEY_PREFIX: prefix },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin ?? '');
    });
  }

  it('the admin CLI resets a lost password (ending the sessions), lists, disables and enables accounts', async () => {
    const before = await g.user('admin', 'second.admin');
    expect((await g.get('/api/auth/me', before.accessToken)).status).toBe(200);

    const generated = await cli(['reset-password', 'second.admin']);
    expect(generated.code).toBe(0);
    const password = /new password of "second\.admin": (\S+)/.exec(generated.stdout)?.[1];
    expect(password).toMatch(/^[a-zA-Z2-9]{20}$/);
    // the running gateway ends the old session and takes the new password
    expect((await g.get('/api/auth/me', before.accessToken)).status).toBe(401);
    expect((await g.post('/api/auth/login', { username: 'second.admin', password: passwordFor('second.admin') })).status).toBe(401);
    await g.login('second.admin', password!);

    const chosen = await cli(['reset-password', 'second.admin', '--password-stdin'], 'a chosen long passphrase\n');
    expect(chosen).toMatchObject({ code: 0 });
    expect(chosen.stdout).not.toContain('a chosen long passphrase');
    const s = await g.login('second.admin', 'a chosen long passphrase');

    const weak = await cli(['reset-password', 'second.admin', '--password-stdin'], 'aaaaaaaaaa\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    expect(weak.stderr).toMatch(/密码至少 12 个字符/);

    const disabled = await cli(['disable', 'second.admin']);
    expect(disabled.code).toBe(0);
    expect((await g.get('/api/auth/me', s.accessToken)).status).toBe(401);
    const list = await cli(['list']);
    expect(list.stdout).toMatch(/^second\.admin\t-\tadmin\tdisabled$/m);
    expect(list.stdout).toMatch(/^admin\t-\tadmin\tenabled$/m);
    expect((await cli(['enable', 'second.admin'])).code).toBe(0);
    await g.login('second.admin', 'a chosen long passphrase');

    const audit = (await g.get('/api/alerts/audit?limit=50', admin)).body.items as { action: string; by: string; target: string }[];
    expect(audit.filter((e) => e.target === 'user:second.admin' && e.by.startsWith('cli:')).map((e) => e.action).sort())
      .toEqual(['password-reset', 'password-reset', 'user-disabled', 'user-enabled']);

    expect(await cli(['reset-password', 'nobody.here'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no account "nobody.here"') });
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['disable'])).code).toBe(2);
  }, 120_000); // ten child processes, each loading TypeScript
});
