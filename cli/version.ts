/**
 * The package's version, read from package.json when the CLI is bundled (esbuild inlines the
 * JSON into dist/cli.js) or run from source (Deno, Bun): there is no second copy to forget.
 */
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
