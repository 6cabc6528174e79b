/** Node, development: `npm run start:node`, the development values of `.dev.vars` and the sandbox mounted. */
import { development } from '../../worker/sandbox/index.ts';
import { serveGateway } from '../serve-gateway.ts';
import { nodeHost } from './host.ts';

await serveGateway(nodeHost, development);
