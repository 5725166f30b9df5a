#!/bin/sh
# The whole GPU measurement in one script (built by `npm run bench:gpu`; recipe: notes and
# ../shared/GPU-CHECK.md). Copy the folders .gpu/ and .gl/ to the GPU machine, side by side, then:
#   sh .gpu/run.sh                      # OUT=<folder> keeps result.txt and gpu.txt there
# It needs only python3 (with torch for the reference rows) and the NVIDIA driver with Vulkan.
# Variables: EPOCHS (5), OPS_EPOCHS (tensor-op WebGPU row, 5), CPU_EPOCHS (0), QUERIES (200),
# VULKAN (system; swiftshader to test the bundle on a machine without a GPU), REFERENCE_DEVICE
# (cuda; cpu without a GPU), PYTHON (python3).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/out}
VULKAN=${VULKAN:-system}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"

# The Vulkan loader and glvnd (without glvnd the NVIDIA driver answers VK_ERROR_INCOMPATIBLE_DRIVER).
if [ "$VULKAN" != swiftshader ] && [ -d "$HERE/../.gl" ]; then
  for f in "$HERE"/../.gl/*.deb; do [ -e "$f" ] && dpkg -x "$f" /; done
  ldconfig || true
fi

# Node and Dawn travel xz-compressed; python's lzma unpacks them (no xz needed).
NODE=${NODE:-/tmp/l4r-gpu-node}
"$PYTHON" - "$HERE" "$NODE" <<'PY'
import lzma, os, shutil, sys
here, node = sys.argv[1], sys.argv[2]
dawn = os.path.join(here, "node_modules/webgpu/dist/linux-x64/dawn.node")
for packed, plain in ((os.path.join(here, "node.xz"), node), (dawn + ".xz", dawn)):
    if not os.path.exists(plain) or os.path.getmtime(plain) < os.path.getmtime(packed):
        with lzma.open(packed) as src, open(plain, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.chmod(plain, 0o755)
PY

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -a)"
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || echo "nvidia-smi: not available"
  "$PYTHON" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available() and torch.cuda.get_device_name(0))" 2>/dev/null || echo "torch: not available"
  echo "node: $("$NODE" --version)"
} | tee "$OUT/gpu.txt"

cd "$HERE"
"$NODE" bench.mjs --split split.json --vulkan "$VULKAN" \
  --epochs "${EPOCHS:-5}" --webgpu-ops-epochs "${OPS_EPOCHS:-5}" --cpu-epochs "${CPU_EPOCHS:-0}" \
  --queries "${QUERIES:-200}" --python "$PYTHON" --reference-device "${REFERENCE_DEVICE:-cuda}" "$@" | tee "$OUT/result.txt"
