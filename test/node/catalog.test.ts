/** Publishing to the Catalog and searching it through the REST API, against a fresh anvil. */
import { after, before, describe, test } from 'node:test';
import { deepEqual, equal, ok } from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/node/server/app.js';
import { parseCatalogColumns } from '../../src/node/catalog.js';
import { openStore, type Store } from '../../src/node/store/db.js';
import { getDataset } from '../../src/node/store/datasets.js';
import { client, setupLedger, type LedgerFixture } from '../ledger/fixtures.js';

const token = 'c'.repeat(64);
const auth = { authorization: `Bearer ${token}` };

interface Json {
  [k: string]: unknown;
}

void describe('catalog routes against anvil', () => {
  let fx: LedgerFixture;
  let store: Store;
  let app: FastifyInstance;
  let noLedger: FastifyInstance;
  before(async () => {
    fx = await setupLedger({ members: 2, threshold: 1n });
    store = openStore(':memory:');
    const identity = {
      name: 'org1',
      chainAddress: fx.addressOf(1),
      tlsFingerprint: 'a'.repeat(64),
    };
    app = await buildApp({ store, identity, apiToken: token, ledger: client(fx, 1) });
    noLedger = await buildApp({ store, identity, apiToken: token });
  });
  after(async () => {
    await app.close();
    await noLedger.close();
    store.close();
    await fx.stop();
  });

  test('publish writes metadata (never rows) to the Catalog; search finds it', async () => {
    const imp = await app.inject({
      method: 'POST',
      url: '/v1/datasets',
      headers: auth,
      payload: {
        name: 'payroll',
        csv: 'age,pay,sex\n41,5200.5,f\n35,4100,m\n50,6100.25,f\n29,3900,m\n',
        schema: {
          columns: [
            { name: 'age', type: 'integer', bits: 8 },
            { name: 'pay', type: 'decimal', scale: 2, min: 0, max: '9999.99', unit: 'EUR' },
            { name: 'sex', type: 'category', labels: ['f', 'm'] },
          ],
        },
      },
    });
    equal(imp.statusCode, 201, imp.body);
    const ds = imp.json<{ id: string; contentHash: string }>();
    const pub = await app.inject({
      method: 'POST',
      url: `/v1/datasets/${ds.id}/publish`,
      headers: auth,
      payload: { title: 'Payroll 2026', tags: ['hr'] },
    });
    equal(pub.statusCode, 200, pub.body);
    ok(pub.json<{ publishedAt: string | null }>().publishedAt !== null);

    const cat = await app.inject({ url: '/v1/catalog?q=PAYROLL', headers: auth });
    equal(cat.statusCode, 200, cat.body);
    const [e] = cat.json<{ datasets: Json[] }>().datasets;
    ok(e !== undefined);
    equal(e.id, ds.id);
    equal(e.owner, fx.addressOf(1));
    equal(e.rowCount, 4);
    equal(e.contentHash, ds.contentHash);
    deepEqual(e.columns, [
      { name: 'age', dataType: '{"type":"integer","bits":8}', unit: '' },
      {
        name: 'pay',
        dataType: '{"type":"decimal","scale":2,"min":"0.00","max":"9999.99"}',
        unit: 'EUR',
      },
      { name: 'sex', dataType: '{"type":"category","labels":["f","m"]}', unit: '' },
    ]);
    // What proposal-time checks read back: the specs as stored, validated.
    deepEqual(parseCatalogColumns(e.columns), getDataset(store, ds.id)?.schema.columns);
    ok(!cat.body.includes('5200'), 'no cell values on the ledger');
    equal(
      (await app.inject({ url: '/v1/catalog?q=nothing-like-this', headers: auth })).json<{
        datasets: Json[];
      }>().datasets.length,
      0,
    );
    equal(
      (await app.inject({ url: `/v1/catalog?owner=${fx.addressOf(2)}`, headers: auth })).json<{
        datasets: Json[];
      }>().datasets.length,
      0,
    );

    const again = await app.inject({
      method: 'POST',
      url: `/v1/datasets/${ds.id}/publish`,
      headers: auth,
      payload: { title: 'Again' },
    });
    equal(again.statusCode, 409);
    equal(again.json<{ code: string }>().code, 'ERR_LEDGER_REVERT');
  });

  test('publish of an unknown dataset is 404; a node without ledger answers 503', async () => {
    const id = '0x' + '9'.repeat(64);
    const nf = await app.inject({
      method: 'POST',
      url: `/v1/datasets/${id}/publish`,
      headers: auth,
      payload: { title: 'X' },
    });
    equal(nf.statusCode, 404);
    const off = await noLedger.inject({ url: '/v1/catalog', headers: auth });
    equal(off.statusCode, 503);
    equal(off.json<{ code: string }>().code, 'ERR_NODE_NO_LEDGER');
    const bad = await app.inject({ url: '/v1/catalog?limit=0', headers: auth });
    equal(bad.statusCode, 400);
    equal(bad.json<{ details: { field: string } }>().details.field, 'querystring.limit');
  });
});
