/**
 * Key pairs and self-signed X.509 certificates for TLS between parties, without dependencies:
 * keys come from `node:crypto`, and the certificate is a minimal DER encoding of an X.509 v3
 * certificate [RFC5280] signed with the party's own key.
 *
 * Trust model: certificates here carry no authority. A peer is identified by the SHA-256
 * fingerprint of its SubjectPublicKeyInfo (SPKI) DER, pinned in the configuration (the member's
 * "TLS public key" on the ledger). Validity dates, names and extensions are informational; TLS
 * verification is replaced by an explicit pin check (see `tls.ts`). Rotating a key means
 * registering a new fingerprint.
 *
 * Key type: ECDSA P-256 with SHA-256 (default) or Ed25519; both are accepted by Node 20's
 * TLS 1.3 (OpenSSL 3) as server and client certificates, checked in test/net/x509.test.ts.
 *
 * @module
 */
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { NetConfigError } from './errors.js';

/** Key algorithm of a party's TLS identity. */
export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

/** A party's TLS identity. `key` is secret: never log it or put it in an error. */
export interface TlsIdentity {
  /** The private key, PKCS#8 PEM. Secret. */
  readonly key: string;
  /** The self-signed certificate, PEM. Public. */
  readonly cert: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, lowercase hex (64 chars). Public. */
  readonly fingerprint: string;
}

export interface GenerateIdentityOptions {
  /** Default `'ecdsa-p256'`. */
  readonly algorithm?: KeyAlgorithm;
  /** Certificate lifetime in days from now (default 3650). Informational only (see module doc). */
  readonly validityDays?: number;
}

/** A public-key fingerprint: 64 lowercase hex chars. */
export const FINGERPRINT_RE: RegExp = /^[0-9a-f]{64}$/;

// --- minimal DER encoder (X.690), enough for one certificate -------------------------------

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const len = content.reduce((s, c) => s + c.length, 0);
  const l = derLength(len);
  const out = new Uint8Array(1 + l.length + len);
  out[0] = tag;
  out.set(l, 1);
  let off = 1 + l.length;
  for (const c of content) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

const seq = (...c: Uint8Array[]): Uint8Array => tlv(0x30, ...c);
const set = (...c: Uint8Array[]): Uint8Array => tlv(0x31, ...c);
const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
const bool = (b: boolean): Uint8Array => tlv(0x01, Uint8Array.of(b ? 0xff : 0));
const octets = (c: Uint8Array): Uint8Array => tlv(0x04, c);
const bitString = (c: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), c);
const explicit = (n: number, c: Uint8Array): Uint8Array => tlv(0xa0 | n, c);

/** DER INTEGER from big-endian unsigned bytes (adds a 0 byte if the top bit is set). */
function uint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  return (v[0] ?? 0) & 0x80 ? tlv(0x02, Uint8Array.of(0), v) : tlv(0x02, v);
}

function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const out: number[] = [40 * a + b];
  for (const p of rest) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** UTCTime for 1950..2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5). */
function time(d: Date): Uint8Array {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest =
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds()) +
    'Z';
  const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
  return y >= 1950 && y < 2050
    ? tlv(0x17, ascii(p(y % 100) + rest))
    : tlv(0x18, ascii(p(y, 4) + rest));
}

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * SHA-256 of a public key's SubjectPublicKeyInfo DER, lowercase hex.
 * @example
 * ```ts
 * spkiFingerprint(new X509Certificate(peerCertPem).publicKey); // '3f1c…' (64 hex chars)
 * ```
 * @throws {NetConfigError} if `publicKey` is not a public key.
 */
export function spkiFingerprint(publicKey: KeyObject): string {
  if (publicKey.type !== 'public') {
    throw new NetConfigError('spkiFingerprint: expected a public key');
  }
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/**
 * The pinning fingerprint of a certificate (PEM string or DER bytes): SHA-256 of its SPKI DER.
 * @example
 * ```ts
 * const id = generateIdentity('acme');
 * certificateFingerprint(id.cert) === id.fingerprint; // true
 * ```
 */
export function certificateFingerprint(cert: string | Uint8Array): string {
  return spkiFingerprint(new X509Certificate(cert).publicKey);
}

/**
 * The pinning fingerprint of a private key (PEM): SHA-256 of its public key's SPKI DER.
 * The key itself is only read, never logged.
 * @example
 * ```ts
 * keyFingerprint(readFileSync('node.key', 'utf8')) === id.fingerprint; // true for id's key
 * ```
 */
export function keyFingerprint(privateKeyPem: string): string {
  return spkiFingerprint(createPublicKey(createPrivateKey(privateKeyPem)));
}

/**
 * Generates a key pair and a self-signed X.509 v3 certificate with subject `CN=<party>`.
 * The certificate allows both TLS server and client use (a party both listens and dials).
 *
 * @example
 * ```ts
 * const { key, cert, fingerprint } = generateIdentity('acme');
 * // publish `fingerprint` (e.g. on the ledger); keep `key` secret.
 * ```
 * @throws {NetConfigError} if `party` is not 1..64 chars of [A-Za-z0-9._-] or validityDays is bad.
 */
export function generateIdentity(
  party: string,
  options: GenerateIdentityOptions = {},
): TlsIdentity {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(party)) {
    throw new NetConfigError('generateIdentity: expected a party id of 1..64 chars [A-Za-z0-9._-]');
  }
  const algorithm = options.algorithm ?? 'ecdsa-p256';
  const days = options.validityDays ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new NetConfigError('generateIdentity: expected validityDays in 1..36500', {
      validityDays: String(days),
    });
  }
  const { privateKey, publicKey } =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const sigAlg = seq(oid(algorithm === 'ed25519' ? OID.ed25519 : OID.ecdsaWithSha256));
  const name = seq(set(seq(oid(OID.commonName), utf8(party))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive, at most 20 octets (RFC 5280 §4.1.2.2)
  const now = Date.now();
  const notBefore = new Date(now - 60 * 60 * 1000); // tolerate clock skew
  const notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
  const extensions = seq(
    seq(oid(OID.basicConstraints), bool(true), octets(seq())), // critical, CA:FALSE
    seq(oid(OID.keyUsage), bool(true), octets(tlv(0x03, Uint8Array.of(7, 0x80)))), // digitalSignature
    seq(oid(OID.extKeyUsage), octets(seq(oid(OID.serverAuth), oid(OID.clientAuth)))),
  );
  const tbs = seq(
    explicit(0, uint(Uint8Array.of(2))), // v3
    uint(serial),
    sigAlg,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(3, extensions),
  );
  // ECDSA: node emits the DER ECDSA-Sig-Value RFC 5480 expects; Ed25519: the raw 64 bytes.
  const signature = sign(algorithm === 'ed25519' ? null : 'sha256', tbs, privateKey);
  const der = seq(tbs, sigAlg, bitString(signature));
  return Object.freeze({
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: pem('CERTIFICATE', der),
    fingerprint: createHash('sha256').update(spki).digest('hex'),
  });
}
