/** The gateway's HTTP conformance suite on the bun adapter, on its real runtime. */
import { describeAdapter } from './describe-adapter.ts';

describeAdapter('bun', /passto gateway on Bun \d+\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+/);
