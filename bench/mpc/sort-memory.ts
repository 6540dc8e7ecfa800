/**
 * Quick figure for the oblivious sort: 3 parties (t = 1) in one process over the memory
 * transport, sorting n random signed k-bit values. Prints one JSON line per size with the
 * seconds, rounds and payload bytes sent per party, after checking the opened result against
 * the plaintext sort (a wrong result exits non-zero instead of printing a figure).
 *
 * Usage: node dist/bench/mpc/sort-memory.js [n ...] [--k bits] [--rows w]
 *   (default: n = 1000, k = 32; --rows w sorts n rows of w values by column 0 instead)
 *
 * The parties share one thread, so `seconds` (wall clock of the sort) is the sum of the three
 * parties' local work plus the in-process message passing, with no network latency; `cpu_seconds`
 * is the CPU time of the whole process (input and check included), which stays meaningful on a
 * loaded machine.
 *
 * @module
 */
import { fields } from '../../src/mpc/field/prime-field.js';
import { randomFillSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { partyId } from '../../src/mpc/channel.js';
import { P127 } from '../../src/mpc/field/fp.js';
import { kernels } from '../../src/mpc/field/kernels.js';
import { fpFromBigInts, fpToBigInts } from '../../src/mpc/field/vec.js';
import { oddEvenMergeSortNetwork } from '../../src/mpc/protocols/network.js';
import { sort, sortRows } from '../../src/mpc/protocols/sort.js';
import { Runtime } from '../../src/mpc/runtime/runtime.js';
import { memoryNetwork } from '../../src/net/memory.js';

const { values, positionals } = parseArgs({
  options: { k: { type: 'string', default: '32' }, rows: { type: 'string', default: '0' } },
  allowPositionals: true,
});
const k = Number(values.k);
const w = Number(values.rows);
const sizes = positionals.length > 0 ? positionals.map(Number) : [1000];

function randomSigned(count: number): bigint[] {
  const words = new BigUint64Array(count);
  randomFillSync(words);
  const half = 1n << BigInt(k - 1);
  return Array.from(words, (x) => (x % (2n * half)) - half);
}

const decode = (x: bigint): bigint => (x > P127 >> 1n ? x - P127 : x);

for (const n of sizes) {
  const width = w > 0 ? w : 1;
  const xs = randomSigned(n * width);
  const ids = ['p1', 'p2', 'p3'].map(partyId);
  const net = memoryNetwork(ids, { timeoutMs: 600_000 });
  let seconds = 0;
  const cpu0 = process.cpuUsage();
  try {
    const results = await Promise.all(
      net.channels.map(async (channel) => {
        const rt = new Runtime({ channel, committee: ids, t: 1 });
        const x = await rt.input(
          ids[0]!,
          rt.index === 1 ? fpFromBigInts(fields.p127, xs) : xs.length,
        );
        const start = performance.now();
        const r0 = rt.stats.rounds;
        const b0 = rt.stats.bytesSent;
        const y = w > 0 ? await sortRows(rt, x!, w, 0, k) : await sort(rt, x!, k);
        const s = (performance.now() - start) / 1000;
        const stats = { rounds: rt.stats.rounds - r0, bytes: rt.stats.bytesSent - b0 };
        const opened = fpToBigInts(await rt.open(y)).map(decode);
        return { s, stats, opened };
      }),
    );
    seconds = Math.max(...results.map((r) => r.s));
    const cpu = process.cpuUsage(cpu0);
    const keys = results[0]!.opened.filter((_, i) => i % width === 0);
    const want = xs.filter((_, i) => i % width === 0).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.some((v, i) => v !== want[i])) {
      console.error(`sort-memory: WRONG RESULT for n = ${n}`);
      process.exit(1);
    }
    const net0 = oddEvenMergeSortNetwork(n);
    console.log(
      JSON.stringify({
        op: w > 0 ? 'sortRows' : 'sort',
        n,
        w: width,
        k,
        parties: 3,
        t: 1,
        transport: 'memory',
        kernels: kernels().name,
        seconds: Number(seconds.toFixed(3)),
        // CPU of all three parties together (this process), input and check included.
        cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
        layers: net0.layers.length,
        comparators: net0.comparators,
        rounds: results[0]!.stats.rounds,
        bytes_sent_per_party: Math.max(...results.map((r) => r.stats.bytes)),
      }),
    );
  } finally {
    await net.close();
  }
}
