// The center's own Lua scripts, each defined once: its name, its Lua source (what Redis runs) and
// its TypeScript twin (what the embedded store runs). Callers use them by name through ioredis
// (defineCommand: EVALSHA, EVAL when Redis has not seen it yet); the embedded store looks the
// twin up by the SHA-1 of the same source. tests/backend/scripts.test.ts feeds both the same
// random inputs and compares every result and every key they touch.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** redis.call: runs one command, throws its error (a twin catches to act as redis.pcall). */
export type ScriptCall = (...args: string[]) => unknown;

export interface ScriptDef {
  name: string;
  numberOfKeys: number;
  lua: string;
  twin(call: ScriptCall, keys: string[], argv: string[]): unknown;
}

/** Dead letters are shared by all gateways: the first to refuse an entry records it, once. */
const deadLetter: ScriptDef = {
  name: 'deadLetter',
  numberOfKeys: 2,
  lua: `
if redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[2]) == 1 then
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'source', ARGV[4], 'entry', ARGV[5], 'reason', ARGV[6], 'raw', ARGV[7], 'rawBytes', ARGV[8], 'rawSha256', ARGV[9])
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -200001)
end
return 1`,
  twin(call, keys, argv) {
    if (call('ZADD', keys[1]!, 'NX', argv[0]!, argv[1]!) === 1) {
      call('XADD', keys[0]!, 'MAXLEN', '~', argv[2]!, '*', 'source', argv[3]!, 'entry', argv[4]!, 'reason', argv[5]!, 'raw', argv[6]!, 'rawBytes', argv[7]!, 'rawSha256', argv[8]!);
      call('ZREMRANGEBYRANK', keys[1]!, '0', '-200001');
    }
    return 1;
  },
};

/**
 * KEYS: records, versions, index, open (a hash used as a set), audit. ARGV: id, expected version,
 * json, index score ('' = none), open ('1' add, '0' remove, '' leave), audit mode ('required': no
 * audit entry, no change; 'kept': the change even so), audit field/value pairs…
 * Returns {new version, ''}; {-1 - current version, ''} on a version conflict; {0, error} when a
 * required audit entry could not be written; {new version, error} when a kept one could not.
 */
const alertCas: ScriptDef = {
  name: 'alertCas',
  numberOfKeys: 5,
  lua: `-- alert records: compare-and-set with its audit entry
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then return {-1 - current, ''} end
local auditError = ''
if #ARGV > 6 then
  local written = redis.pcall('XADD', KEYS[5], '*', unpack(ARGV, 7))
  if type(written) == 'table' and written.err then
    if ARGV[6] == 'required' then return {0, written.err} end
    auditError = written.err
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], current + 1)
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1]) end
if ARGV[5] == '1' then redis.call('HSET', KEYS[4], ARGV[1], '1') elseif ARGV[5] == '0' then redis.call('HDEL', KEYS[4], ARGV[1]) end
return {current + 1, auditError}`,
  twin(call, keys, argv) {
    const [records, versions, index, open, audit] = keys as [string, string, string, string, string];
    const [id, expected, json, score, openFlag, auditMode] = argv as [string, string, string, string, string, string];
    const current = Number(call('HGET', versions, id) ?? '0');
    if (current !== Number(expected)) return [-1 - current, ''];
    let auditError = '';
    if (argv.length > 6) {
      try {
        call('XADD', audit, '*', ...argv.slice(6));
      } catch (e) {
        // redis.pcall: the error is the script's to decide on.
        auditError = (e as Error).message;
        if (auditMode === 'required') return [0, auditError];
      }
    }
    call('HSET', records, id, json);
    call('HSET', versions, id, String(current + 1));
    if (score !== '') call('ZADD', index, score, id);
    if (openFlag === '1') call('HSET', open, id, '1');
    else if (openFlag === '0') call('HDEL', open, id);
    return [current + 1, auditError];
  },
};

/** HLEN and HSETNX in one step: the first admin appears only in an empty user table, exactly once. */
const createFirstUser: ScriptDef = {
  name: 'createFirstUser',
  numberOfKeys: 1,
  lua: `if redis.call('hlen', KEYS[1]) == 0 then return redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) end return 0`,
  twin: (call, keys, argv) => (call('HLEN', keys[0]!) === 0 ? call('HSETNX', keys[0]!, argv[0]!, argv[1]!) : 0),
};

