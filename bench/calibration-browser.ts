/**
 * What the automatic backend choice by measurement (src/models/webgpu/backend-calibration.ts)
 * costs in headless Chromium, side by side in one page: the WASM backend's cold start alone (what
 * the choice cost before it measured), the first automatic choice (the calibration: fused WebGPU,
 * WASM and CPU train a few steps of a ml-latest-small-sized BPR-MF model), and the choice again
 * with the figures remembered (every later visit on this device).
 *
 *   node --import tsx bench/calibration-browser.ts [--json]
 *
 * The demo makes the choice in its training worker when the first training starts (not on page
 * load), once per adapter and model shape; the figures stay in IndexedDB (l4r-backend-calibration).
 */
import { parseArgs } from 'node:util';
import { withBenchPage } from './bench-page.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  return withBenchPage('bench/calibration.html', 'runCalibrationBench', async (page) => {
    const result = await page.evaluate(() => window.runCalibrationBench!());
    if (values.json) {
      console.log(JSON.stringify({ browser: 'chromium (headless)', ...result }, null, 2));
      return 0;
    }
    const m = result.measured;
    console.log(`Automatic backend choice in headless Chromium${m ? ` (adapter ${m.adapter}; model ${m.shapeClass})` : ''}:`);
    console.log(`  useBackend('wasm') from cold (the choice before it measured): ${result.wasmOnlyMs.toFixed(0)} ms`);
    console.log(`  first automatic choice (calibration):                         ${result.firstChoiceMs.toFixed(0)} ms → ${result.chosen}`);
    console.log(`  automatic choice again (figures remembered):                  ${result.rememberedChoiceMs.toFixed(0)} ms`);
    if (m) {
      const rows = Object.entries(m.msPerStep).sort((a, b) => a[1] - b[1]);
      console.log(`  ms per training step: ${rows.map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}`);
    }
    return 0;
  });
}

process.exitCode = await main();
