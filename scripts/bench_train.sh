#!/usr/bin/env bash
# Training speed of the C++ trainer against Python PyTorch (`rebnet bench train`): installs
# what the build needs (setup.sh) and Debian's python3-torch, which only this benchmark uses
# (setup.sh does not install it), builds `rebnet` and runs the benchmark on its default (SFC,
# M = 2, the trainer's batch, all cores, 3 rounds of 20,000 images per side). The result
# goes to build/bench-train.json; extra arguments go to `rebnet bench train`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
if ! dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q "install ok installed"; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  echo "bench_train: installing python3-torch"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
fi
cmake --preset default
cmake --build --preset default --target rebnet -j "$(nproc)"
./build/rebnet bench train --json build/bench-train.json "$@"
