import { randomBytes, randomFillSync } from 'node:crypto';

// Each `randomBytes` call is a job through node's crypto binding (about 4 µs here, more than the rest of a create's
// own work), so random bytes are drawn from a pool filled by one CSPRNG call per 4 KiB, as node's own randomUUID
// does. Every byte is handed out once, and zeroed as it is, so a key's bytes do not linger in the pool.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` cryptographically strong random bytes, as lowercase hex. */
export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('hex');
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += bytes;
  const hex = pool.toString('hex', start, used);
  pool.fill(0, start, used);
  return hex;
}
