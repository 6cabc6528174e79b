/**
 * Names the JavaScript runtime this code runs on, with its version where it can be read.
 * The one place the suite and the benchmarks tell Node, Deno, Bun and workerd apart.
 */
export function runtimeName(): string {
  const g = globalThis as {
    Deno?: { version: { deno: string } };
    Bun?: { version: string };
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  // Bun and Deno also define `process` (Node compatibility), so they are checked first.
  if (g.Deno !== undefined) return `Deno ${g.Deno.version.deno}`;
  if (g.Bun !== undefined) return `Bun ${g.Bun.version}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node !== undefined) return `Node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? 'unknown runtime';
}
