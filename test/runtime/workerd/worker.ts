/** A module Worker whose every request runs the conformance suite and answers its JSON report. */
import { runConformance } from '../conformance.ts';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runConformance());
  },
};
