// A login name: a domain fact (the units directory names its members by it), declared here so that
// domain code does not import the API contracts; shared/src/api/auth.ts re-exports it.
import { z } from 'zod';

export const UsernameSchema = z.string().trim().min(2).max(32).regex(/^[a-z0-9_.-]+$/, 'lower-case letters, digits and _ . - only');
