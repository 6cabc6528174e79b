/**
 * Cloudflare Workers, development: what `npm start` runs (`wrangler dev adapters/cloudflare/dev.ts`)
 * and the workerd tests bundle. The production Worker with the sandbox mounted.
 */
import { development } from '../../worker/sandbox/index.ts';
import { cloudflareWorker } from './worker.ts';

export default cloudflareWorker(development);
