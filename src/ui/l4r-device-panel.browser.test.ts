import { expect, test } from 'vitest';
import { softwareGpuSkips } from '../models/software-adapter.ts';
import type { DeviceReport } from './device-report.ts';
import type { L4rDevicePanel } from './l4r-device-panel.ts';
import './l4r-device-panel.ts';
import { mounter } from '../../tests/helpers/ui/mounter.ts';

const mountWith = mounter('l4r-device-panel');
const mount = (report: DeviceReport | undefined) => mountWith((el) => {
  el.report = report;
});

const text = (el: L4rDevicePanel, selector: string) => el.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

const FULL: DeviceReport = {
  gpu: {
    state: 'known',
    value: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      features: ['float32-filterable', 'shader-f16'],
      shaderF16: true,
      limits: { maxBufferSize: 2 ** 30, maxStorageBuffersPerShaderStage: 10 },
    },
  },
  backend: { state: 'known', value: { chosen: 'webgl', skipped: [{ name: 'webgpu', reason: 'navigator.gpu is missing' }] } },
  storage: { state: 'known', value: { usage: 35 * 2 ** 20, quota: 10 * 2 ** 30, persisted: false } },
  llmWeights: {
    state: 'known',
    value: [
      { modelId: 'a', displayName: 'Model A', cached: true },
      { modelId: 'b', displayName: 'Model B', cached: false },
    ],
  },
};

test('shows adapter, shader-f16, limits, backend with skipped reasons, storage and cached weights', async () => {
  const el = await mount(FULL);
  expect(text(el, '[data-field="adapter"]')).toBe('google · swiftshader');
  expect(text(el, '[data-field="shader-f16"]')).toBe('yes');
  // Byte-sized limits read as bytes, counts as counts.
  expect([...el.shadowRoot!.querySelectorAll('[data-field="limits"] li')].map((li) => li.textContent)).toEqual([
    'maxBufferSize: 1.0 GB',
    'maxStorageBuffersPerShaderStage: 10',
  ]);
  expect(text(el, '[data-field="backend"]')).toBe('webgl');
  expect(text(el, '[data-field="skipped"]')).toBe('webgpu skipped: navigator.gpu is missing');
  expect(text(el, '[data-field="usage"]')).toBe('35 MB');
  expect(text(el, '[data-field="available"]')).toBe('10.0 GB of 10 GB');
  expect(text(el, '[data-field="models-cached"]')).toBe('1 of 2 registered models cached:');
  expect(text(el, '[data-field="models"]')).toBe('Model A');
});

test('a software adapter is marked, and the backend list says why WebGPU and WebGL were passed over', async () => {
  const gpu = FULL.gpu.state === 'known' ? FULL.gpu.value : undefined;
  const el = await mount({
    ...FULL,
    gpu: { state: 'known', value: { ...gpu!, isFallbackAdapter: true } },
    backend: { state: 'known', value: { chosen: 'wasm', skipped: softwareGpuSkips({ info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } }) } },
  });
  expect(text(el, '[data-field="adapter"]')).toBe('google · swiftshader (software fallback)');
  expect(text(el, '[data-field="backend"]')).toBe('wasm');
  expect([...el.shadowRoot!.querySelectorAll('[data-field="skipped"] li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
    'webgpu skipped: software WebGPU adapter (swiftshader): CPU emulation, slower than WASM for this model',
    "webgl skipped: no GPU behind it either (WebGPU's adapter is the software swiftshader): CPU emulation, slower than WASM for this model",
  ]);
});

test('an automatic choice by measurement shows the figures that decided it, fastest first, the chosen one marked', async () => {
  const measured = { adapter: 'nvidia · hopper · NVIDIA H200', shapeClass: '16384 rows · dim 64 · batch 4096', msPerStep: { wasm: 3.1, webgpu: 0.42, cpu: 35 }, measuredAt: '2026-12-04T20:00:00Z', remembered: true };
  const el = await mount({ ...FULL, backend: { state: 'known', value: { chosen: 'webgpu', skipped: [], measured } } });
  expect(text(el, '[data-field="backend"]')).toBe('webgpu');
  expect(text(el, '[data-field="measured"] summary')).toBe('Chosen by measurement: ms per training step (16384 rows · dim 64 · batch 4096)');
  expect([...el.shadowRoot!.querySelectorAll('[data-field="measured"] li')].map((li) => li.textContent?.trim())).toEqual(['webgpu: 0.42 ms (chosen)', 'wasm: 3.10 ms', 'cpu: 35.0 ms']);
  expect(el.shadowRoot!.querySelector('[data-backend="webgpu"]')?.className).toBe('ok');
  expect(text(el, '[data-field="measured"] p')).toMatch(/^On nvidia · hopper · NVIDIA H200; remembered from .+\.$/);
  // Without a calibration (an explicit backend, or no WebGPU adapter) there is nothing to show.
  expect((await mount(FULL)).shadowRoot!.querySelector('[data-field="measured"]')).toBeNull();
});

test('each unknown part says why, and the rest still shows', async () => {
  const el = await mount({
    ...FULL,
    gpu: { state: 'unknown', reason: 'No WebGPU: navigator.gpu is missing.' },
    llmWeights: { state: 'known', value: [{ modelId: 'b', displayName: 'Model B', cached: false }] },
  });
  const unknown = [...el.shadowRoot!.querySelectorAll('[data-unknown]')].map((p) => p.textContent);
  expect(unknown).toEqual(['No WebGPU: navigator.gpu is missing.']);
  expect(text(el, '[data-field="models-cached"]')).toBe('None of the 1 registered models is cached yet.');
  expect(text(el, '[data-field="backend"]')).toBe('webgl');
});

test('while measuring it says so; "Measure again" fires l4r-refresh-device', async () => {
  const el = await mount(undefined);
  expect(el.shadowRoot!.querySelector('[role="status"]')?.textContent).toContain('Measuring');
  let refreshes = 0;
  el.addEventListener('l4r-refresh-device', () => refreshes++);
  el.shadowRoot!.querySelector('button')!.click();
  expect(refreshes).toBe(1);
});
