// Environment configuration of the simulators, validated once; a bad value stops the CLI with a
// list of every problem rather than a crash later.
import { z } from 'zod';
import { DEFAULT_KEY_PREFIX } from '@torch/shared';

const optionalInt = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional());

export const SimulatorEnvSchema = z.object({
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  TORCH_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default(DEFAULT_KEY_PREFIX),
  SIM_SEED: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(2023),
  /** Keep at most about this many entries per stream (XADD MAXLEN ~). */
  STREAM_MAXLEN: optionalInt,
  /** Keep about this many days per stream (XADD MINID ~), measured from the newest entry. */
  STREAM_RETENTION_DAYS: optionalInt,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type SimulatorEnv = z.infer<typeof SimulatorEnvSchema>;

export function loadEnv(env: NodeJS.ProcessEnv = process.env): SimulatorEnv {
  const parsed = SimulatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
