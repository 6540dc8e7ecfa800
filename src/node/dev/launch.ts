/**
 * What `npm start` and `npm run demo` do (docs/local-consortium.md): a fresh run directory under
 * `.parley-local/` (the current directory's, or `$PARLEY_LOCAL_DIR`), the local consortium, the
 * pay-gap certification checked against the plaintext reference; then `start` keeps the nodes
 * running until Ctrl-C, `demo` stops everything and exits 0 (verified) or 1.
 *
 * @module
 */
import { mkdir, readdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { constants as osConstants } from 'node:os';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from './consortium.js';
import { formatAudit, formatCertificate, runPaygapCertification } from './paygap-demo.js';

/** Run directories kept under .parley-local/ (older ones are removed unless still in use). */
const KEEP_RUNS = 5;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Creates `<base>/<timestamp>` and points `<base>/latest` at it; prunes old idle runs. */
async function freshRunDir(base: string): Promise<string> {
  await mkdir(base, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(base, `run-${stamp}`);
  await mkdir(dir, { mode: 0o700 });
  await writeFile(join(dir, 'launcher.pid'), `${process.pid}\n`);
  await unlink(join(base, 'latest')).catch(() => undefined);
  await symlink(relative(base, dir), join(base, 'latest')).catch(() => undefined);
  const runs = (await readdir(base)).filter((n) => n.startsWith('run-')).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP_RUNS))) {
    const pid = Number(
      (await readFile(join(base, old, 'launcher.pid'), 'utf8').catch(() => '')).trim(),
    );
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    await rm(join(base, old), { recursive: true, force: true });
  }
  return dir;
}

const say = (line: string): void => {
  process.stdout.write(`[parley] ${line}\n`);
};

/**
 * Runs the local consortium and the certification.
 * @returns the process exit code.
 */
export async function launchLocal(mode: 'start' | 'demo'): Promise<number> {
  const base = resolve(process.env['PARLEY_LOCAL_DIR'] ?? '.parley-local');
  const root = await freshRunDir(base);
  say(`run directory ${root}`);
  let consortium: LocalConsortium | undefined;
  let stopping = false;
  /** Set once the certification was checked: 0 verified, 1 not. */
  let outcome: 0 | 1 | undefined;
  const stop = async (): Promise<void> => {
    if (consortium === undefined) return;
    say('stopping the nodes and anvil ...');
    await consortium.close();
    say('stopped.');
  };
  // Ctrl-C while starting or running: stop every child, then exit. For `start`, Ctrl-C after
  // the check is the normal end and exits with the check's outcome; an interrupted run (demo,
  // or start before the check) exits 128 + the signal number. A second Ctrl-C exits at once
  // (the children are still killed by their exit hooks).
  const onSignal = (signal: NodeJS.Signals): void => {
    const interrupted = 128 + (osConstants.signals[signal] ?? 2);
    if (stopping) process.exit(interrupted);
    stopping = true;
    say(`received ${signal}`);
    const code = mode === 'start' && outcome !== undefined ? outcome : interrupted;
    void stop().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const companies = DEFAULT_COMPANIES;
  const regulator = DEFAULT_REGULATOR;
  const threshold = 5;
  try {
    consortium = await startLocalConsortium({ root, names: [...companies, regulator], log: say });
    const c = consortium;
    const run = await runPaygapCertification(c, {
      companies,
      regulator,
      threshold,
      log: say,
    });
    const names = new Map(c.names.map((n) => [c.org(n).address.toLowerCase(), n]));
    if (run.outputs !== undefined) {
      say(`pay-gap certificate (job ${run.jobId}), as the regulator received it:`);
      for (const l of formatCertificate(run.outputs, companies, threshold)) say(l);
    }
    say(`audit trail (GET /v1/audit?job=${run.jobId} on the regulator's node):`);
    for (const l of formatAudit(run.audit, names)) say(l);
    outcome = run.problems.length > 0 ? 1 : 0;
    if (run.problems.length > 0) {
      say('VERIFICATION FAILED:');
      for (const p of run.problems) say(`  ${p}`);
      say(`node logs: ${c.names.map((n) => c.org(n).logPath).join(', ')}`);
      if (mode === 'demo') {
        await stop();
        return 1;
      }
      say('the nodes keep running so that you can look into it.');
    } else {
      say(
        'verified: the MPC result equals the plaintext computation of the sample payrolls, ' +
          'and the audit trail checks out.',
      );
    }
    if (mode === 'demo') {
      await stop();
      return 0;
    }
    say('the nodes keep running. Web console of each organization (sign in with the token in');
    say('the file named; e.g. `cat <file>` and paste it into the form):');
    for (const n of c.names) {
      const o = c.org(n);
      say(`  ${n.padEnd(10)} ${o.url}/console/  token ${o.tokenPath}`);
    }
    say('or use the CLI against any of them, e.g.:');
    say(`  PARLEY_CONFIG=${c.org(regulator).configPath} node dist/src/bin/parley.js job list`);
    say(
      `  PARLEY_CONFIG=${c.org(regulator).configPath} node dist/src/bin/parley.js audit --job ${run.jobId}`,
    );
    say('press Ctrl-C to stop everything.');
    // Until a signal: onSignal stops everything and exits.
    await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
    return 0;
  } catch (err) {
    say(`error: ${err instanceof Error ? err.message : String(err)}`);
    if (consortium !== undefined) {
      say(`node logs: ${consortium.names.map((n) => consortium!.org(n).logPath).join(', ')}`);
    }
    await stop().catch(() => undefined);
    return 1;
  }
}
