/**
 * The web console in a real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) against four real node processes on anvil (startLocalConsortium, the code of
 * `npm start`). What a person does, through the page only: sign in, import a dataset with a bad
 * row and read the error, propose a job from the form generated from the program's params,
 * approve it from the inbox, watch it run without a reload, read the result table and download
 * it, open the audit trail, propose and vote on a governance change. Every step asserts on what
 * the page shows and cross-checks it with the REST API. Screenshots of the main pages are taken;
 * with PARLEY_UPDATE_SCREENSHOTS=1 they replace those in docs/console/ (docs/console.md).
 *
 * Chromium missing is a failure with a message, not a skip: CI installs it (.ci/run).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ApiClient } from '../../src/cli/client.js';
import {
  DEFAULT_COMPANIES,
  DEFAULT_REGULATOR,
  startLocalConsortium,
  type LocalConsortium,
} from '../../src/node/dev/consortium.js';
import {
  compareWithReference,
  importSamples,
  paygapReference,
  readSample,
  setAutoApprovePolicy,
  type ImportedSample,
} from '../../src/node/dev/paygap-demo.js';
import { CONSOLE_DIR } from '../../src/node/server/routes/console.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Where the screenshots of docs/console.md live; rewritten only with PARLEY_UPDATE_SCREENSHOTS=1. */
const DOC_SHOTS = fileURLToPath(new URL('../../../docs/console/', import.meta.url));
const UPDATE_SHOTS = process.env['PARLEY_UPDATE_SCREENSHOTS'] === '1';
const COMPANIES = DEFAULT_COMPANIES;
const REG = DEFAULT_REGULATOR;
const [ACME, GLOBEX] = [COMPANIES[0]!, COMPANIES[1]!];
const THRESHOLD = 5;
/** Each wait on the page; the whole file stays under two minutes. */
const WAIT = 30_000;

/**
 * In-page script: the WCAG contrast ratio of the text of the first element matching each
 * selector against its (first opaque ancestor's) background.
 */
const CONTRAST = `(selectors) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  return selectors.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return [sel, 0];
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg(el));
    return [sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}`;

/** Cell text as shown ("56,100.5", "yes") back to the value it shows. */
const shown = (text: string): number | boolean =>
  text === 'yes' ? true : text === 'no' ? false : Number(text.replace(/,/g, ''));

