/**
 * docs/programming.md shows exactly the code that runs: every ```ts block of the page is the
 * full text of a file under docs/examples/ (named by the `<!-- example: ... -->` line above it),
 * and this test runs those files and checks what the page says they return. The cost table is
 * measured here too; `PARLEY_UPDATE_DOCS=1` rewrites it instead of checking it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { BIDDERS, vickrey } from '../../../docs/examples/auction.js';
import { COMPANIES, type Payroll, payGap } from '../../../docs/examples/pay-gap.js';
import { main as quickstart } from '../../../docs/examples/quickstart.js';
import { runLocal } from '../../../docs/examples/run-local.js';
import { costTable, measureCosts } from './costs.js';

const root = new URL('../../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

test('every ts block of docs/programming.md is an example file, verbatim', () => {
  const doc = read('docs/programming.md');
  const blocks = [...doc.matchAll(/(?:<!-- example: (\S+) -->\n)?```ts\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 4, 'the page has examples');
  const shown = new Set<string>();
  for (const [, path, body] of blocks) {
    assert.ok(path !== undefined, `a ts block without an example marker: ${body!.slice(0, 60)}`);
    assert.equal(body, read(path), `${path} is shown verbatim`);
    shown.add(path);
  }
  for (const f of ['run-local.ts', 'quickstart.ts', 'pay-gap.ts', 'auction.ts'])
    assert.ok(shown.has(`docs/examples/${f}`), `docs/examples/${f} is shown`);
});

test('quickstart: only the regulator learns the mean', async () => {
  const out = await quickstart();
  assert.deepEqual(out, { acme: null, globex: null, initech: null, regulator: [4812.6875] });
});

test('pay gap: the regulator learns the means by gender and the verdict, nobody else anything', async () => {
  const payrolls: Record<string, Payroll> = {
    acme: { salaries: [180, 150.5, 210, 99.75], women: [true, false, false, true] },
    globex: { salaries: [130, 160, 140], women: [false, true, true] },
    initech: { salaries: [200.25, 120, 175, 190, 155.5], women: [false, true, false, true, false] },
  };
  const headcount = { acme: 4, globex: 3, initech: 5 };
  const run = (data: Record<string, Payroll>) =>
    runLocal(COMPANIES, ['regulator'], 1, (mpc) => payGap(mpc, data[mpc.self], headcount));
  const out = await run(payrolls);
  const all = Object.values(payrolls);
  const pays = all.flatMap((p) => p.salaries);
  const isW = all.flatMap((p) => p.women);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const w = mean(pays.filter((_, i) => isW[i]));
  const m = mean(pays.filter((_, i) => !isW[i]));
  for (const c of COMPANIES) assert.equal(out[c], null, `${c} learns nothing`);
  const r = out.regulator!;
  assert.ok(Math.abs(r.meanWomen - w) < 1e-3 && Math.abs(r.meanMen - m) < 1e-3, 'means');
  assert.equal(r.gapUnder5Percent, (m - w) / m < 0.05);
  assert.equal(r.gapUnder5Percent, false); // this data has a gap of about 12.9 %

  // A fairer payroll (gap about 4.0 %) passes.
  const fair = {
    ...payrolls,
    acme: { ...payrolls.acme!, salaries: [180, 150.5, 210, 180] },
    initech: { ...payrolls.initech!, salaries: [200.25, 130, 175, 190, 155.5] },
  };
  const out2 = await run(fair);
  assert.equal(out2.regulator!.gapUnder5Percent, true);
});

test('auction: everyone learns the winner and the second price, and nothing else', async () => {
  const bids: Record<string, bigint> = { alice: 120n, bob: 310n, carol: 250n, dave: 90n };
  const out = await runLocal(['s1', 's2', 's3'], BIDDERS, 1, (mpc) => vickrey(mpc, bids[mpc.self]));
  for (const party of ['s1', 's2', 's3', ...BIDDERS])
    assert.deepEqual(out[party], { winner: 'bob', price: 250n }, party);
});

test('the cost table of docs/programming.md is what the operations measure', async () => {
  const table = costTable(await measureCosts());
  const doc = read('docs/programming.md');
  const re = /<!-- costs:begin -->\n([\s\S]*?)<!-- costs:end -->/;
  assert.match(doc, re, 'the page has the cost table markers');
  if (process.env.PARLEY_UPDATE_DOCS === '1') {
    const updated = doc.replace(re, `<!-- costs:begin -->\n${table}\n<!-- costs:end -->`);
    writeFileSync(new URL('docs/programming.md', root), updated);
    return;
  }
  assert.equal(
    re.exec(doc)![1],
    `${table}\n`,
    'the cost table is out of date: run PARLEY_UPDATE_DOCS=1 node --test dist/test/mpc/secure/programming-doc.test.js',
  );
});
