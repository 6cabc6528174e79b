/** The conformance suite on Bun, which runs the TypeScript sources directly. */
import { expect } from 'vitest';
import { binary, describeConformance, MAIN, settle, spawnReport } from '../runner.ts';

const outcome = await settle(() => spawnReport(binary('bun'), ['run', MAIN]));

describeConformance('Bun', outcome, (name) => expect(name).toMatch(/^Bun \d+\.\d+\.\d+/));
