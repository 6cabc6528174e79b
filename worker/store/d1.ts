/**
 * Cloudflare D1 behind the gateway's `SqlDatabase` interface: the library's adapter, and the
 * gateway's own with group-committed writes (d1-group-commit.ts), which the Worker uses.
 */
export { type D1Like, d1Database } from 'passto';
export { type D1Batching, groupCommitD1 } from './d1-group-commit.ts';
