/**
 * Cell codecs: one CSV cell (text) to its stored encoding (a decimal integer string, or the raw
 * id for identifiers) under a column spec, and the checks that go with it. No floating point: every
 * number is parsed exactly with bigints. The regular expressions are anchored and linear (no
 * nested quantifiers), so a long cell costs time linear in its length.
 *
 * Encodings (see docs/datasets.md):
 * - `integer`: the integer, -2^(bits-1) <= v < 2^(bits-1).
 * - `decimal` (scale s): v = x · 10^s exactly (cents for s = 2), -2^63 <= v < 2^63.
 * - `fixed`: v = round(x · 2^32), ties away from zero, |x| < 2^63 (the wide engine's k = 96,
 *   f = 32), so |v| < 2^95.
 * - `boolean`: 1 or 0. `category`: the 0-based label index.
 * - `date`: days since 1970-01-01 (negative before), years 0001..9999.
 * - `timestamp`: seconds (resolution `s`) or milliseconds (`ms`) since 1970-01-01T00:00:00Z.
 * - `identifier`: the raw text is stored; the job-time encoding is {@link identifierEncoding}.
 *
 * A failed check is a {@link CellProblem}: what was expected and what kind of text was found,
 * never the text itself (a cell can be secret).
 *
 * @module
 */
import * as crypto from 'node:crypto';

/** Fractional bits of `fixed` columns (the wide engine format f = 32). */
export const FIXED_FRACTION_BITS = 32;
/** `fixed` values satisfy |x| < 2^FIXED_INTEGER_BITS (k - f - 1 with k = 96). */
export const FIXED_INTEGER_BITS = 63;
/** Largest decimal scale (10^18 < 2^63, so at least one integer digit remains). */
export const MAX_DECIMAL_SCALE = 18;
/** Identifier encodings have this many bits (fits p = 2^127 - 1 and p = 2^255 - 19). */
export const IDENTIFIER_BITS = 120;
/** Domain separation prefix of identifier encodings. */
export const IDENTIFIER_DOMAIN = 'parley-identifier/1\0';
/** Longest identifier, in UTF-16 code units. */
export const MAX_IDENTIFIER_LENGTH = 1024;

export type IdNormalization = 'trim' | 'nfc' | 'nfkc' | 'lower';
/** Canonical application order of normalisation steps. */
export const NORMALIZATION_ORDER: readonly IdNormalization[] = ['trim', 'nfc', 'nfkc', 'lower'];

/** Why a cell was refused: `problem` is a phrase about the kind of text, never the text. */
export interface CellProblem {
  readonly problem: string;
}

const INT_RE = /^([+-]?)(\d+)$/;
/** sign, integer digits, fraction digits, exponent. */
const NUM_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/;
/** 1,234 / 1 234 / 1'234 / 1.234,5 and the like: digits in groups of three. */
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:[, '\u00a0\u202f]\d{3})+(?:\.\d*)?$/;
const EURO_THOUSANDS_RE = /^[+-]?\d{1,3}(?:\.\d{3})+,\d*$/;
const DECIMAL_COMMA_RE = /^[+-]?\d+,\d+$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** A parsed finite decimal: value = sign · digits · 10^exp. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exp: number;
}

/**
 * What kind of text a non-number cell is, for messages ("got text"); never the text itself.
 * @example
 * ```ts
 * describeNonNumber('50,000.00'); // 'a number with a thousands separator (…)'
 * ```
 */
export function describeNonNumber(cell: string): string {
  const s = cell.trim();
  if (s === '') return 'an empty cell';
  if (THOUSANDS_RE.test(s) || EURO_THOUSANDS_RE.test(s)) {
    return 'a number with a thousands separator (thousands separators are not allowed: write 50000.00, not 50,000.00)';
  }
  if (DECIMAL_COMMA_RE.test(s)) return 'a number with a decimal comma (write a decimal point)';
  return 'text';
}

/**
 * Whether the cell looks like a number with thousands separators or a decimal comma.
 * @example
 * ```ts
 * hasThousandsSeparator('1 234'); // true
 * ```
 */
export function hasThousandsSeparator(cell: string): boolean {
  const s = cell.trim();
  return THOUSANDS_RE.test(s) || EURO_THOUSANDS_RE.test(s) || DECIMAL_COMMA_RE.test(s);
}