/** Compare-and-set of one hash field, so an update never overwrites a change made in between. */
const hashCas: ScriptDef = {
  name: 'hashCas',
  numberOfKeys: 1,
  lua: `if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('hset', KEYS[1], ARGV[1], ARGV[3]) return 1 end return 0`,
  twin(call, keys, argv) {
    if (call('HGET', keys[0]!, argv[0]!) !== argv[1]) return 0;
    call('HSET', keys[0]!, argv[0]!, argv[2]!);
    return 1;
  },
};

/**
 * KEYS: cases, versions, index, open set of the unit it was with, open set of the unit it is with,
 * alert links, audit, open cases of every unit. ARGV: id, expected version (0: a new case), json,
 * index score, open ('1' it is open now, '0' not), n alert ids, the n alert ids, audit
 * field/value pairs…
 * Returns {new version, ''}; {-1 - current version, ''} on a conflict; {-1, 'linked:<case id>'}
 * when a new case names an alert that is in an open case already; {0, error} when the audit entry
 * could not be written. In every refusal nothing changed.
 */
const dispatchCas: ScriptDef = {
  name: 'dispatchCas',
  numberOfKeys: 8,
  lua: `-- dispatch cases: compare-and-set with its audit entry
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if current ~= tonumber(ARGV[2]) then return {-1 - current, ''} end
local n = tonumber(ARGV[6])
for i = 7, 6 + n do
  local prev = redis.call('HGET', KEYS[6], ARGV[i])
  if prev and redis.call('HEXISTS', KEYS[8], prev) == 1 then return {-1, 'linked:' .. prev} end
end
local a = 7 + n
if #ARGV >= a then
  local written = redis.pcall('XADD', KEYS[7], '*', unpack(ARGV, a))
  if type(written) == 'table' and written.err then return {0, written.err} end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], current + 1)
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
if ARGV[5] == '1' then
  redis.call('HSET', KEYS[5], ARGV[1], '1')
  redis.call('HSET', KEYS[8], ARGV[1], '1')
else
  redis.call('HDEL', KEYS[8], ARGV[1])
end
for i = 7, 6 + n do redis.call('HSET', KEYS[6], ARGV[i], ARGV[1]) end
return {current + 1, ''}`,
  twin(call, keys, argv) {
    const [cases, versions, index, wasOpen, isOpen, alertCase, audit, openAll] = keys as [string, string, string, string, string, string, string, string];
    const current = Number(call('HGET', versions, argv[0]!) ?? '0');
    if (current !== Number(argv[1])) return [-1 - current, ''];
    const n = Number(argv[5]);
    const alerts = argv.slice(6, 6 + n);
    for (const a of alerts) {
      const prev = call('HGET', alertCase, a) as string | null;
      if (prev !== null && call('HEXISTS', openAll, prev) === 1) return [-1, `linked:${prev}`];
    }
    if (argv.length > 6 + n) {
      try {
        call('XADD', audit, '*', ...argv.slice(6 + n));
      } catch (e) {
        return [0, (e as Error).message];
      }
    }
    call('HSET', cases, argv[0]!, argv[2]!);
    call('HSET', versions, argv[0]!, String(current + 1));
    call('ZADD', index, argv[3]!, argv[0]!);
    call('HDEL', wasOpen, argv[0]!);
    if (argv[4] === '1') {
      call('HSET', isOpen, argv[0]!, '1');
      call('HSET', openAll, argv[0]!, '1');
    } else call('HDEL', openAll, argv[0]!);
    for (const a of alerts) call('HSET', alertCase, a, argv[0]!);
    return [current + 1, ''];
  },
};

export const SCRIPTS = { deadLetter, alertCas, createFirstUser, hashCas, dispatchCas } as const;
export type ScriptName = keyof typeof SCRIPTS;

/** SHA-1 of a script's source, as Redis names it (SCRIPT LOAD, EVALSHA). */
export const scriptSha = (lua: string): string => createHash('sha1').update(lua, 'utf8').digest('hex');

/** Make every script callable by name on this connection (and its pipelines and transactions). */
export function defineScripts(redis: Redis): void {
  for (const s of Object.values(SCRIPTS)) {
    if (!(s.name in redis)) redis.defineCommand(s.name, { numberOfKeys: s.numberOfKeys, lua: s.lua });
  }
}

/** Run one script by name and wait for its result. */
export function runScript(redis: Redis, name: ScriptName, keys: string[], argv: (string | number)[]): Promise<unknown> {
  defineScripts(redis);
  return (redis as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[name]!(...keys, ...argv);
}
