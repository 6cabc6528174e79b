import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, ROOT, RUNTIMES, runCli } from './cli-run.ts';

// About as long as a real key (100 characters, past SHA-1's 64-byte block) and easy to spot.
const KEY = `sk-cli-test-${'0123456789abcdef'.repeat(5)}-END!!!`.padEnd(100, 'x');
const PATH = '/v1/platform/identify/auth';
const BODY = '{"custom_no":"用户-42","customer_token":"t","token_expire":1767225600000}';
const hmac = (key: string, path: string, body: string | Uint8Array, algorithm = 'sha1', encoding: 'base64' | 'hex' = 'base64') =>
  createHmac(algorithm, key).update(path).update(body).digest(encoding);
const SIGNATURE = hmac(KEY, PATH, BODY);
const secrets = [KEY, KEY.slice(0, 40)];

beforeAll(buildCli);

describe.each(RUNTIMES)('passto sign / verify on %s', (runtime) => {
  it('sign prints the HMAC-SHA1 of path + body, base64, and nothing else', async () => {
    const run = await runCli(['sign', '--key', KEY, '--path', PATH, '--body', BODY], { runtime, secrets });
    expect(run).toMatchObject({ code: 0, stdout: `${SIGNATURE}\n`, stderr: '' });
  });

  it('verify exits 0 on a match and 1 on a mismatch', async () => {
    const ok = await runCli(['verify', '--key', KEY, '--path', PATH, '--body', BODY, '--signature', SIGNATURE], { runtime, secrets });
    expect(ok).toMatchObject({ code: 0, stdout: 'signature ok\n' });
    const bad = await runCli(['verify', '--key', KEY, '--path', PATH, '--body', `${BODY} `, '--signature', SIGNATURE], { runtime, secrets });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('signature mismatch');
  });

  it('verify names the cause: a trailing newline from stdin', async () => {
    const run = await runCli(['verify', '--path', PATH, '--signature', SIGNATURE], { runtime, stdin: `${BODY}\n`, env: { PASSTO_SIGNATURE_KEY: KEY }, secrets });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The signature matches when the trailing newline is removed from the body:');
  });

  it('a missing key is a usage error naming the flag and the variable', async () => {
    const run = await runCli(['sign', '--path', PATH, '--body', BODY], { runtime });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--key');
    expect(run.stderr).toContain('PASSTO_SIGNATURE_KEY');
  });
});

