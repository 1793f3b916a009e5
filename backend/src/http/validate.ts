import type { Response } from 'express';
import type { z } from 'zod';
import { sendFailure } from '../auth/index.ts';

/** Parse with a schema or answer 400 naming the field; returns undefined when it answered. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, res: Response): z.infer<S> | undefined {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  sendFailure(res, 'BAD_REQUEST', field ? `${field}: ${issue.message}` : issue.message, field);
  return undefined;
}
