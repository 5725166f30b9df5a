import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendBenchRow } from '../training/train-benchmark.ts';
import { failureCause } from './bench-train-command.ts';
import { main } from './main.ts';
import { captureConsole } from '../../tests/helpers/cli/capture-console.ts';

afterEach(() => vi.restoreAllMocks());

// 12 users × 10 items, 6 ratings each at increasing times (as in eval-command.test.ts).
const lines = ['user,item,rating,timestamp'];
for (let u = 0; u < 12; u++) for (let k = 0; k < 6; k++) lines.push(`u${u},i${(u * 3 + k) % 10},${1 + ((u + k) % 5)},${k + 1}`);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'l4r-bench-train-'));
  await writeFile(join(dir, 'ratings.csv'), `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('l4r bench train', () => {
  // Real child processes (node + tsx): a few seconds.
  it('measures each TF.js backend in a process of its own and says why the reference did not run', { timeout: 120_000 }, async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const args = ['bench', 'train', '--data', join(dir, 'ratings.csv'), '--epochs', '2', '--cpu-epochs', '1', '--queries', '3'];
    const code = await main([...args, '--dim', '4', '--batch', '16', '--python', join(dir, 'no-python'), '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('\n')) as { trainInteractions: number; rows: BackendBenchRow[] };
    expect(result.trainInteractions).toBe(48);
    expect(result.rows.map((r) => r.name)).toEqual(['tfjs-wasm', 'tfjs-cpu', 'tfjs-webgpu', 'tfjs-webgpu-ops', 'pytorch adam', 'pytorch sparse-adam']);
    const [wasm, cpu, fused, ops, adam] = result.rows as [BackendBenchRow, BackendBenchRow, BackendBenchRow, BackendBenchRow, BackendBenchRow];
    // WebGPU through Dawn, on SwiftShader here (Debian's chromium, as in CI): fused kernels, then tensor ops.
    expect([fused.step, ops.step]).toEqual(['webgpu-fused', 'tensor-ops']);
    expect([fused.epochs, ops.epochs]).toEqual([2, 1]);
    expect(fused.adapter).toMatch(/swiftshader/i);
    expect(fused.softwareAdapter).toBe(true);
    expect(fused.peakGpuMiB).toBeGreaterThan(0);
    expect(typeof fused.ndcg10).toBe('number');
    expect(wasm.step).toBe('wasm-simd');
    expect([wasm.epochs, cpu.epochs]).toEqual([2, 1]);
    for (const row of [wasm, cpu]) {
      expect(row.skipped).toBeUndefined();
      expect(row.peakRssMiB).toBeGreaterThanOrEqual(row.baseRssMiB!);
      // 3 tables (weights, m, v) of (12 + 10) rows × 4 floats, and 3 loss scalars, in MiB.
      expect(row.peakTensorMiB).toBe((3 * 22 * 4 * 4 + 3 * 4) / 2 ** 20);
    }
    // Only the run with --epochs is evaluated.
    expect(typeof wasm.ndcg10).toBe('number');
    expect(cpu.ndcg10).toBeUndefined();
    // The cause from the failed process (here: no such interpreter), and what to do.
    expect(adam.skipped).toMatch(/the reference did not run \(.*ENOENT.*\); it needs python3 with torch \(Debian: python3-torch\), or pass --python/);
  });

  it('prints the memory columns and their legend in the text table', { timeout: 60_000 }, async () => {
    const { out } = captureConsole({ silenceWarn: true });
    const code = await main(['bench', 'train', '--data', join(dir, 'ratings.csv'), '--epochs', '1', '--cpu-epochs', '0', '--webgpu-epochs', '0', '--webgpu-ops-epochs', '0', '--queries', '1', '--dim', '4', '--no-reference']);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/base RSS MiB {2}peak RSS MiB {2}tensor MiB/);
    expect(text).toMatch(/^tfjs-wasm /m);
    expect(text).not.toMatch(/tfjs-cpu|pytorch/);
    expect(text).toMatch(/peak RSS: peak resident set size of the row's own process/);
  });

  it("a failed process's reason is the last line it wrote to stderr", () => {
    expect(failureCause(new Error('Command failed: /usr/bin/python3 bench/reference_bpr.py --split s.json\nTraceback (most recent call last):\n  File "x"\nModuleNotFoundError: No module named \'torch\'\n'))).toBe(
      "ModuleNotFoundError: No module named 'torch'",
    );
    expect(failureCause(new Error('spawn /nowhere ENOENT'))).toBe('Error: spawn /nowhere ENOENT');
  });

  it('explains the memory columns in its usage', async () => {
    const { out } = captureConsole();
    expect(await main(['bench', 'train', '--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/peak RSS MiB {2}the process's peak resident set size/);
  });
});