describe('passto sign: body sources and key sources (Node)', () => {
  it('reads stdin as raw bytes and keeps a trailing newline', async () => {
    const run = await runCli(['sign', '--key', KEY, '--path', PATH], { stdin: `${BODY}\n`, secrets });
    expect(run.stdout).toBe(`${hmac(KEY, PATH, `${BODY}\n`)}\n`);
    expect(run.stdout).not.toBe(`${SIGNATURE}\n`);
  });

  it('reads --body-file byte for byte, bytes that are not UTF-8 included', async () => {
    const bytes = Uint8Array.from([0x7b, 0xff, 0xfe, 0x00, 0x0d, 0x0a, 0xe4, 0xbd, 0xa0, 0x0a]);
    const file = join(mkdtempSync(join(tmpdir(), 'passto-cli-')), 'body.bin');
    writeFileSync(file, bytes);
    const run = await runCli(['sign', '--key', KEY, '--path', PATH, '--body-file', file], { secrets });
    expect(run.stdout).toBe(`${hmac(KEY, PATH, bytes)}\n`);
    // Read as text, 0xff would become U+FFFD and give another signature.
    expect(run.stdout).not.toBe(`${hmac(KEY, PATH, new TextDecoder().decode(bytes))}\n`);
  });

  it('signs an empty body given as --body ""', async () => {
    const run = await runCli(['sign', '--key', KEY, '--path', '/v1/events', '--body', ''], { secrets });
    expect(run.stdout).toBe(`${hmac(KEY, '/v1/events', '')}\n`);
  });

  it('takes the key from PASSTO_SIGNATURE_KEY; the flag wins over it', async () => {
    const fromEnv = await runCli(['sign', '--path', PATH, '--body', BODY], { env: { PASSTO_SIGNATURE_KEY: KEY }, secrets });
    expect(fromEnv.stdout).toBe(`${SIGNATURE}\n`);
    const flagWins = await runCli(['sign', '--key', 'other', '--path', PATH, '--body', BODY], { env: { PASSTO_SIGNATURE_KEY: KEY }, secrets });
    expect(flagWins.stdout).toBe(`${hmac('other', PATH, BODY)}\n`);
  });

  it('an empty PASSTO_SIGNATURE_KEY counts as missing', async () => {
    const run = await runCli(['sign', '--path', PATH, '--body', BODY], { env: { PASSTO_SIGNATURE_KEY: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing signature key: pass --key or set PASSTO_SIGNATURE_KEY/);
  });

  it('refuses two body sources, a missing file, unknown options and stray arguments with exit 2, echoing no value', async () => {
    const twice = await runCli(['sign', '--key', KEY, '--path', PATH, '--body', BODY, '--body-file', 'x.json'], { secrets });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--body or --body-file');
    const noFile = await runCli(['sign', '--key', KEY, '--path', PATH, '--body-file', join(ROOT, 'no-such-file.json')], { secrets });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('ENOENT');
    // A typo in the flag: the key after it would be a stray argument; it must not be printed.
    const typo = await runCli(['sign', '--kye', KEY, '--path', PATH, '--body', BODY], { secrets });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --kye');
    const stray = await runCli(['sign', KEY, '--path', PATH, '--body', BODY], { secrets });
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument');
    const noValue = await runCli(['sign', '--key', '--path', PATH, '--body', BODY]);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('option --key needs a value');
  });
});

describe('passto verify: each usual cause is tested and named', () => {
  const verify = async (args: { key?: string; path?: string; body?: string; signature?: string }) => {
    const run = await runCli(
      ['verify', '--key', args.key ?? KEY, '--path', args.path ?? PATH, '--body', args.body ?? BODY, '--signature', args.signature ?? SIGNATURE],
      { secrets },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('signature mismatch');
    return run.stdout;
  };
  const cause = (stdout: string) => /^The signature matches when (.*?): /m.exec(stdout)?.[1];

  it('a pretty-printed body signed as compact JSON', async () => {
    const out = await verify({ body: JSON.stringify(JSON.parse(BODY), null, 2) });
    expect(cause(out)).toBe('the body is re-serialized as compact JSON (JSON.stringify(JSON.parse(body)))');
  });

  it('a compact body signed pretty-printed', async () => {
    const out = await verify({ signature: hmac(KEY, PATH, JSON.stringify(JSON.parse(BODY), null, 2)) });
    expect(cause(out)).toBe('the body is re-serialized as pretty-printed JSON (2-space indent)');
  });

  it('a compact body signed with spaces after colons and commas', async () => {
    const spaced = '{"custom_no": "用户-42", "customer_token": "t", "token_expire": 1767225600000}';
    const out = await verify({ body: spaced });
    expect(cause(out)).toBe('the body is re-serialized as compact JSON (JSON.stringify(JSON.parse(body)))');
  });

  it('the API prefix in the path, /api and /dg', async () => {
    expect(cause(await verify({ path: `/api${PATH}` }))).toBe(`the path is ${PATH} (without the /api prefix)`);
    expect(cause(await verify({ path: `/dg${PATH}` }))).toBe(`the path is ${PATH} (without the /dg prefix)`);
  });

  it('the signer included the prefix the verifier left out', async () => {
    const out = await verify({ signature: hmac(KEY, `/api${PATH}`, BODY) });
    expect(cause(out)).toBe(`the path is /api${PATH} (with the /api prefix)`);
  });

  it('the query string in the path', async () => {
    const out = await verify({ path: `${PATH}?platId=7` });
    expect(cause(out)).toBe('the query string is removed from the path');
    expect(out).toContain('sign the path without its query string');
  });

  it('a full URL as the path', async () => {
    const out = await verify({ path: `https://cashier.passto.credit${PATH}?platId=7` });
    expect(cause(out)).toBe(`the path is the URL's pathname (${PATH})`);
  });

  it('a full URL with the API prefix: both changes are named', async () => {
    const out = await verify({ path: `https://cashier.passto.credit/api${PATH}?platId=7` });
    expect(cause(out)).toBe(`the path is the URL's pathname (/api${PATH}) and the path is ${PATH} (without the /api prefix)`);
  });

  it('a trailing newline in the key, never printing the key', async () => {
    const out = await verify({ key: `${KEY}\n` });
    expect(cause(out)).toBe('the whitespace around the key is removed');
    expect(out).toContain('ends with whitespace');
  });

  it('a body with a newline and a key with a newline together', async () => {
    const out = await verify({ key: `${KEY}\n`, body: `${BODY}\n` });
    expect(cause(out)).toBe('the trailing newline is removed from the body and the whitespace around the key is removed');
  });

  it('a hex signature and an HMAC-SHA256 one', async () => {
    expect(cause(await verify({ signature: hmac(KEY, PATH, BODY, 'sha1', 'hex') }))).toBe('the signature is read as hex');
    expect(cause(await verify({ signature: hmac(KEY, PATH, BODY, 'sha256') }))).toBe('the HMAC uses SHA-256');
  });

  it('a URL-safe unpadded signature', async () => {
    const urlSafe = SIGNATURE.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    expect(cause(await verify({ signature: urlSafe }))).toBe('the signature is read as URL-safe or unpadded base64');
  });

  it('a wrong key: no cause matches, and the report lists what was tried', async () => {
    const out = await verify({ key: 'another key' });
    expect(cause(out)).toBeUndefined();
    expect(out).toContain('None of the usual causes explains the mismatch');
    expect(out).toContain('the path is /api/v1/platform/identify/auth (with the /api prefix)');
    // The expected signature for the given inputs helps compare with the sender's.
    expect(out).toContain(`expected:  ${hmac('another key', PATH, BODY)}`);
  });

  it('a malformed signature is a mismatch, not a crash', async () => {
    const out = await verify({ signature: 'not base64!' });
    expect(out).toContain('is not standard base64 of 20 bytes');
  });
});

describe('passto help', () => {
  it.each(['sign', 'verify', 'auth', 'events', 'send-event', 'check'])('%s --help prints usage and examples, exit 0', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: passto ${command}`);
    expect(run.stdout).toContain('Examples:');
    const viaHelp = await runCli(['help', command]);
    expect(viaHelp.stdout).toBe(run.stdout);
  });

  it('passto --help and passto help list every command; no command is a usage error', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      for (const command of ['sign', 'verify', 'auth', 'events', 'send-event', 'check']) expect(run.stdout).toContain(`  ${command} `);
      expect(run.stdout).toContain('http://127.0.0.1:8787/sandbox/api');
    }
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: passto COMMAND');
  });

  it('an unknown command or top-level option exits 2', async () => {
    const command = await runCli(['sing', '--key', KEY]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "sing"');
    const option = await runCli(['--verbose']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option --verbose');
  });

  it('the build:cli script bundles the same entry to the same file with the node shebang', () => {
    const script = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['build:cli'] as string;
    expect(script).toContain('cli/passto.ts');
    expect(script).toContain('--outfile=dist/cli.js');
    expect(script).toContain('#!/usr/bin/env node');
    expect(readFileSync(join(ROOT, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
