// Password hashing. bcrypt (cost 11, ~100 ms here) makes a stolen user hash slow to brute-force, and
// its compare is constant-time, so a response's timing does not leak how much of a guess matched.
// Note: bcrypt reads only the first 72 bytes of a password.
import bcrypt from 'bcryptjs';

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
