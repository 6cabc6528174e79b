/** The gateway's HTTP conformance suite on the node adapter, on its real runtime. */
import { describeAdapter } from './describe-adapter.ts';

describeAdapter('node', /passto gateway on Node 22\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+/);
