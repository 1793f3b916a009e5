// Accounts, roles and what each role may do. The gateway checks every route and socket event
// against PERMISSIONS; the screens use the same table to hide what a user cannot do.
import { z } from 'zod';
import { PASSWORD_PROBLEMS, passwordProblem } from './passwords.ts';

export const ROLES = ['admin', 'official', 'operator', 'responder', 'display'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'Administrator' },
  official: { zh: '值班领导', en: 'Official' },
  operator: { zh: '运维值班员', en: 'Operator' },
  responder: { zh: '责任单位人员', en: 'Unit member' },
  display: { zh: '大屏', en: 'Wall display' },
};

export const PERMISSIONS = {
  'metrics:read': ['admin', 'official', 'operator', 'display'],
  'feeds:read': ['admin', 'operator', 'official'],
  'deadletters:read': ['admin', 'operator'],
  'users:manage': ['admin'],
  /** Changing one's own password: people, not walls (a display token has none). */
  'password:change': ['admin', 'official', 'operator', 'responder'],
  'display-tokens:manage': ['admin'],
  /** Alerts whole: comments, who acted, silences, detail, CSV. People, not walls. */
  'alerts:read': ['admin', 'official', 'operator'],
  /** The open alerts as a wall shows them (api/wallAlerts.ts): what a display token gets instead. */
  'alerts:wall': ['admin', 'official', 'operator', 'display'],
  'alerts:act': ['admin', 'official'],
  'alerts:silence': ['admin', 'official'],
  /** The audit trail and the rules in force: people, not walls. */
  'alerts:audit': ['admin', 'official', 'operator'],
  'replay:use': ['admin', 'operator'],
  /** Dispatch (调度): cases are read by people, a responder only its own unit's (maySee); walls only the counts. */
  'dispatch:read': ['admin', 'official', 'operator', 'responder'],
  'dispatch:summary': ['admin', 'official', 'operator', 'responder', 'display'],
  /** Create cases; which command on which case is decided by the lifecycle (responders: their unit's). */
  'dispatch:dispatch': ['admin', 'official'],
  'dispatch:act': ['admin', 'official', 'responder'],
  'dispatch:units': ['admin'],
  /** Timeliness figures per unit and month (CSV too). */
  'dispatch:figures': ['admin', 'official', 'operator'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export { UsernameSchema } from '../username.ts';
import { UsernameSchema } from '../username.ts';
/** A new password, by the rule in passwords.ts (the account's name is checked where it is known). */
export const PasswordSchema = z.string().max(200).superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: PASSWORD_PROBLEMS[problem].en });
});
/** What people see instead of the login name (王主任): any script, no control characters. */
export const DisplayNameSchema = z.string().trim().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');

/** Refuses a password equal to or containing the account's name, on the password field. */
function passwordNotName(v: { username: string; password: string }, ctx: z.RefinementCtx): void {
  if (passwordProblem(v.password, v.username) === 'contains-name') ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_PROBLEMS['contains-name'].en });
}

export const LoginRequestSchema = z.object({ username: UsernameSchema, password: z.string().min(1).max(200) }).strict();
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(20).max(200) }).strict();

export const SessionSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  username: z.string(),
  /** The name people see, when the account has one. */
  displayName: z.string().optional(),
  role: z.enum(ROLES),
  /** What this deployment lets the role do beyond the table (e.g. operators silencing, when allowed). */
  extraPermissions: z.array(z.string()).optional(),
});
export type Session = z.infer<typeof SessionSchema>;

/** `can`, with what a session says this deployment also allows. */
export function sessionCan(session: Pick<Session, 'role' | 'extraPermissions'>, permission: Permission): boolean {
  return can(session.role, permission) || (session.extraPermissions ?? []).includes(permission);
}

export const PERSON_ROLES = ['admin', 'official', 'operator', 'responder'] as const;

export const CreateUserSchema = z.object({ username: UsernameSchema, password: PasswordSchema, role: z.enum(PERSON_ROLES), displayName: DisplayNameSchema.optional() })
  .strict().superRefine(passwordNotName);
export type CreateUser = z.infer<typeof CreateUserSchema>;

/** An administrator's change to an account; disabling or a new role ends the account's sessions. */
export const UpdateUserSchema = z.object({ displayName: z.union([DisplayNameSchema, z.literal('')]).optional(), role: z.enum(PERSON_ROLES).optional(), disabled: z.boolean().optional() })
  .strict().refine((v) => Object.keys(v).length > 0, { message: 'give displayName, role or disabled' });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** An administrator sets a new password for someone (who has lost theirs): every session of theirs ends. */
export const ResetPasswordSchema = z.object({ password: PasswordSchema }).strict();

/** Anyone changes their own password with the current one; their other sessions end. */
export const ChangePasswordSchema = z.object({ oldPassword: z.string().min(1).max(200), newPassword: PasswordSchema }).strict();

export const UserSchema = z.object({ username: z.string(), displayName: z.string().optional(), role: z.enum(ROLES), createdAt: z.number(), disabled: z.boolean() });
export type User = z.infer<typeof UserSchema>;

/** Login name → display name, for showing who did what (the audit, acknowledgements). */
export const UserNamesSchema = z.object({ names: z.record(z.string(), z.string()) });

export const CreateDisplayTokenSchema = z.object({
  name: z.string().trim().min(1).max(60),
  /** Days until the kiosk link stops working; default 365. */
  ttlDays: z.number().int().min(1).max(3650).optional(),
}).strict();

export const DisplayTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
});
export type DisplayToken = z.infer<typeof DisplayTokenSchema>;

/** Claims of every token the gateway signs. */
export interface TokenClaims {
  sub: string;
  role: Role;
  kind: 'access' | 'display';
  jti: string;
  exp: number;
  /** The sign-in session (refresh-token family) an access token belongs to; absent on display tokens. */
  sid?: string;
}
