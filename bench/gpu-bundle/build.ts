/**
 * `npm run bench:gpu`: builds the self-contained GPU measurement bundle of ../shared/GPU-CHECK.md
 * into .gpu/ (and the Vulkan loader's Debian packages into .gl/, when apt can download them),
 * both ignored by git. Copy both folders to a GPU machine that has python3 and the NVIDIA driver,
 * and run `sh .gpu/run.sh`: it prints one table — TF.js WASM, WebGPU with our fused kernels,
 * WebGPU with tensor ops, and PyTorch on CUDA (Adam and SparseAdam) — all on the same split.
 *
 *   node --import tsx bench/gpu-bundle/build.ts [--no-gl] [--data public/data/ml-latest-small]
 *
 * What is in .gpu/ (about 40 MiB):
 *   bench.mjs        this repo's `l4r bench train` and its row processes, one ESM file (esbuild)
 *   preload.mjs      Dawn's WebGPU as navigator.gpu, loaded before TF.js (node --import)
 *   node_modules/    the two packages that must stay files: webgpu (index.js, dawn.node.xz) and
 *                    @tensorflow/tfjs-backend-wasm (package.json, the .wasm binaries)
 *   node.xz          this machine's Node binary (no unusual library needs)
 *   split.json       the leave-one-out split every row trains on
 *   reference_bpr.py the PyTorch reference (bench/reference_bpr.py, --device cuda)
 *   run.sh           the whole measurement (decompress, GPU facts, the table)
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { parseDatasetFromPath } from '../../src/data/import/node-source.ts';
import { leaveOneOutByTime } from '../../src/data/splits.ts';
import { splitJson } from '../../src/cli/split-json.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, '.gpu');
const gl = join(root, '.gl');

/** TF.js's CommonJS parts and the WASM backend's loader use these; an ESM bundle has none. */
const BANNER = [
  "import { createRequire as __l4rCreateRequire } from 'node:module';",
  "import { fileURLToPath as __l4rFileURLToPath } from 'node:url';",
  "import { dirname as __l4rDirname } from 'node:path';",
  'const require = __l4rCreateRequire(import.meta.url);',
  'const __filename = __l4rFileURLToPath(import.meta.url);',
  'const __dirname = __l4rDirname(__filename);',
].join('\n');

/** Vite's `?url` imports (the browser's .wasm paths) mean nothing in Node: an empty string. */
const viteUrlStub: Plugin = {
  name: 'vite-url-stub',
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, (args) => ({ path: args.path, namespace: 'vite-url' }));
    b.onLoad({ filter: /.*/, namespace: 'vite-url' }, () => ({ contents: 'export default "";', loader: 'js' }));
  },
};

async function bundle(entry: string, file: string): Promise<void> {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(out, file),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // ESM first everywhere, so TF.js core is ONE copy (its CommonJS build beside the backends' ESM would make two engines).
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    external: ['webgpu'],
    plugins: [viteUrlStub],
    logLevel: 'warning',
    legalComments: 'none',
  });
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(file, args, { maxBuffer: 1 << 26 }, (error, stdout, stderr) => (error ? reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout))));
}

/** `xz -6 -T0` of `from` into `to` (Node and dawn.node shrink to about a quarter). */
function xz(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('xz', ['-6', '-T0', '-c', from], { encoding: 'buffer', maxBuffer: 1 << 30 });
    child.stdout!.pipe(createWriteStream(to));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`xz ${from} exited with ${code}`))));
  });
}

async function copyInto(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await copyFile(from, to);
}

/** The Vulkan loader and glvnd as amd64 .debs (GPU-CHECK.md), downloaded once; why not, when apt cannot. */
async function vulkanDebs(): Promise<string> {
  await mkdir(gl, { recursive: true });
  const have = (await readdir(gl)).filter((f) => f.endsWith('.deb'));
  if (have.length > 0) return `kept ${have.length} packages already in .gl/`;
  const lists = '/tmp/l4r-apt-amd64';
  await mkdir(join(lists, 'partial'), { recursive: true });
  const options = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
  try {
    await run('apt-get', [...options, '-q', 'update']);
    const packages = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];
    await new Promise<void>((resolve, reject) =>
      execFile('apt-get', [...options, 'download', ...packages], { cwd: gl }, (error, _out, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve())),
    );
    return `downloaded ${(await readdir(gl)).filter((f) => f.endsWith('.deb')).length} packages into .gl/`;
  } catch (error) {
    return `not downloaded (${String(error).split('\n')[0]}); the GPU machine then needs its own libvulkan1 and libglvnd0`;
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'no-gl': { type: 'boolean' }, data: { type: 'string', default: 'public/data/ml-latest-small' } } });
  // node.xz takes a while to make and never changes for one Node binary: keep it across builds.
  const keep = new Set(['node.xz', 'node.xz.source']);
  await mkdir(out, { recursive: true });
  for (const entry of await readdir(out)) if (!keep.has(entry)) await rm(join(out, entry), { recursive: true, force: true });

  await bundle('bench/gpu-bundle/entry.ts', 'bench.mjs');
  await bundle('bench/node-webgpu-preload.ts', 'preload.mjs');

  const webgpu = join(root, 'node_modules/webgpu');
  for (const file of ['package.json', 'index.js', 'LICENSE.md']) await copyInto(join(webgpu, file), join(out, 'node_modules/webgpu', file));
  await mkdir(join(out, 'node_modules/webgpu/dist/linux-x64'), { recursive: true });
  await xz(join(webgpu, 'dist/linux-x64/dawn.node'), join(out, 'node_modules/webgpu/dist/linux-x64/dawn.node.xz'));
  const wasm = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm');
  await copyInto(join(wasm, 'package.json'), join(out, 'node_modules/@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of (await readdir(join(wasm, 'dist'))).filter((f) => f.endsWith('.wasm'))) {
    await copyInto(join(wasm, 'dist', file), join(out, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', file));
  }

  const dataset = await parseDatasetFromPath(join(root, values.data));
  await writeFile(join(out, 'split.json'), JSON.stringify(splitJson(dataset, leaveOneOutByTime(dataset.interactions))));
  await copyFile(join(root, 'bench/reference_bpr.py'), join(out, 'reference_bpr.py'));
  await copyFile(join(root, 'bench/gpu-bundle/run.sh'), join(out, 'run.sh'));

  const node = process.execPath;
  const source = `${node} ${(await stat(node)).size} ${(await stat(node)).mtimeMs} ${process.version}`;
  const packed = await readFile(join(out, 'node.xz.source'), 'utf8').catch(() => '');
  if (packed !== source) {
    await xz(node, join(out, 'node.xz'));
    await writeFile(join(out, 'node.xz.source'), source);
  }
  const debs = values['no-gl'] ? 'skipped (--no-gl)' : await vulkanDebs();

  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  console.log(`GPU bundle: ${relative(process.cwd(), out) || '.'}/ ${mib(await folderBytes(out))} MiB (Node ${process.version}, dataset ${dataset.name})`);
  console.log(`Vulkan loader packages: ${debs}`);
  console.log('On the GPU machine, with .gpu/ and .gl/ side by side:  sh .gpu/run.sh   (OUT=<folder> keeps result.txt, gpu.txt)');
  console.log('Here, on SwiftShader, to prove the bundle runs:  VULKAN=swiftshader REFERENCE_DEVICE=cpu EPOCHS=1 OPS_EPOCHS=0 PYTHON=/usr/bin/python3 sh .gpu/run.sh');
  return 0;
}

process.exitCode = await main();
