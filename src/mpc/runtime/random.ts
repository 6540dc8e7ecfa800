/**
 * Sources of randomness for the runtime.
 *
 * The default draws from the operating system's CSPRNG (`crypto.randomFillSync`). A seeded source
 * (AES-256-CTR keystream) exists for reproducible test transcripts only: a seeded party is only as
 * secret as its seed.
 *
 * @module
 */
import { createCipheriv, randomFillSync } from 'node:crypto';

/** Fills byte arrays with random bytes. */
export interface RandomSource {
  fill(bytes: Uint8Array): void;
}

/** The operating system's CSPRNG. */
export const systemRandom: RandomSource = Object.freeze({
  fill(bytes: Uint8Array): void {
    // randomFillSync is limited to 2^31 - 1 bytes per call.
    for (let o = 0; o < bytes.length; o += 1 << 30) {
      randomFillSync(bytes, o, Math.min(1 << 30, bytes.length - o));
    }
  },
});

/**
 * A deterministic source: the AES-256-CTR keystream under a 32-byte `seed`. For tests and
 * recorded transcripts only.
 * @example
 * ```ts
 * const r = seededRandom(new Uint8Array(32));
 * const b = new Uint8Array(16);
 * r.fill(b); // always the same 16 bytes for this seed
 * ```
 */
export function seededRandom(seed: Uint8Array, nonce = 0): RandomSource {
  if (seed.length !== 32)
    throw new RangeError('seededRandom: expected a 32-byte seed, got ' + seed.length);
  if (!Number.isInteger(nonce) || nonce < 0 || nonce > 0xffff_ffff)
    throw new RangeError('seededRandom: expected a u32 nonce, got ' + nonce);
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(0, nonce, true);
  const cipher = createCipheriv('aes-256-ctr', seed, iv);
  return {
    fill(bytes: Uint8Array): void {
      bytes.fill(0);
      const ks = cipher.update(bytes);
      bytes.set(ks);
    },
  };
}