void describe('web console in Chromium against a local consortium', () => {
  let root: string;
  let profile: string;
  let c: LocalConsortium;
  let context: BrowserContext;
  const api = new Map<string, ApiClient>();
  const pages = new Map<string, Page>();
  const requested: string[] = [];
  const pageErrors: string[] = [];
  let samples: ImportedSample[] = [];
  let jobId = '';

  const a = (name: string): ApiClient => api.get(name)!;
  const page = (name: string): Page => pages.get(name)!;
  const shot = async (p: Page, file: string): Promise<void> => {
    const png = await p.screenshot({
      path: join(UPDATE_SHOTS ? DOC_SHOTS : profile, file),
      type: 'png',
    });
    assert.ok(png.length > 10_000, `${file}: the page rendered (${png.length} bytes)`);
  };
  const go = async (name: string, hash: string): Promise<Page> => {
    const p = page(name);
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: hash }).click();
    return p;
  };

  before(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `The browser tests need Debian's Chromium at ${CHROMIUM}: install it with ` +
          '`apt-get install -y chromium` (.ci/run does this in CI).',
      );
    if (!existsSync(join(CONSOLE_DIR, 'index.html')))
      throw new Error(`The console is not built (${CONSOLE_DIR}): run \`npm run build\` first.`);
    root = await mkdtemp(join(tmpdir(), 'parley-console-e2e-'));
    profile = await mkdtemp(join(tmpdir(), 'parley-chromium-'));
    c = await startLocalConsortium({ root, names: [...COMPANIES, REG] });
    for (const n of c.names) api.set(n, await c.api(n));
    // The companies' payrolls are in the Catalog; globex and initech approve the regulator's
    // paygap jobs by policy, acme decides in its inbox (through the console, below).
    samples = await importSamples(c, COMPANIES);
    for (const co of COMPANIES.slice(1)) await setAutoApprovePolicy(c, co, REG);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1180, height: 820 },
      acceptDownloads: true,
    });
    context.on('request', (r) => requested.push(r.url()));
    for (const n of [ACME, GLOBEX, REG]) {
      const p = await context.newPage();
      // Script errors and CSP violations (which Chromium reports on the console); the refused
      // requests the tests make on purpose log "Failed to load resource" and are expected.
      p.on('pageerror', (e) => pageErrors.push(`${n}: ${e.message}`));
      p.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
          pageErrors.push(`${n}: ${m.text()}`);
      });
      pages.set(n, p);
    }
  });

  after(async () => {
    await context?.close();
    await c?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  test('sign-in: a wrong token is refused; the right one gives an HttpOnly session cookie only', async () => {
    for (const n of [ACME, GLOBEX, REG]) {
      const p = page(n);
      await p.goto(`${c.org(n).url}/console/`);
      const token = (await readFile(c.org(n).tokenPath, 'utf8')).trim();
      if (n === ACME) {
        await p.getByLabel('API token').fill('f'.repeat(64));
        await p.getByRole('button', { name: 'Sign in' }).click();
        await p.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor({ timeout: WAIT });
        assert.match(await p.getByRole('alert').innerText(), /ERR_API_AUTH/);
      }
      await p.getByLabel('API token').fill(token);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByTestId('org').filter({ hasText: n }).waitFor({ timeout: WAIT });
      assert.equal(p.url().includes(token), false, 'the token is not in the URL');
      assert.equal(await p.evaluate('localStorage.length + sessionStorage.length'), 0);
      assert.equal(await p.evaluate('document.cookie'), '', 'page scripts see no cookie');
    }
    const cookies = await context.cookies();
    assert.equal(cookies.length, 3, 'one session cookie per node, none overwritten');
    for (const k of cookies) {
      assert.match(k.name, /^parley_session_[0-9a-f]{8}$/);
      assert.equal(k.httpOnly, true);
      assert.equal(k.sameSite, 'Strict');
      assert.equal(k.path, '/');
    }
    // Overview of acme: its name, and the four members with pinned TLS keys.
    const p = page(ACME);
    await p.getByTestId('node-name').filter({ hasText: ACME }).waitFor({ timeout: WAIT });
    const peers = p.getByRole('table', { name: 'Consortium members and their TLS keys' });
    await peers.getByText('pinned').first().waitFor({ timeout: WAIT });
    const { members } = await a(ACME).listMembers();
    assert.equal(await peers.locator('tbody tr').count(), members.length);
    assert.equal(
      await peers.getByText('pinned').count(),
      members.filter((m) => m.tlsFingerprint !== null).length,
    );
    await shot(p, 'overview.png');
    // Contrast of the text styles on this page: at least WCAG AA's 4.5:1.
    const selectors = [
      'main h1',
      'main p',
      '.muted',
      '.kv dt',
      'nav a',
      "nav a[aria-current='page']",
      '.top .org',
      '.top button',
      '.badge-pinned',
      'thead th',
      'tbody td code',
      'a',
    ];
    const ratios = await p.evaluate<[string, number][]>(
      `(${CONTRAST})(${JSON.stringify(selectors)})`,
    );
    for (const [sel, ratio] of ratios)
      assert.ok(ratio >= 4.5, `contrast of ${sel}: ${ratio.toFixed(2)}:1`);
    // Keyboard: from the page heading (which takes the focus when a page opens: checked at the
    // end, when Enter opens the Policy page) Shift+Tab walks back through
    // the navigation links in order, then Sign out, then "Skip to content"; focus is visible;
    // Enter on a link opens its page with the focus on the new heading.
    const active = (): Promise<unknown> => p.evaluate('document.activeElement.textContent');
    await p.getByRole('heading', { level: 1, name: 'Overview' }).focus();
    const links = await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .allInnerTexts();
    for (const label of [...links].reverse()) {
      await p.keyboard.press('Shift+Tab');
      assert.equal(await active(), label);
      assert.notEqual(
        await p.evaluate('getComputedStyle(document.activeElement).outlineStyle'),
        'none',
        label,
      );
    }
    await p.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'Sign out');
    await p.keyboard.press('Shift+Tab');
    assert.equal(await active(), 'Skip to content');
    await p.keyboard.press('Enter');
    assert.equal(await p.evaluate('document.activeElement.id'), 'main');
    await p.keyboard.press('Shift+Tab'); // back to the last link: Policy
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Policy' }).waitFor({ timeout: WAIT });
    // The page moves focus to its heading after it renders: wait for that (the link that was
    // pressed is also named "Policy", so the name alone cannot tell them apart).
    await p
      .waitForFunction("document.activeElement && document.activeElement.tagName === 'H1'", null, {
        timeout: WAIT,
      })
      .catch(() => undefined);
    assert.equal(await p.evaluate('document.activeElement.tagName'), 'H1');
    assert.equal(await active(), 'Policy');
  });

  test('a request the page makes without its CSRF token is refused, also in the browser', async () => {
    const p = page(ACME);
    const status = await p.evaluate(async () => {
      const r = await fetch('/v1/policy', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules: [] }),
      });
      return { status: r.status, code: ((await r.json()) as { code: string }).code };
    });
    assert.deepEqual(status, { status: 403, code: 'ERR_API_CSRF' });
  });

  test('datasets: a CSV with two bad rows is refused with each row and column listed; nothing is stored', async () => {
    const before = (await a(ACME).listDatasets()).datasets.length;
    const p = await go(ACME, 'Datasets');
    const { csv, schema } = await readSample(ACME);
    const lines = csv.trim().split('\n');
    const bad = [
      ...lines.slice(0, 3),
      'A-999,Engineering,Associate,X,51000',
      lines[3]!,
      'A-998,Engineering,Associate,F,SECRETfifty',
      ...lines.slice(4),
    ];
    await p.getByLabel('Name', { exact: true }).fill('payroll-with-a-typo');
    await p.getByLabel('CSV text').fill(bad.join('\n') + '\n');
    await p.getByLabel('Schema (JSON, optional)').fill(JSON.stringify(schema));
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = p.getByRole('alert').filter({ hasText: 'nothing was stored' });
    await alert.waitFor({ timeout: WAIT });
    const text = await alert.innerText();
    // The first bad row is data row 3 (line 4 of the file), column gender; the summary counts both.
    assert.match(text, /Row 3 \(line 4\), column "gender"/);
    assert.match(text, /and 1 more bad cell/);
    assert.match(text, /ERR_DATASET_VALUE/);
    assert.match(text, /column\s+gender/);
    assert.match(text, /row\s+3/);
    // Every bad cell is a row of the problems table: row, line, column, what was expected.
    const problems = p.getByTestId('import-errors');
    await problems.waitFor({ timeout: WAIT });
    assert.match(await problems.locator('caption').innerText(), /^2 problems in the file/);
    const trs = problems.locator('tbody tr');
    const cells: string[][] = [];
    for (let k = 0; k < (await trs.count()); k++) {
      cells.push(await trs.nth(k).locator('td').allInnerTexts());
    }
    assert.deepEqual(
      cells.map((c) => c.slice(0, 3)),
      [
        ['3', '4', 'gender'],
        ['5', '6', 'salary'],
      ],
    );
    assert.match(cells[0]![3]!, /label that is not declared/);
    assert.match(cells[1]![3]!, /got text/);
    const shown = text + (await problems.innerText());
    assert.ok(!shown.includes('SECRETfifty'), 'no cell is echoed');
    assert.equal((await a(ACME).listDatasets()).datasets.length, before, 'nothing was stored');
    await problems.scrollIntoViewIfNeeded();
    await shot(p, 'datasets.png');
    // The list shows the published payroll.
    const table = p.getByTestId('datasets');
    await table.getByText(`${ACME}-payroll-2026`).waitFor({ timeout: WAIT });
  });

  test('datasets: a valid import, publish to the Catalog, search, delete', async () => {
    const p = await go(ACME, 'Datasets');
    await p.getByLabel('Name', { exact: true }).fill('visits-2026');
    await p.getByLabel('Schema (JSON, optional)').fill('');
    await p.getByLabel('CSV text').fill('site,visits\nnorth,12\nsouth,7\n');
    await p.getByRole('button', { name: 'Import', exact: true }).click();
    await p
      .getByRole('status')
      .filter({ hasText: 'Imported “visits-2026”: 2 rows.' })
      .waitFor({ timeout: WAIT });
    const row = p.getByTestId('datasets').locator('tr').filter({ hasText: 'visits-2026' });
    await row.getByRole('button', { name: 'Publish…' }).click();
    await row.getByLabel('Catalog title').fill('Site visits 2026');
    await row.getByRole('button', { name: 'Publish metadata' }).click();
    await row.getByText(/^published /).waitFor({ timeout: WAIT });
    const id = (await a(ACME).listDatasets()).datasets.find((d) => d.name === 'visits-2026')!.id;
    assert.ok((await a(GLOBEX).searchCatalog({ q: 'visits' })).datasets.some((d) => d.id === id));
    const cat = await go(ACME, 'Catalog');
    await cat.getByLabel('Search titles, descriptions, tags and columns').fill('visits');
    await cat.getByRole('button', { name: 'Search' }).click();
    await cat.getByText('1 dataset in the Catalog').waitFor({ timeout: WAIT });
    assert.deepEqual(await cat.getByTestId('catalog').locator('tbody th').allInnerTexts(), [
      'Site visits 2026',
    ]);
    await go(ACME, 'Datasets');
    await row.getByRole('button', { name: 'Delete…' }).click();
    await row.getByRole('button', { name: 'Delete “visits-2026” and its rows' }).click();
    await row.waitFor({ state: 'detached', timeout: WAIT });
    assert.equal(
      (await a(ACME).listDatasets()).datasets.some((d) => d.id === id),
      false,
    );
  });

  test('policy: a rule added on the page is what GET /v1/policy returns', async () => {
    const p = await go(GLOBEX, 'Policy');
    const rules = p.getByTestId('policy').locator('tbody tr');
    const before = (await a(GLOBEX).getPolicy()).rules.length;
    assert.ok(before >= 1);
    await rules.nth(before - 1).waitFor({ timeout: WAIT });
    assert.equal(await rules.count(), before);
    await p.getByRole('button', { name: 'Add a rule' }).click();
    const n = before + 1;
    await p.getByLabel(`Rule ${n} decision`).selectOption('reject');
    await p.getByLabel(`Rule ${n} program`).selectOption('sum');
    await p.getByLabel(`Rule ${n} note`).fill('no sums over our payroll');
    await p.getByRole('button', { name: 'Save policy' }).click();
    await p.getByRole('status').filter({ hasText: 'Policy saved.' }).waitFor({ timeout: WAIT });
    const saved = (await a(GLOBEX).getPolicy()).rules;
    assert.equal(saved.length, n);
    assert.equal(saved[n - 1]!.action, 'reject');
    assert.equal(saved[n - 1]!.program, 'sum');
    assert.equal(saved[n - 1]!.note, 'no sums over our payroll');
    // The earlier rules (the regulator's paygap jobs are approved) are unchanged and still first.
    assert.equal(saved[0]!.program, 'paygap');
  });

  test('jobs: the regulator proposes from the form generated from the program', async () => {
    const p = await go(REG, 'Jobs');
    await p.getByLabel('Program').selectOption('paygap');
    // The params come from GET /v1/programs: every declared param has a labelled field.
    const { programs } = await a(REG).listPrograms();
    const paygap = programs.find((x) => x.name === 'paygap')!;
    for (const k of Object.keys(paygap.params))
      assert.equal(await p.getByLabel(k, { exact: true }).count(), 1, `a field for param ${k}`);
    await p.getByLabel('threshold', { exact: true }).fill(String(THRESHOLD));
    const inputs = p.getByRole('group', { name: 'Inputs (datasets in the Catalog)' });
    for (const co of COMPANIES)
      await inputs.getByLabel(`${co} payroll 2026`, { exact: false }).check();
    const committee = p.getByRole('group', { name: 'Committee (the nodes that compute)' });
    for (const co of COMPANIES) await committee.getByLabel(co, { exact: true }).check();
    await p
      .getByRole('group', { name: 'Recipients (who learn the outputs)' })
      .getByRole('checkbox', { name: /regulator/ })
      .check();
    await p.evaluate("document.getElementById('h-propose').scrollIntoView()");
    await shot(p, 'jobs.png');
    await p.getByRole('button', { name: 'Propose', exact: true }).click();
    await p.waitForURL(/#\/jobs\/\d+$/, { timeout: WAIT });
    jobId = /#\/jobs\/(\d+)$/.exec(p.url())![1]!;
    const job = await a(REG).getJob(jobId);
    assert.equal(job.program, 'paygap');
    assert.deepEqual(job.params, { ...job.params, threshold: THRESHOLD });
    assert.deepEqual([...(job.spec?.inputs ?? [])].sort(), samples.map((s) => s.datasetId).sort());
    // A marker that a reload would erase: the page must update itself.
    await p.evaluate('window.parleyMarker = 42');
  });

  test('inbox: acme reads what it approves (program, hash, source, params, committee) and approves', async () => {
    const p = await go(ACME, 'Inbox');
    const item = p.locator('article').filter({ hasText: `Job ${jobId}` });
    await item.waitFor({ timeout: WAIT });
    const job = await a(ACME).getJob(jobId);
    assert.ok(job.programHash !== null);
    await item.getByText(job.programHash).waitFor({ timeout: WAIT });
    assert.equal((await item.getByTestId('committee').innerText()).trim(), COMPANIES.join(', '));
    assert.equal((await item.getByTestId('recipients').innerText()).trim(), REG);
    assert.match(
      await item.innerText(),
      new RegExp(`"threshold"\\s*\\]?\\s*${THRESHOLD}|threshold\\s+${THRESHOLD}`),
    );
    await item.getByText('Program source (paygap)').click();
    await item.getByText('hash matches').waitFor({ timeout: WAIT });
    assert.match(await item.locator('pre.source').innerText(), /name: 'paygap'/);
    await shot(p, 'inbox.png');
    await item.getByLabel(/^Note/).fill('Checked by HR: aggregate only');
    await item.getByRole('button', { name: 'Approve' }).click();
    await p.getByText('Nothing waiting for a decision.').waitFor({ timeout: WAIT });
    const decided = (await a(ACME).listInbox({})).items.find((i) => i.ref === jobId);
    assert.equal(decided?.state, 'approved');
    assert.equal(decided?.decidedBy, 'user');
  });

  test('the job runs: progress arrives live, then the result table matches the REST result', async () => {
    const p = page(REG);
    await p.getByTestId('job-status').getByText('succeeded').waitFor({ timeout: 90_000 });
    assert.equal(await p.evaluate('window.parleyMarker'), 42, 'no reload');
    const logLines = await p.getByTestId('job-log').locator('li').allInnerTexts();
    assert.ok(logLines.length >= 2, `progress lines arrived: ${logLines.join(' | ')}`);
    const table = p.getByTestId('result-table');
    await table.waitFor({ timeout: WAIT });
    const { outputs, units, scales } = await a(REG).jobResult(jobId);
    const out = outputs as Record<string, unknown[]>;
    // Check against the plaintext reference too, not only against the node.
    const reference = paygapReference(
      samples.map((s) => s.csv),
      THRESHOLD,
    );
    assert.deepEqual(compareWithReference(outputs, reference, COMPANIES), []);
    const heads = await table.locator('thead th').allInnerTexts();
    const names = ['meanFemale', 'meanMale', 'gapPercent', 'defined'];
    // Headers carry the result's units; means are shown in EUR, not in the stored cents.
    const unit = (k: string): string => (units?.[k] ? ` [${units[k]}]` : '');
    assert.deepEqual(
      heads.slice(1),
      names.map((k) => k + unit(k)),
    );
    assert.equal(unit('meanFemale'), ' [EUR]');
    assert.equal(scales?.['meanFemale'], 2);
    const rows = await table.locator('tbody tr').all();
    assert.equal(rows.length, COMPANIES.length + 1);
    for (const [i, row] of rows.entries()) {
      const cells = await row.locator('th, td').allInnerTexts();
      assert.equal(cells[0], i < COMPANIES.length ? COMPANIES[i] : 'overall'); // the program's row labels
      for (const [j, col] of names.entries()) {
        const raw = out[col]![i];
        const want: unknown = typeof raw === 'number' ? raw / 10 ** (scales?.[col] ?? 0) : raw;
        const got = shown(cells[j + 1]!);
        if (typeof want === 'number')
          assert.ok(
            Math.abs((got as number) - want) < 1e-4 * Math.max(1, Math.abs(want)),
            `${col}[${i}]`,
          );
        else assert.equal(got, want, `${col}[${i}]`);
      }
    }
    assert.match(
      await p.getByTestId('result-singles').innerText(),
      new RegExp(`pass\\s+${out['pass']![0] === true ? 'yes' : 'no'}`),
    );
    await p.getByRole('img', { name: /^meanFemale/ }).waitFor({ timeout: WAIT });
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const saved = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      outputs: unknown;
    };
    assert.deepEqual(saved.outputs, outputs);
    const [csvDownload] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csvText = await readFile(await csvDownload.path(), 'utf8');
    assert.equal(csvText.trim().split('\n').length, 1 + COMPANIES.length + 1 + 1);
    await p.getByLabel('Chart').selectOption('gapPercent');
    await p.getByRole('img', { name: /^gapPercent/ }).waitFor({ timeout: WAIT });
    await p.evaluate("document.getElementById('h-result').scrollIntoView()");
    await shot(p, 'result.png');
  });

  test('audit: the trail is verified and every committee signature checks', async () => {
    const p = page(REG);
    await p.getByRole('link', { name: 'audit trail' }).first().click();
    await p.getByTestId('audit-verdict').waitFor({ timeout: WAIT });
    assert.match(await p.getByTestId('audit-verdict').innerText(), /verified/);
    const sigs = p.getByTestId('signatures');
    const rows = await sigs.locator('tbody tr').allInnerTexts();
    const trail = (await a(REG).audit({ job: jobId })).jobs[0]!;
    assert.equal(trail.verified, true);
    const signatures = (trail.result as { signatures: { signer: string; valid: boolean }[] })
      .signatures;
    assert.equal(rows.length, signatures.length);
    assert.equal(rows.length, COMPANIES.length);
    for (const r of rows) assert.match(r, /valid/);
    assert.deepEqual(rows.map((r) => r.split('\t')[0]!.trim()).sort(), [...COMPANIES].sort());
    await shot(p, 'audit.png');
  });

  test('governance: acme proposes a threshold change, globex votes, the page shows the count', async () => {
    const p = await go(ACME, 'Members & governance');
    await p.getByLabel('Change', { exact: true }).selectOption('threshold');
    await p.getByLabel('New threshold (votes needed)').fill('2');
    await p.getByRole('button', { name: 'Propose', exact: true }).click();
    const created = p.getByRole('status').filter({ hasText: /^Proposal \d+ created/ });
    await created.waitFor({ timeout: WAIT });
    const id = /Proposal (\d+)/.exec(await created.innerText())![1]!;
    const before = (
      await a(ACME).raw.GET('/v1/governance/proposals/{id}', { params: { path: { id } } })
    ).data!;
    assert.equal(before.votes, 1);
    await p
      .getByTestId(`votes-${id}`)
      .filter({ hasText: `1 of ${before.threshold}` })
      .waitFor({ timeout: WAIT });

    const g = await go(GLOBEX, 'Members & governance');
    await g.getByRole('button', { name: `Vote for proposal ${id}` }).click();
    await g
      .getByTestId(`votes-${id}`)
      .filter({ hasText: `2 of ${before.threshold}` })
      .waitFor({ timeout: WAIT });
    await g.getByTestId(`proposal-${id}`).getByText('voted').waitFor({ timeout: WAIT });
    const after = (
      await a(REG).raw.GET('/v1/governance/proposals/{id}', { params: { path: { id } } })
    ).data!;
    assert.equal(after.votes, 2);
    assert.equal(after.status, before.threshold <= 2 ? 'executed' : 'open');
    assert.deepEqual(
      after.voters.map((v) => v.name),
      [ACME, GLOBEX],
    );
    await g.evaluate('window.scrollTo(0, 0)');
    await shot(g, 'governance.png');
  });

  test('governance and program-source routes name what is wrong', async () => {
    const raw = a(ACME).raw;
    const missing = await raw.POST('/v1/governance/proposals', { body: { kind: 'threshold' } });
    assert.equal(missing.response.status, 400);
    assert.equal(missing.error?.code, 'ERR_API_VALIDATION');
    assert.equal(missing.error?.details?.['field'], 'body.threshold');
    const unknown = await raw.GET('/v1/governance/proposals/{id}', {
      params: { path: { id: '999' } },
    });
    assert.equal(unknown.response.status, 404);
    assert.equal(unknown.error?.code, 'ERR_GOVERNANCE_NOT_FOUND');
    const { proposals } = (await raw.GET('/v1/governance/proposals', {})).data!;
    const mine = proposals.find((x) => x.status === 'open' && x.votedBySelf)!;
    const twice = await raw.POST('/v1/governance/proposals/{id}/vote', {
      params: { path: { id: mine.id } },
    });
    assert.equal(twice.response.status, 409);
    assert.equal(twice.error?.details?.['errorName'], 'AlreadyVoted');
    const open = await raw.GET('/v1/governance/proposals', {
      params: { query: { status: 'open' } },
    });
    assert.ok(open.data!.proposals.every((x) => x.status === 'open'));
    const src = await raw.GET('/v1/programs/{name}/source', {
      params: { path: { name: 'nosuch' } },
    });
    assert.equal(src.response.status, 400);
    assert.equal(src.error?.code, 'ERR_PROGRAM_NOT_FOUND');
    const paygap = (
      await raw.GET('/v1/programs/{name}/source', { params: { path: { name: 'paygap' } } })
    ).data!;
    const registered = (await a(ACME).listPrograms()).programs.find((x) => x.name === 'paygap')!;
    assert.equal(paygap.hash, registered.hash);
    assert.equal(paygap.recomputedHash, registered.hash);
    assert.equal(paygap.matches, true);
  });

  test('the pages asked no host but their own node, and broke no rule of the CSP', () => {
    const origins = new Set([ACME, GLOBEX, REG].map((n) => new URL(c.org(n).url).origin));
    const foreign = requested.filter(
      (u) => !u.startsWith('blob:') && !u.startsWith('data:') && !origins.has(new URL(u).origin),
    );
    assert.deepEqual(foreign, []);
    assert.deepEqual(pageErrors, [], 'no script error and no Content-Security-Policy violation');
    assert.ok(requested.length > 20);
  });
});
