/**
 * README.zh-CN.md is the README for PassTo's users, who read Chinese (issue 11, item 8). It is
 * translated prose around the same code, so this keeps the two from drifting apart: the same
 * fenced code blocks, byte for byte and in the same order; the same UPPER_CASE names in backticks
 * (configuration variables, event types, constants); the same `npm …`/`npx …` commands.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string): string => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

interface Parsed {
  /** Each fenced block with its fence lines, exactly as written. */
  blocks: string[];
  /** Inline code spans outside the blocks, whitespace collapsed (a span may wrap across lines). */
  spans: string[];
}

/** CommonMark fences: 3+ backticks or tildes, closed by the same character at least as many times. */
function parse(markdown: string): Parsed {
  const blocks: string[] = [];
  const prose: string[] = [];
  let open: { fence: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      open.lines.push(line);
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === open.fence[0] && close.length >= open.fence.length) {
        blocks.push(open.lines.join('\n'));
        open = undefined;
      }
      continue;
    }
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) open = { fence, lines: [line] };
    else prose.push(line);
  }
  if (open) blocks.push(open.lines.join('\n')); // an unclosed fence runs to the end (CommonMark)
  const spans = [...prose.join('\n').matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ' ').trim());
  return { blocks, spans };
}

/** `GATEWAY_TOKEN`, `SANDBOX=on` (the name), `CREDIT_LIMIT_*`: a span that is one UPPER_CASE name. */
const upperCaseNames = (spans: string[]): Set<string> =>
  new Set(spans.flatMap((s) => /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_?\*?)(?:=\S*)?$/.exec(s)?.[1] ?? []).filter((n) => n.length > 2));

const commands = (spans: string[]): Set<string> => new Set(spans.filter((s) => /^(npm|npx) /.test(s)));

const missing = (from: Set<string>, other: Set<string>): string[] => [...from].filter((x) => !other.has(x)).sort();

/** Every way README.zh-CN.md (`zh`) has drifted from README.md (`en`), one message each; [] when in step. */
function drift(en: string, zh: string): string[] {
  const e = parse(en);
  const z = parse(zh);
  const problems: string[] = [];
  const i = e.blocks.findIndex((block, n) => block !== z.blocks[n]);
  if (i >= 0 || e.blocks.length !== z.blocks.length) {
    const n = i >= 0 ? i : e.blocks.length;
    problems.push(
      `code blocks: README.md has ${e.blocks.length}, README.zh-CN.md ${z.blocks.length}; ` +
        (n < e.blocks.length
          ? `README.md's block ${n + 1} is not README.zh-CN.md's block ${n + 1}; copy it byte for byte:\n${e.blocks[n]}`
          : `README.zh-CN.md has an extra block ${n + 1}:\n${z.blocks[n]}`),
    );
  }
  for (const [what, pick] of [
    ['UPPER_CASE names', upperCaseNames],
    ['commands', commands],
  ] as const) {
    const en = pick(e.spans);
    const zh = pick(z.spans);
    for (const x of missing(en, zh)) problems.push(`${what}: \`${x}\` is in README.md, not in README.zh-CN.md`);
    for (const x of missing(zh, en)) problems.push(`${what}: \`${x}\` is in README.zh-CN.md, not in README.md`);
  }
  return problems;
}

describe('README.zh-CN.md', () => {
  const en = read('README.md');
  const zh = read('README.zh-CN.md');

  it('is linked from README.md, and links back, right below the title', () => {
    expect(en.split('\n').slice(0, 4)).toContain('[中文说明](README.zh-CN.md)');
    expect(zh.split('\n').slice(0, 4)).toContain('[English](README.md)');
  });

  it('has the same code blocks in the same order, UPPER_CASE names and commands as README.md', () => {
    expect(drift(en, zh)).toEqual([]);
  });

  it('notices what README.md gains, and what the translation changes', () => {
    const parsed = parse(en);
    // The extractors see the README's content, or the test above would pass on nothing.
    expect(parsed.blocks.length).toBeGreaterThan(10);
    expect(upperCaseNames(parsed.spans)).toContain('GATEWAY_TOKEN');
    expect(upperCaseNames(parsed.spans)).toContain('CREDIT_LIMIT_*');
    expect(commands(parsed.spans)).toContain('npm run test:adapters');

    // Against the Chinese text itself (in step with itself), so these hold whatever README.md says today.
    expect(drift(zh, zh)).toEqual([]);
    expect(drift(`${zh}\n\`\`\`sh\nnpx passto --version\n\`\`\`\n`, zh)).toEqual([expect.stringMatching(/^code blocks: .*\n```sh\nnpx passto --version\n```$/)]);
    expect(drift(`${zh}\nSet \`NEW_SETTING_MS\`.\n`, zh)).toEqual(['UPPER_CASE names: `NEW_SETTING_MS` is in README.md, not in README.zh-CN.md']);
    expect(drift(`${zh}\nRun \`npm run new-check\`.\n`, zh)).toEqual(['commands: `npm run new-check` is in README.md, not in README.zh-CN.md']);
    expect(drift(zh, `${zh}\nRun \`npm run new-check\`.\n`)).toEqual(['commands: `npm run new-check` is in README.zh-CN.md, not in README.md']);

    const first = parse(zh).blocks[0] ?? '';
    expect(drift(zh, zh.replace(first, first.replace('\n', ' \n')))).toEqual([expect.stringMatching(/^code blocks: .* block 1 is not/)]);
    expect(drift(zh, zh.replace(first, ''))).toHaveLength(1);
  });
});
