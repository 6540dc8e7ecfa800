/**
 * Deploys the ledger contracts from a JSON config (see docs/ledger.md, "Deploying to another
 * chain") and prints the result as JSON: chain id, the five addresses and `fromBlock`.
 * The deployer key comes from the config's `privateKeyEnv` variable (or, for development only,
 * its `privateKey`); it is never printed.
 *
 * Usage: node dist/scripts/ledger-deploy.js deploy.json [--out addresses.json]
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { deployFromConfig, readDeployConfig } from '../src/ledger/deploy.js';
import { ParleyError } from '../src/errors/base.js';

async function main(): Promise<void> {
  const [configPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const outIndex = process.argv.indexOf('--out');
  const outPath = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
  if (configPath === undefined) {
    console.error('usage: node dist/scripts/ledger-deploy.js <config.json> [--out <file>]');
    process.exit(2);
  }
  const deployed = await deployFromConfig(await readDeployConfig(configPath));
  const text = JSON.stringify(
    {
      chainId: deployed.chainId,
      fromBlock: deployed.fromBlock.toString(),
      deployer: deployed.deployer,
      addresses: deployed.addresses,
    },
    null,
    2,
  );
  if (outPath !== undefined) await writeFile(outPath, text + '\n');
  console.log(text);
}

main().catch((err: unknown) => {
  // Parley errors carry no secrets; print their code and message only.
  if (err instanceof ParleyError) console.error(`${err.code}: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
