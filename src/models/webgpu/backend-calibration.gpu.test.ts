// The automatic backend choice by measurement, in Node with Dawn's WebGPU (SwiftShader here):
// every candidate is measured, the fastest per step is active, the others say by how much they
// lost, and the figures are remembered per adapter and shape class.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { chooseBackend, useBackend } from '../backend.ts';
import { shapeClass, type ModelShape } from './backend-calibration.ts';
import { freshCalibrationMemory } from './calibration-memory.ts';

const SMALL: ModelShape = { rows: 900, dim: 16, batch: 256 };

describe('backend choice by measurement where a WebGPU adapter exists', () => {
  it('measures fused WebGPU, WASM and CPU, activates the fastest and says why the others lost', async () => {
    const memory = freshCalibrationMemory();
    const choice = await chooseBackend(undefined, { shape: SMALL, memory });
    const measured = choice.measured!;
    expect(measured.remembered).toBe(false);
    expect(Object.keys(measured.msPerStep).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
    const fastest = (Object.entries(measured.msPerStep) as [string, number][]).sort((a, b) => a[1] - b[1])[0]![0];
    expect(choice.backend).toBe(fastest);
    expect(tf.getBackend()).toBe(fastest);
    expect(measured.adapter).toMatch(/swiftshader/i);
    expect(measured.softwareAdapter).toBe(true);
    expect(measured.shapeClass).toBe('1024 rows · dim 16 · batch 256');
    expect(choice.skipped.map((s) => s.name).sort()).toEqual(['cpu', 'wasm', 'webgpu'].filter((n) => n !== fastest).sort());
    for (const s of choice.skipped) expect(s.reason).toMatch(new RegExp(`^measured [\\d.]+ ms per training step.*, ${fastest} [\\d.]+ ms \\([\\d.]+× slower; 1024 rows`));

    // The same adapter and shape class: remembered, not measured again.
    const again = await chooseBackend(undefined, { shape: { ...SMALL, rows: 1000 }, memory });
    expect(again.measured).toEqual({ ...measured, remembered: true });
    expect(again.backend).toBe(choice.backend);
    // Another shape class, or recalibrate: measured anew.
    expect((await chooseBackend(undefined, { shape: { ...SMALL, rows: 5000 }, memory })).measured!.remembered).toBe(false);
    expect((await chooseBackend(undefined, { shape: SMALL, memory, recalibrate: true })).measured!.remembered).toBe(false);
    await useBackend('webgpu');
  });

  it('names shape classes by rows rounded up to a power of two', () => {
    expect(shapeClass({ rows: 610 + 9742, dim: 64, batch: 4096 })).toBe('16384 rows · dim 64 · batch 4096');
    expect(shapeClass({ rows: 16384, dim: 8, batch: 16 })).toBe('16384 rows · dim 8 · batch 16');
  });
});
