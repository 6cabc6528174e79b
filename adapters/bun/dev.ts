/** Bun, development: `npm run start:bun`, the development values of `.dev.vars` and the sandbox mounted. */
import { development } from '../../worker/sandbox/index.ts';
import { serveGateway } from '../serve-gateway.ts';
import { bunHost } from './host.ts';

await serveGateway(bunHost, development);