/**
 * Parses a finite decimal (`12`, `-0.07`, `.5`, `1.5e3`), surrounding spaces allowed.
 * @example
 * ```ts
 * parseDecimal('-1.25'); // { negative: true, digits: 125n, exp: -2 }
 * ```
 */
export function parseDecimal(cell: string): Decimal | undefined {
  const m = NUM_RE.exec(cell.trim());
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  // Drop leading zeros of the integer part and trailing zeros of the fraction (exactly).
  let f = frac;
  let e = Number(exp);
  let k = f.length;
  while (k > 0 && f.charCodeAt(k - 1) === 0x30) k--;
  f = f.slice(0, k);
  const all = (int + f).replace(/^0+/, '');
  if (all.length > 400) return undefined;
  e -= f.length;
  const digits = all === '' ? 0n : BigInt(all);
  return { negative: sign === '-' && digits !== 0n, digits, exp: digits === 0n ? 0 : e };
}

/**
 * Parses a plain integer cell (no point, no exponent, at most 40 digits); undefined otherwise.
 * @example
 * ```ts
 * parseIntegerCell(' -42 '); // -42n
 * ```
 */
export function parseIntegerCell(cell: string): bigint | undefined {
  const m = INT_RE.exec(cell.trim());
  if (m === null || m[2]!.length > 40) return undefined;
  return BigInt(cell.trim());
}

/**
 * The decimal scaled to an integer at `scale`, or undefined if it has more digits than that
 * (never rounded).
 * @example
 * ```ts
 * decimalToScaled(parseDecimal('-0.07')!, 2); // -7n
 * ```
 */
export function decimalToScaled(d: Decimal, scale: number): bigint | undefined {
  const e = d.exp + scale;
  if (e < 0) return undefined;
  if (e > 400) return undefined;
  const v = d.digits * 10n ** BigInt(e);
  return d.negative ? -v : v;
}

/**
 * round(x · 2^f), ties away from zero, exactly.
 * @example
 * ```ts
 * decimalToFixed(parseDecimal('0.5')!, 32); // 2147483648n
 * ```
 */
export function decimalToFixed(d: Decimal, f: number = FIXED_FRACTION_BITS): bigint | undefined {
  if (d.exp > 400 || d.exp < -400) return undefined;
  let num = d.digits << BigInt(f);
  let den = 1n;
  if (d.exp >= 0) num *= 10n ** BigInt(d.exp);
  else den = 10n ** BigInt(-d.exp);
  const q = (2n * num + den) / (2n * den);
  return d.negative ? -q : q;
}

/**
 * Parses a decimal cell to round(x · 2^f), ties away from zero (no floating point).
 * @example
 * ```ts
 * parseFixed('1.5'); // 6442450944n (1.5 · 2^32)
 * ```
 */
