/**
 * A vitest suite on a throwaway PostgreSQL server (server.ts), started when the test file loads
 * and stopped after its tests. When the server cannot start, the suite is skipped and says why,
 * in its title and on stderr: it never passes without having run.
 */
import { afterAll, describe, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from './server.ts';

/** Defines `title`'s tests with the running server (`body` runs at collection time, as describe's does). */
export async function describeWithPostgres(title: string, body: (server: ThrowawayPostgres) => void): Promise<void> {
  const server = await startThrowawayPostgres();
  if ('skipped' in server) {
    console.warn(`SKIPPED: ${title}: PostgreSQL could not be started: ${server.skipped}`);
    describe.skip(`${title} (SKIPPED: PostgreSQL could not be started: ${server.skipped.split('\n')[0]})`, () => {
      it('needs a PostgreSQL server', () => {});
    });
    return;
  }
  describe(title, () => {
    afterAll(() => server.stop(), 20_000);
    body(server);
  });
}
