/**
 * `passto`, `passto/hono`... resolved to the sources in tests, as tsconfig `paths`, deno.json
 * `imports` and Node's `passto-source` condition resolve them elsewhere. Read from package.json's
 * exports, so the entry list is written once (test/package-entries.test.ts checks the others).
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
};

/** One alias per entry, longest first, each matching the whole specifier. */
export const passtoAlias = Object.entries(pkg.exports)
  .flatMap(([subpath, target]) => (typeof target === 'object' && target['passto-source'] ? [[subpath, target['passto-source']] as const] : []))
  .map(([subpath, source]) => ({
    find: new RegExp(`^passto${subpath === '.' ? '' : subpath.slice(1).replace('/', '\\/')}$`),
    replacement: new URL(source, import.meta.url).pathname,
  }));
