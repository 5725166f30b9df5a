import { describe, expect, it } from 'vitest';
import { SWIFTSHADER_ICD, vulkanEnv } from './vulkan-env.ts';

describe('the Vulkan driver a WebGPU child process gets', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);

  it('auto: the system loader where there is one (a GPU machine), or VK_ICD_FILENAMES when set', () => {
    expect(vulkanEnv('auto', {}, only('/usr/lib/x86_64-linux-gnu/libvulkan.so.1', SWIFTSHADER_ICD))).toEqual({});
    expect(vulkanEnv('auto', { VK_ICD_FILENAMES: '/etc/vulkan/icd.d/nvidia_icd.json' }, only(SWIFTSHADER_ICD))).toEqual({});
  });

  it('auto or swiftshader on a machine without a loader: Debian chromium\'s SwiftShader, library path first', () => {
    expect(vulkanEnv('auto', { LD_LIBRARY_PATH: '/opt/x' }, only(SWIFTSHADER_ICD))).toEqual({ VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: '/usr/lib/chromium:/opt/x' });
    expect(vulkanEnv('swiftshader', {}, only(SWIFTSHADER_ICD))).toEqual({ VK_ICD_FILENAMES: SWIFTSHADER_ICD, LD_LIBRARY_PATH: '/usr/lib/chromium' });
  });

  it('system: nothing added; swiftshader without chromium: null (the caller says why)', () => {
    expect(vulkanEnv('system', {}, only())).toEqual({});
    expect(vulkanEnv('swiftshader', {}, only())).toBeNull();
  });
});
