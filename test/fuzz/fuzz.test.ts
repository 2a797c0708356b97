// The fuzz test: mutated bodies for every served kind and write verb against a real daemon, with a fixed seed and
// a time budget (FUZZ_SECONDS, default 50); no 5xx, nothing of the wrong type stored, the server alive at the end.
// `npm run fuzz -- --seconds N --seed S` runs the same engine for longer.
import { describe, expect, it } from 'vitest';
import { runFuzz } from './engine.js';

const SECONDS = Number(process.env['FUZZ_SECONDS'] ?? 50);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20240506);

describe('fuzzing every kind and write verb', () => {
  it(
    `answers no 5xx and stores nothing of the wrong type (seed ${SEED}, ${SECONDS} s)`,
    async () => {
      const report = await runFuzz({ seconds: SECONDS, seed: SEED });
      expect(report.kinds.length).toBeGreaterThan(20);
      expect(report.cases).toBeGreaterThan(50);
      expect(report.findings).toEqual([]);
      expect(report.alive).toBe(true);
    },
    (SECONDS + 90) * 1000,
  );
});
