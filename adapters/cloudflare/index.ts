/**
 * Cloudflare Workers, production: wrangler's `main`. No sandbox: none of worker/sandbox/ is in
 * this bundle, and `SANDBOX=on` is a configuration problem here (503 `not_configured`).
 */
import { cloudflareWorker } from './worker.ts';

export default cloudflareWorker();
