// Gateway configuration from the environment, validated once at start-up; a bad value stops the
// process with a list of every problem.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_KEY_PREFIX, PASSWORD_PROBLEMS, passwordProblem } from '@torch/shared';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const GatewayConfigSchema = z.object({
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  REDIS_URL: z.string().url().optional(),
  TORCH_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/).default(DEFAULT_KEY_PREFIX),
  /** Each gateway instance needs its own id: it names its consumer group and checkpoint. */
  GATEWAY_ID: z.string().regex(/^[a-z0-9-]{1,32}$/, 'lower-case letters, digits and - only').default('main'),
  DELTA_HZ: z.coerce.number().min(0.2).max(20).default(4),
  READ_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  READ_BLOCK_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  TORCH_JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** Only for the very first start (no users yet); the password rule applies (shared/src/api/passwords.ts). */
  TORCH_ADMIN_PASSWORD: z.string().superRefine((v, ctx) => {
    const problem = passwordProblem(v, 'admin');
    if (problem) ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEMS[problem].en });
  }).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  /** Origins allowed to open a socket, comma-separated; empty = same origin only. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Trust X-Forwarded-For from this many proxies (for rate limits behind a reverse proxy). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).default(600),
  DEAD_LETTER_MAXLEN: z.coerce.number().int().min(100).default(100_000),
  SERVE_FRONTEND: bool.default(true),
  /** Alert rules (YAML), reloaded on change. */
  ALERT_RULES_FILE: z.string().default(resolve(import.meta.dirname, '../rules/alert-rules.yaml')),
  /** Dispatch policy (YAML): deadlines, reminders and escalation per priority; reloaded on change. */
  DISPATCH_POLICY_FILE: z.string().default(resolve(import.meta.dirname, '../rules/dispatch-policy.yaml')),
  /** POST fired and resolved alerts here (off when empty). */
  ALERT_WEBHOOK_URL: z.union([z.literal(''), z.string().url()]).default(''),
  ALERT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  ALERT_WEBHOOK_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Base URL of the center as people reach it, for links in webhook messages. */
  PUBLIC_URL: z.union([z.literal(''), z.string().url()]).default(''),
  /** Let operators create and end silences (by default only officials and admins may). */
  OPERATORS_MAY_SILENCE: bool.default(false),
  /** Replay sessions open at once on this gateway, and minutes an unwatched one is kept. */
  REPLAY_MAX_SESSIONS: z.coerce.number().int().min(1).max(100).default(4),
  REPLAY_IDLE_MINUTES: z.coerce.number().min(0.05).max(24 * 60).default(30),
  /** A dry run's price: conditions (rules × parks or sources) × minutes evaluated; above it, refused up front. The default admits the shipped rules (30 conditions) over the longest range, 31 days. */
  DRY_RUN_MAX_COST: z.coerce.number().int().min(1000).default(1_500_000),
  /** A dry run running longer than this is stopped. */
  DRY_RUN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** Sockets open at once per token (a display token, or a person's account) and per client address. */
  SOCKETS_PER_TOKEN: z.coerce.number().int().min(1).max(10_000).default(8),
  SOCKETS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Messages a socket may send per 10 s (a page sends a handful); past it they are refused. */
  SOCKET_EVENTS_PER_10S: z.coerce.number().int().min(5).max(10_000).default(40),
  /** NDJSON exports running at once: on this gateway, and per person (or display token). */
  EXPORTS_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100).default(2),
  EXPORTS_PER_USER: z.coerce.number().int().min(1).max(100).default(1),
  /** Prometheus /metrics on its own listener (not through the public proxy); unset: see METRICS_TOKEN. */
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  /** Where that listener binds: loopback unless a scraper elsewhere must reach it. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Scrape token (Authorization: Bearer …) for /metrics; without METRICS_PORT it serves /metrics on PORT, and without either /metrics is off. */
  METRICS_TOKEN: z.union([z.literal(''), z.string().min(16, 'at least 16 characters')]).default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = GatewayConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
