/**
 * Node, production: `npm run serve:node`. The real environment only, no sandbox in the process;
 * it refuses to start, naming every problem, while the configuration has any.
 */
import { serveGateway } from '../serve-gateway.ts';
import { nodeHost } from './host.ts';

await serveGateway(nodeHost);
