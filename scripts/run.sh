#!/usr/bin/env bash
# README command (a): install what is missing, build the `rebnet` executable and
# run the main job on its default: `rebnet explore` on Fashion-MNIST (SFC trained
# at M = 1, 2, 3; every k <= M; folding searched for 200k frames/s at 100 MHz;
# PYNQ-Z2). Results go to build/explore (results.json, results.csv, report.md,
# accuracy_vs_fps.svg); models and measurements are cached in ~/.cache/rebnet,
# so a second run only re-reads them. Extra arguments go to `rebnet explore`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
cmake --build --preset default --target rebnet -j "$(nproc)"
./build/rebnet explore --out build/explore --jobs "$(nproc)" "$@"
