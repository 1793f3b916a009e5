// `npm start -- --demo`: the members of the seeded units get responder accounts, so that a case can
// be dispatched to a park office and accepted by its people. One generated password for all of
// them, shown once when they are created (the first demo start: some seconds of hashing); accounts
// that exist already are left as they are. Never outside the demo: a real deployment's admins
// create their units' accounts.
import { SEED_UNITS } from '@torch/shared';
import { type AuthStore, readablePassword } from '../auth/store.ts';

export async function seedDemoResponders(store: AuthStore): Promise<{ password: string; created: string[] }> {
  const password = readablePassword();
  const created: string[] = [];
  for (const unit of SEED_UNITS) {
    for (const member of unit.members) {
      if (await store.getUser(member)) continue; // hashing is slow (bcrypt): only for accounts still missing
      const displayName = `${unit.name.zh}${member === unit.head ? '负责人' : '值班员'}`;
      if (await store.createUser(member, password, 'responder', displayName)) created.push(member);
    }
  }
  return { password, created };
}
