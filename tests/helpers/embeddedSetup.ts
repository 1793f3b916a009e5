// Global setup of the "embedded" project: the same integration suites, run against the embedded
// store instead of Redis (the contract both must meet). The URL goes in EMBEDDED_REDIS_URL; only
// this project's workers read it (TORCH_STORE=embedded in its env), the others keep real Redis.
import { EmbeddedStore } from '../../backend/src/launcher/index.ts';

export default async function setup() {
  const store = new EmbeddedStore();
  process.env.EMBEDDED_REDIS_URL = await store.start();
  return () => store.stop();
}
