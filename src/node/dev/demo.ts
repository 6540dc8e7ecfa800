/**
 * `npm run demo`: the local consortium and the pay-gap certification; exits 0 once the result is
 * verified against the plaintext reference, 1 otherwise, stopping everything
 * (docs/local-consortium.md).
 *
 * @module
 */
import { launchLocal } from './launch.js';

process.exitCode = await launchLocal('demo');
