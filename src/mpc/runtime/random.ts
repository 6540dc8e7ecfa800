/**
 * Sources of randomness for the runtime.
 *
 * The default draws from the operating system's CSPRNG (`crypto.randomFillSync`). A seeded source
 * (AES-256-CTR keystream) exists for reproducible test transcripts only: a seeded party is only as
 * secret as its seed.
 *
 * @module
 */
import { type Cipher, createCipheriv, randomFillSync } from 'node:crypto';

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
  const cipher = keystreamCipher('seededRandom', seed, nonce);
  return {
    fill(bytes: Uint8Array): void {
      bytes.fill(0);
      const ks = cipher.update(bytes);
      bytes.set(ks);
    },
  };
}

function keystreamCipher(fn: string, seed: Uint8Array, nonce: number): Cipher {
  if (seed.length !== 32)
    throw new RangeError(`${fn}: expected a 32-byte seed, got ${seed.length}`);
  if (!Number.isInteger(nonce) || nonce < 0 || nonce > 0xffff_ffff)
    throw new RangeError(`${fn}: expected a u32 nonce, got ${nonce}`);
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setUint32(0, nonce, true);
  return createCipheriv('aes-256-ctr', seed, iv);
}

/**
 * The first `length` bytes of the keystream of {@link seededRandom}(seed, nonce), as a fresh
 * array: the hot path of share-seed expansion, without the zero-fill and copy of `fill`.
 */
export function keystream(seed: Uint8Array, nonce: number, length: number): Uint8Array {
  return keystreamCipher('keystream', seed, nonce).update(new Uint8Array(length));
}
