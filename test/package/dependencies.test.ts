/**
 * The runtime dependencies as users get them: caret ranges (an application that also uses valibot
 * or noble keeps one copy), the same ranges for Deno as for npm, and the installed versions (the
 * ones every other test runs on, createSigner's fast path included) inside those ranges.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../runtime/runner.ts';

const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const dependencies = json('package.json').dependencies as Record<string, string>;
const denoImports = json('deno.json').imports as Record<string, string>;

/** Whether `version` satisfies the caret range `^X.Y.Z` with X > 0: same major, not older. */
function satisfiesCaret(version: string, range: string): boolean {
  const parse = (text: string) => text.split('.').map(Number) as [number, number, number];
  const [major, minor, patch] = parse(range.slice(1));
  const [vMajor, vMinor, vPatch] = parse(version);
  return vMajor === major && (vMinor > minor || (vMinor === minor && vPatch >= patch));
}

describe('runtime dependencies', () => {
  it('are valibot and @noble/hashes, each a caret range from a 1.0 or later release', () => {
    expect(Object.keys(dependencies).sort()).toEqual(['@noble/hashes', 'valibot']);
    for (const range of Object.values(dependencies)) expect(range).toMatch(/^\^[1-9]\d*\.\d+\.\d+$/);
  });

  it.each(Object.keys(dependencies))("deno.json's import of %s has package.json's range", (name) => {
    const specifiers = Object.values(denoImports).filter((target) => target.replace(/^npm:\/?/, '').startsWith(`${name}@`));
    expect(specifiers.length, `deno.json imports ${name}`).toBeGreaterThan(0);
    for (const specifier of specifiers) expect(specifier.replace(/^npm:\/?/, '').replace(/\/$/, '')).toBe(`${name}@${dependencies[name]}`);
  });

  it("deno.json's hono is package.json's peer range (passto/hono's types come from it)", () => {
    const peer = (json('package.json').peerDependencies as Record<string, string>).hono!;
    const specifiers = Object.values(denoImports).filter((target) => target.replace(/^npm:\/?/, '').startsWith('hono@'));
    expect(specifiers.length).toBeGreaterThan(0);
    for (const specifier of specifiers) expect(specifier.replace(/^npm:\/?/, '').replace(/\/$/, '')).toBe(`hono@${peer}`);
  });

  it.each(Object.keys(dependencies))('the installed %s (what the tests run on) is inside the range', (name) => {
    const installed = json(`node_modules/${name}/package.json`).version as string;
    expect(satisfiesCaret(installed, dependencies[name]!), `${name} ${installed} for ${dependencies[name]}`).toBe(true);
  });

  it('satisfiesCaret: same major, not older', () => {
    expect(satisfiesCaret('2.4.0', '^2.4.0')).toBe(true);
    expect(satisfiesCaret('2.4.1', '^2.4.0')).toBe(true);
    expect(satisfiesCaret('2.10.0', '^2.4.0')).toBe(true);
    expect(satisfiesCaret('2.3.9', '^2.4.0')).toBe(false);
    expect(satisfiesCaret('2.4.0', '^2.4.1')).toBe(false);
    expect(satisfiesCaret('3.0.0', '^2.4.0')).toBe(false);
  });
});
