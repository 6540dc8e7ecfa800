import { describe, test } from 'node:test';
import { equal, match, ok, throws, deepEqual } from 'node:assert/strict';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { partyId } from '../../src/mpc/channel.js';
import { tlsEndpoint } from '../../src/net/tls.js';
import {
  certificateFingerprint,
  generateIdentity,
  keyFingerprint,
  spkiFingerprint,
  type KeyAlgorithm,
} from '../../src/net/x509.js';

void describe('x509', () => {
  for (const algorithm of ['ecdsa-p256', 'ed25519'] as const satisfies readonly KeyAlgorithm[]) {
    void test(`${algorithm}: a self-signed v3 certificate that node parses and verifies`, () => {
      const before = Date.now();
      const id = generateIdentity('acme.corp-1', { algorithm, validityDays: 30 });
      const cert = new X509Certificate(id.cert);
      equal(cert.subject, 'CN=acme.corp-1');
      equal(cert.issuer, 'CN=acme.corp-1');
      ok(cert.verify(cert.publicKey), 'signature verifies with its own key');
      ok(cert.checkPrivateKey(createPrivateKey(id.key)), 'certificate matches the private key');
      equal(cert.publicKey.asymmetricKeyType, algorithm === 'ed25519' ? 'ed25519' : 'ec');
      equal(cert.ca, false);
      const from = Date.parse(cert.validFrom);
      const to = Date.parse(cert.validTo);
      ok(from <= before && from > before - 2 * 3600_000, 'notBefore is about now (minus skew)');
      ok(Math.abs(to - (before + 30 * 86400_000)) < 120_000, 'notAfter is now + 30 days');
      const serial = BigInt('0x' + cert.serialNumber);
      ok(serial > 0n && serial < 2n ** 127n, 'serial is positive and at most 16 octets');
      deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    });

    void test(`${algorithm}: the fingerprint is SHA-256 of the SPKI DER, however it is computed`, () => {
      const id = generateIdentity('p', { algorithm });
      const spki = new X509Certificate(id.cert).publicKey.export({ type: 'spki', format: 'der' });
      const expected = createHash('sha256').update(spki).digest('hex');
      equal(id.fingerprint, expected);
      match(id.fingerprint, /^[0-9a-f]{64}$/);
      equal(certificateFingerprint(id.cert), expected);
      equal(certificateFingerprint(new X509Certificate(id.cert).raw), expected);
      equal(keyFingerprint(id.key), expected);
      equal(spkiFingerprint(new X509Certificate(id.cert).publicKey), expected);
    });

    void test(`${algorithm}: works as both TLS 1.3 server and client certificate`, async () => {
      const [A, B] = [partyId('a'), partyId('b')];
      const ia = generateIdentity('a', { algorithm });
      const ib = generateIdentity('b', { algorithm });
      const eb = await tlsEndpoint({
        self: B,
        key: ib.key,
        cert: ib.cert,
        listen: { host: '127.0.0.1', port: 0 },
        peers: [{ id: A, host: '127.0.0.1', port: 1, fingerprint: ia.fingerprint }],
      });
      const ea = await tlsEndpoint({
        self: A,
        key: ia.key,
        cert: ia.cert,
        listen: { host: '127.0.0.1', port: 0 },
        peers: [{ id: B, host: '127.0.0.1', port: eb.port, fingerprint: ib.fingerprint }],
      });
      const [ca, cb] = await Promise.all([
        ea.openChannel({ session: 's', parties: [A, B] }),
        eb.openChannel({ session: 's', parties: [A, B] }),
      ]);
      ca.send(B, 1, Uint8Array.of(1, 2));
      deepEqual(await cb.receive(A, 1), Uint8Array.of(1, 2));
      await Promise.all([ea.close(), eb.close()]);
    });
  }

  void test('two identities never share a key or a serial', () => {
    const a = generateIdentity('x');
    const b = generateIdentity('x');
    ok(a.fingerprint !== b.fingerprint);
    ok(new X509Certificate(a.cert).serialNumber !== new X509Certificate(b.cert).serialNumber);
  });

  void test('dates past 2049 use GeneralizedTime and still parse', () => {
    const id = generateIdentity('x', { validityDays: 36500 });
    ok(new Date(new X509Certificate(id.cert).validTo).getUTCFullYear() >= 2100);
  });

  void test('rejects bad input without echoing keys', () => {
    const isConfig = (err: unknown): boolean =>
      (err as { code?: unknown }).code === 'ERR_NET_CONFIG';
    throws(() => generateIdentity('has space'), isConfig);
    throws(() => generateIdentity(''), isConfig);
    throws(() => generateIdentity('x', { validityDays: 0 }), isConfig);
    throws(() => generateIdentity('x', { validityDays: 1.5 }), isConfig);
    const id = generateIdentity('x');
    throws(
      () => spkiFingerprint(createPrivateKey(id.key)),
      (err: unknown) => {
        ok(isConfig(err));
        ok(!(err as Error).message.includes('PRIVATE KEY'));
        return true;
      },
    );
  });
});
