/** Listening address, SQLite path and timer interval of the long-running adapters (adapters/host-settings.ts). */
import { describe, expect, it } from 'vitest';
import { hostSettings, readHostSettings } from '../../adapters/host-settings.ts';

describe('hostSettings', () => {
  it('defaults to loopback:8787, .passto/gateway.sqlite and a 60 s timer', () => {
    expect(hostSettings({})).toEqual({ hostname: '127.0.0.1', port: 8787, db: '.passto/gateway.sqlite', scheduleIntervalMs: 60_000 });
    expect(hostSettings({ HOST: '', PORT: ' ', PASSTO_DB: '' }).port).toBe(8787);
  });

  it('reads HOST, PORT, PASSTO_DB and SCHEDULE_INTERVAL_MS', () => {
    expect(hostSettings({ HOST: '0.0.0.0', PORT: '9000', PASSTO_DB: '/var/lib/passto/db.sqlite', SCHEDULE_INTERVAL_MS: '5000' })).toEqual({
      hostname: '0.0.0.0',
      port: 9000,
      db: '/var/lib/passto/db.sqlite',
      scheduleIntervalMs: 5000,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['SCHEDULE_INTERVAL_MS', '0'],
    ['SCHEDULE_INTERVAL_MS', '-1'],
  ])('refuses %s=%s with a RangeError naming it', (name, value) => {
    expect(() => hostSettings({ [name]: value })).toThrow(RangeError);
    expect(() => hostSettings({ [name]: value })).toThrow(name);
  });

  it('lists every malformed setting at once, without its value', () => {
    const { problems } = readHostSettings({ PORT: 'eighty', SCHEDULE_INTERVAL_MS: '1.5' });
    expect(problems).toEqual([
      { variable: 'PORT', problem: 'must be an integer from 0 to 65535' },
      { variable: 'SCHEDULE_INTERVAL_MS', problem: 'must be an integer from 1 to 86400000' },
    ]);
    expect(() => hostSettings({ PORT: 'eighty', SCHEDULE_INTERVAL_MS: '1.5' })).toThrow(/^PORT .*; SCHEDULE_INTERVAL_MS /);
    expect(() => hostSettings({ PORT: 'eighty' })).not.toThrow(/eighty/);
  });
});
