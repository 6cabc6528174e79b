/** Deno, development: `npm run start:deno`, the development values of `.dev.vars` and the sandbox mounted. */
import { development } from '../../worker/sandbox/index.ts';
import { serveGateway } from '../serve-gateway.ts';
import { denoHost } from './host.ts';

await serveGateway(denoHost, development);
