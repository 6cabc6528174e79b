/**
 * Deno, production: `npm run serve:deno`. The real environment only, no sandbox in the process;
 * it refuses to start, naming every problem, while the configuration has any.
 */
import { serveGateway } from '../serve-gateway.ts';
import { denoHost } from './host.ts';

await serveGateway(denoHost);
