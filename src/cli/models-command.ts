/**
 * `l4r models`: the LLM registry (models/registry.json) as a table — context window, GPU memory
 * from WebLLM's prebuiltAppConfig, estimated download, and whether shader-f16 is needed.
 */
import { parseArgs } from 'node:util';
import { MODEL_REGISTRY, estimateDownloadMB, needsShaderF16 } from '../llm/registry.ts';

export const usage = `usage: l4r models [--json]

Lists the models in models/registry.json (WebLLM ${MODEL_REGISTRY.webllmVersion}). VRAM comes from
WebLLM's prebuiltAppConfig; the download size is an estimate from the parameter count
(4.5 bits per parameter for q4f16_1, 5 for q4f32_1), not a measurement.

  --json   print the rows as JSON`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const rows = MODEL_REGISTRY.models.map((m) => ({
    id: m.id,
    contextWindow: m.contextWindow,
    vramMB: Math.round(m.vramMB),
    downloadMBEstimate: estimateDownloadMB(m),
    shaderF16: needsShaderF16(m),
  }));
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  console.log('id'.padEnd(38) + 'context'.padStart(8) + 'VRAM MB'.padStart(9) + '≈download MiB'.padStart(15) + '  shader-f16');
  for (const r of rows) {
    console.log(
      r.id.padEnd(38) + String(r.contextWindow).padStart(8) + String(r.vramMB).padStart(9) +
        String(r.downloadMBEstimate).padStart(15) + (r.shaderF16 ? '  yes' : '  no'),
    );
  }
  return 0;
}
