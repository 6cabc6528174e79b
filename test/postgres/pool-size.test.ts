/**
 * The pool size of the gateway's PostgreSQL client: POOL_SIZE by default, the URL's `?max=` when
 * the operator gives one (refused unless 1 to 9999), an explicit option over both. No server is needed: the client connects
 * on its first query only.
 */
import { describe, expect, it } from 'vitest';
import { openPostgresClient, POOL_SIZE } from '../../adapters/postgres/postgres-client.ts';

const sizeOf = (url: string, options?: { max?: number }) => {
  const sql = openPostgresClient(url, options) as unknown as { options: { max: number }; end: () => Promise<void> };
  const { max } = sql.options;
  void sql.end();
  return max;
};

describe('openPostgresClient pool size', () => {
  it('is POOL_SIZE by default, and the URL’s ?max= when given', () => {
    expect(POOL_SIZE).toBe(10);
    expect(sizeOf('postgres://gateway@127.0.0.1:1/passto')).toBe(POOL_SIZE);
    expect(sizeOf('postgres://gateway@127.0.0.1:1/passto?max=3')).toBe(3);
    expect(sizeOf('postgresql://gateway@127.0.0.1:1/passto?sslmode=disable&max=25')).toBe(25);
    // A parameter that merely ends in "max" is not the pool size.
    expect(sizeOf('postgres://gateway@127.0.0.1:1/passto?idle_max=3')).toBe(POOL_SIZE);
  });

  it('refuses a ?max= that is not a pool size, without quoting the URL', () => {
    for (const bad of ['0', '-1', 'abc', '12345', '3x', '']) {
      expect(() => sizeOf(`postgres://gateway:s3cret-pass@127.0.0.1:1/passto?max=${bad}`), bad).toThrow(
        new RangeError('PASSTO_DB: ?max= (the pool size) must be a whole number from 1 to 9999'),
      );
    }
  });

  it('takes an explicit option over both', () => {
    expect(sizeOf('postgres://gateway@127.0.0.1:1/passto?max=3', { max: 2 })).toBe(2);
    expect(sizeOf('postgres://gateway@127.0.0.1:1/passto', { max: 4 })).toBe(4);
  });
});
