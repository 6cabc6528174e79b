/** Cloudflare D1 behind the gateway's `SqlDatabase` interface (the library's adapter). */
export { type D1Like, d1Database } from 'passto';
