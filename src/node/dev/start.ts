/**
 * `npm start`: the local consortium with the pay-gap certification, then the nodes keep running
 * until Ctrl-C (docs/local-consortium.md).
 *
 * @module
 */
import { launchLocal } from './launch.js';

process.exitCode = await launchLocal('start');
