/**
 * Secure matrices: a secure integer or fixed-point vector read row-major as rows × cols. The
 * shape is public. Linear operations go through the vector (`A.vec.add(B.vec)`); this class adds
 * what needs the shape: products, transposition, rows and columns, and sorting rows by a column.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import type { FpVec } from '../field/vec.js';
import { fxpMatmul, matmul } from '../protocols/linalg.js';
import { type SortRowsOptions, sortRows } from '../protocols/sort.js';
import { type PartyName, transposeShares } from './base.js';
import type { Decoded } from './codec.js';
import type { SecFxpVector } from './fxp.js';
import type { SecIntVector } from './int.js';

/**
 * A rows × cols matrix over a secure vector of rows · cols elements, row-major.
 * @example
 * ```ts
 * const A = mpc.matrix(await mpc.input(undefined, { from: 'acme', length: 6 }), 2, 3);
 * ```
 */
export class SecMatrix<V extends SecIntVector | SecFxpVector> {
  readonly vec: V;
  readonly rows: number;
  readonly cols: number;

  /** Reads `vec` as `rows` × `cols`. @throws {MpcProtocolError} if the sizes do not match. */
  constructor(vec: V, rows: number, cols: number) {
    if (
      !Number.isSafeInteger(rows) ||
      !Number.isSafeInteger(cols) ||
      rows < 0 ||
      cols < 0 ||
      rows * cols !== vec.length
    ) {
      throw new MpcProtocolError(`matrix: expected ${rows} × ${cols} elements, got ${vec.shape}.`, {
        rows,
        cols,
        vec: vec.shape,
      });
    }
    this.vec = vec;
    this.rows = rows;
    this.cols = cols;
  }

  /** The type and shape, for messages: `secint(64)[2×3]`. */
  get shape(): string {
    return `${this.vec.shape.replace(/\[\d+\]$/, '')}[${this.rows}×${this.cols}]`;
  }

  private with(share: FpVec | null, rows: number, cols: number): SecMatrix<V> {
    return new SecMatrix<V>(this.vec.derive(share, rows * cols) as V, rows, cols);
  }

  /**
   * The matrix product this · B (rows × B.cols): one local kernel product and one degree
   * reduction of rows · B.cols elements (1 round, whatever the inner dimension); fixed point adds
   * one truncation of the result.
   * @throws {MpcProtocolError} if the inner dimensions differ; {@link TypeError} if the types do.
   * @example
   * ```ts
   * const C = await A.matmul(B);
   * ```
   */
  matmul(b: SecMatrix<V>): Promise<SecMatrix<V>> {
    const a = this.vec;
    if (a.session !== b.vec.session) {
      throw new MpcProtocolError('matmul: operands belong to different sessions.');
    }
    if (a.shape.replace(/\[\d+\]$/, '') !== b.vec.shape.replace(/\[\d+\]$/, '')) {
      throw new TypeError(
        `matmul: expected operands of one type, got ${this.shape} and ${b.shape}`,
      );
    }
    if (this.cols !== b.rows) {
      throw new MpcProtocolError(
        `matmul: expected inner dimensions to agree, got ${this.shape} and ${b.shape}.`,
        { left: this.shape, right: b.shape },
      );
    }
    const [m, k, n] = [this.rows, this.cols, b.cols];
    const [x, y, type, rt] = [a.share, b.vec.share, a.type, a.session.runtime];
    return a.session.schedule(async () => {
      if (x === null) return this.with(null, m, n);
      const out =
        type.kind === 'int'
          ? await matmul(rt, x, y!, m, k, n)
          : await fxpMatmul(rt, x, y!, m, k, n, type);
      return this.with(out, m, n);
    });
  }

  /**
   * The transpose (cols × rows). Local (a permutation of the shares).
   * @example
   * ```ts
   * const At = A.transpose();
   * ```
   */
  transpose(): SecMatrix<V> {
    const { rows, cols } = this;
    const v = this.vec.share;
    return this.with(v === null ? null : transposeShares(v, rows, cols), cols, rows);
  }

  /**
   * Row `i` as a vector of length cols. Local.
   * @example
   * ```ts
   * const first = A.row(0);
   * ```
   */
  row(i: number): V {
    this.checkIndex('row', i, this.rows);
    return this.vec.slice(i * this.cols, (i + 1) * this.cols) as V;
  }

  /**
   * Column `j` as a vector of length rows. Local.
   * @example
   * ```ts
   * const ages = people.col(1);
   * ```
   */
  col(j: number): V {
    this.checkIndex('col', j, this.cols);
    return this.transpose().row(j);
  }

  /**
   * The rows sorted by column `key` (ascending; `{ descending: true }` for largest first;
   * `{ stable: true }` keeps rows with equal keys in input order): Batcher's odd–even merge sort
   * moving whole rows, one comparison and one multiplication round per layer.
   * @example
   * ```ts
   * const byAge = await people.sortRows(1, { descending: true, stable: true });
   * ```
   */
  sortRows(key: number, options: SortRowsOptions = {}): Promise<SecMatrix<V>> {
    this.checkIndex('sortRows', key, this.cols);
    const { session, share, type } = this.vec;
    return session.schedule(async () => {
      if (share === null) return this.with(null, this.rows, this.cols);
      const out = await sortRows(session.runtime, share, this.cols, key, type.k, options);
      return this.with(out, this.rows, this.cols);
    });
  }

  /**
   * Reveals the matrix to `recipient` (or each of several), as an array of rows; null elsewhere.
   * See {@link SecureVector.revealTo}.
   * @example
   * ```ts
   * const rows = await C.revealTo('analyst'); // [[...], [...]] there, null elsewhere
   * ```
   */
  async revealTo(
    recipient: PartyName | readonly PartyName[],
  ): Promise<Decoded<V['type']>[] | null> {
    return this.toRows(await this.vec.revealTo(recipient));
  }

  /**
   * Opens the matrix to every member, as an array of rows; null on non-members.
   * @example
   * ```ts
   * const rows = await C.open();
   * ```
   */
  async open(): Promise<Decoded<V['type']>[] | null> {
    return this.toRows(await this.vec.open());
  }

  private toRows(flat: unknown[] | null): Decoded<V['type']>[] | null {
    if (flat === null) return null;
    return Array.from(
      { length: this.rows },
      (_, i) => flat.slice(i * this.cols, (i + 1) * this.cols) as Decoded<V['type']>,
    );
  }

  private checkIndex(op: string, i: number, bound: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= bound) {
      throw new RangeError(`${op}: expected an index in [0, ${bound}), got ${i} for ${this.shape}`);
    }
  }
}
