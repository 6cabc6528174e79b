/** test/postgres/server.ts: a server that cannot start is a skip with its reason, never a pass. */
import { describe, expect, it } from 'vitest';
import { startThrowawayPostgres } from './server.ts';

describe('the throwaway PostgreSQL server', () => {
  it('says why when PostgreSQL is not installed', async () => {
    expect(await startThrowawayPostgres({ binDir: '/nonexistent/postgresql/bin' })).toEqual({ skipped: expect.stringMatching(/PostgreSQL is not installed/) });
  });
});
