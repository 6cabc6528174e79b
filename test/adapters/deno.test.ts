/** The gateway's HTTP conformance suite on the deno adapter, on its real runtime. */
import { describeAdapter } from './describe-adapter.ts';

describeAdapter('deno', /passto gateway on Deno \d+\.\d+\.\d+ listening on http:\/\/127\.0\.0\.1:\d+/);
