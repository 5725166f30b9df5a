// One place for how headless Chromium is started, shared by Vitest's browser mode,
// the end-to-end tests and the browser benchmarks.
// Debian's `chromium` package gives a real WebGPU adapter (SwiftShader, on the CPU) with
// --enable-unsafe-webgpu; the networking flags stop it phoning home on a closed network.

export const CHROMIUM_PATH = process.env.L4R_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
  headless: true,
};