export function parseFixed(cell: string, f: number = FIXED_FRACTION_BITS): bigint | undefined {
  const d = parseDecimal(cell);
  return d === undefined ? undefined : decimalToFixed(d, f);
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (years 1..9999), or undefined if it is
 * not a date.
 * @example
 * ```ts
 * daysFromCivil(1970, 1, 2); // 1
 * ```
 */
export function daysFromCivil(y: number, m: number, d: number): number | undefined {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const dim =
    m === 2 ? (isLeap(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (d > dim) return undefined;
  // Howard Hinnant's days_from_civil.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The civil date of a day number (inverse of {@link daysFromCivil}), as YYYY-MM-DD.
 * @example
 * ```ts
 * civilFromDays(-1); // '1969-12-31'
 * ```
 */
export function civilFromDays(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses `YYYY-MM-DD` to days since 1970-01-01; undefined for anything else or a day that does
 * not exist.
 * @example
 * ```ts
 * parseDate('2026-02-30'); // undefined
 * ```
 */
export function parseDate(cell: string): number | undefined {
  const m = DATE_RE.exec(cell.trim());
  if (m === null) return undefined;
  return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Result of parsing a timestamp: nanoseconds since the epoch and the fraction digits. */
export interface ParsedTimestamp {
  /** Since 1970-01-01T00:00:00Z, in units of 10^-9 s (exact). */
  readonly nanos: bigint;
  readonly fractionDigits: number;
}

/**
 * Parses ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`; the offset is required.
 * @example
 * ```ts
 * parseTimestamp('1970-01-01T01:00:00+01:00')?.nanos; // 0n
 * ```
 */
export function parseTimestamp(cell: string): ParsedTimestamp | undefined {
  const m = TIMESTAMP_RE.exec(cell.trim());
  if (m === null) return undefined;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  const hh = Number(m[4]);
  const mi = Number(m[5]);
  const ss = Number(m[6]);
  if (days === undefined || hh > 23 || mi > 59 || ss > 59) return undefined;
  const frac = m[7] ?? '';
  const tz = m[8]!;
  let off = 0;
  if (tz !== 'Z') {
    const oh = Number(tz.slice(1, 3));
    const om = Number(tz.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    off = (tz[0] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const secs = BigInt(days) * 86400n + BigInt(hh * 3600 + mi * 60 + ss - off);
  const nanos = secs * 1_000_000_000n + BigInt(frac.padEnd(9, '0') || '0');
  return { nanos, fractionDigits: frac.replace(/0+$/, '').length };
}

/**
 * Formats epoch seconds or milliseconds as ISO 8601 UTC (`…Z`), for messages and bounds.
 * @example
 * ```ts
 * formatTimestamp(1500n, 'ms'); // '1970-01-01T00:00:01.500Z'
 * ```
 */
export function formatTimestamp(v: bigint, resolution: 's' | 'ms'): string {
  const ms = resolution === 's' ? v * 1000n : v;
  const days = Number(ms / 86_400_000n - (ms % 86_400_000n < 0n ? 1n : 0n));
  const rest = Number(ms - BigInt(days) * 86_400_000n);
  const hh = Math.floor(rest / 3_600_000);
  const mi = Math.floor((rest % 3_600_000) / 60_000);
  const ss = Math.floor((rest % 60_000) / 1000);
  const f = rest % 1000;
  const p2 = (x: number): string => String(x).padStart(2, '0');
  const frac = resolution === 'ms' && f !== 0 ? `.${String(f).padStart(3, '0')}` : '';
  return `${civilFromDays(days)}T${p2(hh)}:${p2(mi)}:${p2(ss)}${frac}Z`;
}

/**
 * Formats a scaled decimal integer with exactly `scale` digits after the point.
 * @example
 * ```ts
 * formatScaled(-7n, 2); // '-0.07'
 * ```
 */
export function formatScaled(v: bigint, scale: number): string {
  if (scale === 0) return v.toString();
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

/**
 * Applies identifier normalisation steps in canonical order (trim, Unicode form, lower case).
 * `lower` is String.prototype.toLowerCase (locale-independent Unicode default case mapping).
 * @example
 * ```ts
 * normalizeIdentifier(' Ab ', ['trim', 'lower']); // 'ab'
 * ```
 */
export function normalizeIdentifier(raw: string, steps: readonly IdNormalization[]): string {
  let s = raw;
  if (steps.includes('trim')) s = s.trim();
  if (steps.includes('nfc')) s = s.normalize('NFC');
  if (steps.includes('nfkc')) s = s.normalize('NFKC');
  if (steps.includes('lower')) s = s.toLowerCase();
  return s;
}

type OneShotHash = (alg: string, data: string, enc: 'hex') => string;
const oneShot: OneShotHash | undefined = (crypto as unknown as { hash?: OneShotHash }).hash;

/**
 * The job-time encoding of an identifier: the first 120 bits (big-endian) of
 * SHA-256(`parley-identifier/1\0` ‖ UTF-8(normalised id)), as a bigint in [0, 2^120).
 * Two different normalised ids collide with probability 2^-120 per pair; for up to
 * N = 7 · 10^7 ids in all (10^7 per party, 7 parties) the union bound is N²/2 · 2^-120 < 2^-68.
 * @example
 * ```ts
 * identifierEncoding('alice') < 1n << 120n; // true
 * ```
 */
export function identifierEncoding(normalized: string): bigint {
  const hex =
    oneShot !== undefined
      ? oneShot('sha256', IDENTIFIER_DOMAIN + normalized, 'hex')
      : crypto
          .createHash('sha256')
          .update(IDENTIFIER_DOMAIN + normalized, 'utf8')
          .digest('hex');
  return BigInt('0x' + hex.slice(0, IDENTIFIER_BITS / 4));
}
