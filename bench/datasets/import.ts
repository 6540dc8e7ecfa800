/**
 * Import and decode throughput of datasets (issue 8): generates a CSV of `rows` employees (id,
 * salary as decimal(2) in [20000.00, 2000000.00], gender category), imports it into a store file
 * with a schema, then loads the job columns as the runner does (src/node/runner/columns.ts), and
 * prints one JSON line: `{ "bench": "dataset-import", rows, csvMB, importSeconds, decodeSeconds }`.
 * Checks the decoded columns against the generated plaintext (sum of cents, label counts).
 *
 * Usage: `npm run build && node dist/bench/datasets/import.js [rows]` (default 1,000,000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDataset } from '../../src/node/datasets/import.js';
import { loadDatasetColumns } from '../../src/node/runner/columns.js';
import { openStore } from '../../src/node/store/db.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const LABELS = ['F', 'M', 'X'];
let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
function generate(): string {
  const parts: string[] = ['id,salary,gender\n'];
  for (let i = 0; i < rows; i++) {
    const cents = 2_000_000 + Math.floor(rand() * 198_000_001);
    const g = Math.floor(rand() * 3);
    sum += BigInt(cents);
    counts[g]!++;
    parts.push(
      `emp-${i},${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')},${LABELS[g]!}\n`,
    );
  }
  return parts.join('');
}
let sum = 0n;
const counts = [0, 0, 0];
const schema = {
  columns: [
    { name: 'id', type: 'identifier', normalize: ['trim', 'lower'] },
    { name: 'salary', type: 'decimal', scale: 2, min: '20000.00', max: '2000000.00', unit: 'EUR' },
    { name: 'gender', type: 'category', labels: LABELS },
  ],
};
const dir = await mkdtemp(join(tmpdir(), 'parley-bench-ds-'));
try {
  const path = join(dir, 'store.sqlite');
  // Import: the CSV text as the REST route receives it.
  let csvMB = 0;
  let importSeconds = 0;
  let id = '';
  {
    const csv = generate();
    csvMB = csv.length / 2 ** 20;
    const store = openStore(path);
    try {
      const t = performance.now();
      id = importDataset(store, { name: 'payroll', csv, schema }).id;
      importSeconds = (performance.now() - t) / 1000;
    } finally {
      store.close();
    }
  }
  // Decode at job time: a fresh store handle, the CSV long gone (as in the runner).
  const store = openStore(path);
  try {
    const t = performance.now();
    const cols = loadDatasetColumns(store, id);
    const decodeSeconds = (performance.now() - t) / 1000;
    const salary = cols['salary']!.values;
    const gender = cols['gender']!.values;
    let s = 0n;
    for (const v of salary) s += v;
    const c = [0, 0, 0];
    for (const v of gender) c[Number(v)]!++;
    const checked =
      s === sum && c.every((x, k) => x === counts[k]) && cols['id']!.values.length === rows;
    console.log(
      JSON.stringify({
        bench: 'dataset-import',
        rows,
        csvMB: Number(csvMB.toFixed(1)),
        importSeconds: Number(importSeconds.toFixed(2)),
        decodeSeconds: Number(decodeSeconds.toFixed(2)),
        checked,
      }),
    );
    if (!checked) process.exitCode = 1;
  } finally {
    store.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
