/**
 * The root `prepare` script: installs the Node 22 binary (tools/node22) that the Node adapter and
 * its tests run on. npm runs `prepare` after `npm ci` and `npm install` in this repository only,
 * never when the package is installed as a dependency from the registry or a tarball (where
 * tools/ is not shipped anyway), so nothing runs on a consumer's install. npm also runs `prepare`
 * before `npm pack` and `npm publish`, which need no Node 22: skipped there.
 */
import { execSync } from 'node:child_process';

const here = new URL('.', import.meta.url).pathname;
const command = process.env.npm_command ?? '';

if (['pack', 'publish'].includes(command)) {
  console.log(`tools/node22: not installed during npm ${command}`);
} else {
  // `npm ci`: exactly the versions of tools/node22/package-lock.json, cleanly reinstalled.
  execSync('npm ci --no-audit --no-fund', { cwd: here, stdio: 'inherit' });
}
