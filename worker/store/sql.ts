/** The gateway's SQL interface is the library's: D1 and the runtimes' SQLite behind one shape. */
export type { SqlDatabase, SqlValue } from 'passto';
