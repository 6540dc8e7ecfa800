import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  END,
  START,
  aggregate,
  parseLines,
  renderSection,
  replaceSection,
} from '../../scripts/perf-table.js';

/** Output of a benchmark run as `npm run bench:mpc > out` records it (with npm's banner). */
const SAMPLE = [
  '',
  '> parley@0.1.0 bench:mpc',
  '> npm run build && node dist/bench/mpc/bench.js',
  '{"op":"env","node":"v20.20.2","kernels":"wasm","transport":"tls","parties":3,"t":1,"cpus":2,"cpu":"AMD EPYC","date":"2026-11-21T13:00:00.000Z"}',
  '{"op":"input","n":2200000,"parties":3,"seconds":0.9,"ops_per_s":2444444,"rounds":1,"bytes_per_op":5.33,"kernels":"wasm","transport":"tls"}',
  '{"op":"mul","n":1000000,"parties":3,"seconds":0.8,"ops_per_s":1250000,"rounds":1,"bytes_per_op":32,"kernels":"wasm","transport":"tls","run":0,"load1":2.5}',
  '{"op":"mul","n":1000000,"parties":3,"seconds":1.2,"ops_per_s":833333,"rounds":1,"bytes_per_op":32,"kernels":"wasm","transport":"tls","run":1}',
  '{"op":"mul","n":1000000,"parties":3,"seconds":0.9,"ops_per_s":1111111,"rounds":1,"bytes_per_op":32,"kernels":"wasm","transport":"tls","run":2,"load1":7}',
  '{"op":"lt","n":100000,"parties":3,"seconds":10,"ops_per_s":10000,"rounds":9,"bytes_per_op":900,"cpu_s":12.5,"kernels":"wasm","transport":"tls"}',
  '{"op":"sort","n":1000,"parties":3,"seconds":2.5,"ops_per_s":400,"rounds":60,"bytes_per_op":5000,"kernels":"wasm","transport":"tls"}',
  '{"op":"sort","n":10000,"parties":3,"seconds":40,"ops_per_s":250,"rounds":80,"bytes_per_op":7000,"kernels":"wasm","transport":"tls"}',
  '',
].join('\n');

describe('perf-table', () => {
  test('parses benchmark lines, skipping banners, and keeps the env line apart', () => {
    const parsed = parseLines(SAMPLE);
    assert.equal(parsed.envs.length, 1);
    assert.deepEqual(
      parsed.lines.map((l) => l.op),
      ['input', 'mul', 'mul', 'mul', 'lt', 'sort', 'sort'],
    );
  });

  test('rejects a truncated line and a line without a numeric field, naming the line', () => {
    assert.throws(() => parseLines('{"op":"mul","n":1'), /line 1 is not valid JSON/);
    assert.throws(
      () => parseLines('\n{"op":"mul","n":1,"seconds":1,"ops_per_s":1,"rounds":1}'),
      /line 2 \(mul\) has no numeric bytes_per_op/,
    );
  });

  test('groups repeated runs: median and minimum time, rate from the median', () => {
    const rows = aggregate(parseLines(SAMPLE).lines);
    const mul = rows.find((r) => r.op === 'mul')!;
    assert.equal(mul.runs, 3);
    assert.equal(mul.median, 0.9);
    assert.equal(mul.min, 0.8);
    assert.equal(Math.round(mul.opsPerS), 1_111_111);
    assert.deepEqual(
      rows.map((r) => `${r.op}:${r.n}`),
      ['input:2200000', 'mul:1000000', 'lt:100000', 'sort:1000', 'sort:10000'],
    );
  });

  test('renders one row per op and size, with targets and the published figures', () => {
    const md = renderSection(parseLines(SAMPLE));
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    assert.equal(rows.length, 2 + 5, 'header, separator and five rows');
    assert.match(md, /transport tls, kernels wasm, Node v20\.20\.2/);
    assert.match(md, /1-minute load average 2\.5–7 during the runs/);
    const row = (prefix: string): string => rows.find((r) => r.startsWith(prefix))!;
    assert.match(row('| mul | 1,000,000 |'), /\| 0\.900 \| 0\.800 \| 3 \| 1,111,111 \| 1 \| 32 \|/);
    assert.match(row('| mul |'), /≥ 1,000,000\/s ✅/);
    assert.match(row('| mul |'), /MPyC 242,000\/s/);
    assert.match(row('| lt |'), /≥ 20,000\/s ❌/);
    assert.match(row('| input |'), /\| 1 \| 5\.33 \|/, 'small byte counts keep two decimals');
    assert.match(row('| lt |'), /\| 900 \| 12\.5 \|/, 'CPU seconds when recorded');
    assert.match(row('| mul |'), /\| 32 \| {2}\|/, 'an empty CPU cell when not recorded');
    assert.match(row('| sort | 1,000 |'), /≤ 3 s ✅ \| MPyC 27 s \|/);
    assert.doesNotMatch(row('| sort | 10,000 |'), /MPyC|✅|❌/);
  });

  test('replaces only the text between the markers', () => {
    const readme = `# X\n\n## Performance\n\nintro\n\n${START}\nold table\n${END}\n\n## License\n`;
    const out = replaceSection(readme, 'new table\n');
    assert.equal(
      out,
      `# X\n\n## Performance\n\nintro\n\n${START}\nnew table\n${END}\n\n## License\n`,
    );
    assert.equal(replaceSection(out, 'new table\n'), out, 'idempotent');
  });

  test('refuses a README without exactly one pair of markers', () => {
    assert.throws(() => replaceSection('# X\n', 't'), /exactly one/);
    assert.throws(() => replaceSection(`${END}\n${START}\n`, 't'), /exactly one/);
    assert.throws(() => replaceSection(`${START}${END}${START}${END}`, 't'), /exactly one/);
  });
  test('the input phases of two fields are two rows, and a field column tells them apart', () => {
    const two = [
      '{"op":"input","field":"p127","n":300,"parties":3,"seconds":0.1,"ops_per_s":3000,"rounds":1,"bytes_per_op":5,"kernels":"wasm","transport":"tls"}',
      '{"op":"input","field":"p255","n":300,"parties":3,"seconds":0.2,"ops_per_s":1500,"rounds":1,"bytes_per_op":10,"kernels":"wasm","transport":"tls"}',
    ].join('\n');
    const rows = aggregate(parseLines(two).lines);
    assert.deepEqual(
      rows.map((r) => [r.op, r.field, r.median]),
      [
        ['input', 'p127', 0.1],
        ['input', 'p255', 0.2],
      ],
    );
    const md = renderSection(parseLines(two));
    assert.match(md, /\| op \| n \| field \| seconds \|/);
    assert.match(md, /\| input \| 300 \| p255 \| /);
    // One field: no field column (the table stays as it was).
    assert.doesNotMatch(renderSection(parseLines(SAMPLE)), /\| field \|/);
  });
});
