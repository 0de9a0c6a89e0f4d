#!/usr/bin/env bash
# README command (a): install what is missing, build, run the main job on its
# default (Fashion-MNIST). Until `rebnet explore` exists this is the most
# complete job there is: make an SFC model and evaluate its integer contract on
# the full Fashion-MNIST test set, then benchmark the golden model.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cmake --preset default
cmake --build --preset default -j "$(nproc)"
mkdir -p build/run
./build/rebnet random-model --topology sfc --levels 2 --seed 1 --out build/run/sfc-m2.rbn
./build/rebnet eval --model build/run/sfc-m2.rbn --json build/run/eval.json
./build/rebnet bench golden --json build/run/bench-golden.json
