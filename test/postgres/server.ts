/**
 * A throwaway PostgreSQL server for tests and benchmarks: Debian's `postgresql` binaries (found
 * under /usr/lib/postgresql/<version>/bin, not on PATH), a new cluster in a temporary directory,
 * listening on a free port of 127.0.0.1 only (trust auth there, nowhere else), its unix socket in
 * that directory. `initdb` and `postgres` refuse to run as root, so as root they run as the
 * `postgres` user the package creates. Plain Node (no vitest), so a benchmark can use it too:
 *
 * ```ts
 * const pg = await startThrowawayPostgres();
 * if ('skipped' in pg) console.log(pg.skipped); else { use(pg.url); await pg.stop(); }
 * ```
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, untilPrinted } from '../adapters/adapter-process.ts';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** A running server: `url` is a `postgres://` URL for the database `passto`. */
export interface ThrowawayPostgres {
  url: string;
  /** A second database on the same server, empty; answers its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
}

export interface ThrowawayOptions {
  /**
   * Keep fsync on, as a production server would (benchmarks of durable ingestion). Off by default:
   * tests do not need a crash of the machine to be survivable, and fsync makes them slower.
   */
  durable?: boolean;
  /** The directory of `initdb` and `postgres` (default: `postgresBinDir()`). */
  binDir?: string;
}

/** The directory of `initdb` and `postgres`: PATH first, then Debian's versioned folders, newest first. */
export function postgresBinDir(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  return undefined;
}

/** The postgres user's uid and gid, when we are root and it exists. */
function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts a server, or says why it cannot (`skipped`): no PostgreSQL installed, root without a
 * `postgres` user, or a server that did not come up (its log's tail is in the reason).
 */
export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres | { skipped: string }> {
  const bin = options.binDir ?? postgresBinDir();
  if (!bin || !existsSync(join(bin, 'initdb'))) return { skipped: 'PostgreSQL is not installed (no initdb/postgres on PATH or under /usr/lib/postgresql; `apt-get install postgresql`)' };
  const root = process.getuid?.() === 0;
  const user = root ? postgresUser() : undefined;
  if (root && !user) return { skipped: 'running as root and there is no `postgres` user to run initdb/postgres as' };
  // As root, every command runs as the postgres user; otherwise as ourselves.
  const as = (command: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);

  const dir = mkdtempSync(join(tmpdir(), 'passto-postgres-'));
  const data = join(dir, 'data');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    chmodSync(dir, 0o700);
    const [initdb, initArgs] = as(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth=trust', '--no-sync']);
    execFileSync(initdb, initArgs, { stdio: 'pipe', timeout: START_TIMEOUT_MS });
    // Trust on loopback TCP and the socket in our own directory only (initdb --auth would also trust ::1).
    writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  } catch (error) {
    remove();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    return { skipped: `initdb failed: ${stderr || (error as Error).message}` };
  }

  const port = await freePort();
  const settings = [
    ['listen_addresses', '127.0.0.1'],
    ['port', String(port)],
    ['unix_socket_directories', dir],
    ['max_connections', '200'],
    ['fsync', options.durable ? 'on' : 'off'],
    ['synchronous_commit', options.durable ? 'on' : 'off'],
    ['full_page_writes', options.durable ? 'on' : 'off'],
  ];
  const [postgres, args] = as(join(bin, 'postgres'), ['-D', data, ...settings.flatMap(([k, v]) => ['-c', `${k}=${v}`])]);
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // The postmaster's own pid (the child may be runuser): signals go to it.
  const postmasterPid = (): number | undefined => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  const signal = (name: NodeJS.Signals) => {
    const pid = postmasterPid();
    try {
      if (pid) process.kill(pid, name);
      else child.kill(name);
    } catch {
      // already gone
    }
  };
  // A test runner that dies must not leave a server behind: immediate shutdown on our exit.
  const onExit = () => signal('SIGQUIT');
  process.once('exit', onExit);

  const ready = await untilPrinted(child, () => log, 'database system is ready to accept connections', START_TIMEOUT_MS, exited);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGINT'); // fast shutdown: disconnects clients, no waiting for them
      const timer = setTimeout(() => signal('SIGQUIT'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    remove();
  };
  if (!ready) {
    await stop();
    return { skipped: `postgres did not start:\n${log.slice(-2000)}` };
  }

  const [psql] = [join(bin, 'psql')];
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const createDatabase = async (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
    const [command, psqlArgs] = as(existsSync(psql) ? psql : 'psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', `CREATE DATABASE ${name}`]);
    execFileSync(command, psqlArgs, { stdio: 'pipe', timeout: START_TIMEOUT_MS });
    return `${base}/${name}`;
  };
  try {
    return { url: await createDatabase('passto'), createDatabase, stop };
  } catch (error) {
    await stop();
    return { skipped: `could not create a database: ${(error as { stderr?: Buffer }).stderr?.toString('utf8') ?? (error as Error).message}` };
  }
}
