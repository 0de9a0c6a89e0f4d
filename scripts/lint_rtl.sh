#!/usr/bin/env bash
# Lints rtl/ with `verilator --lint-only -Wall --assert`: first the whole file list at
# once (every block no other block instantiates is a top, at its defaults; also with
# plain -Wall and no waiver file), then the
# MVTU for several parameter sets, including awkward ones (Simd = 1, MatrixW not a
# multiple of Simd, Pe = 1, last layer, pixel input with 8 levels, FIFO depth 1), and
# every other block at its defaults and at extreme sizes. Exit status 0 = all clean.
set -uo pipefail
cd "$(dirname "$0")/.."

waivers=rtl/lint_waivers.vlt
fails=0
runs=0

run_lint() {  # run_lint <label> <verilator args...>
  local label=$1; shift
  runs=$((runs + 1))
  local out
  if out=$(verilator --lint-only "$@" 2>&1); then
    echo "clean  $label"
  else
    echo "FAIL   $label"
    echo "$out" | sed 's/^/       /'
    fails=$((fails + 1))
  fi
}

lint() {  # lint <top> <files...> -- <verilator -G args...>
  local top=$1; shift
  local files=()
  while [[ $# -gt 0 && $1 != -- ]]; do files+=("$1"); shift; done
  shift
  check "$top $*" --top-module "$top" "${files[@]}" "$@"
}

check() { local label=$1; shift; run_lint "$label" -Wall --assert "$waivers" "$@"; }

# The plain command a user runs over rtl/: no waiver file, no --assert.
run_lint "rtl/rebnet.f (all blocks, plain -Wall)" -Wall -F rtl/rebnet.f
check "rtl/rebnet.f (all blocks)" -F rtl/rebnet.f

mvtu=(-F rtl/rebnet.f)
lint rebnet_mvtu "${mvtu[@]}" --
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=13 -GMatrixH=8 -GSimd=4 -GPe=4 -GLevelsIn=3 -GLevelsOut=1 "-GScales=24'h030507"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=5 -GMatrixH=6 -GSimd=1 -GPe=2 -GLevelsIn=2 -GLevelsOut=2 "-GScales=16'h01ff"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=20 -GMatrixH=5 -GSimd=8 -GPe=1 -GLevelsIn=1 -GLevelsOut=3 "-GScales=8'd77"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=37 -GMatrixH=10 -GSimd=8 -GPe=2 -GLevelsIn=2 -GLevelsOut=0 "-GScales=16'h2a05"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=16 -GMatrixH=8 -GSimd=16 -GPe=4 -GLevelsIn=8 -GLevelsOut=2 "-GPixelInput=1'b1" "-GScales=64'h0102040810204080"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=40 -GMatrixH=6 -GSimd=40 -GPe=3 -GLevelsIn=1 -GLevelsOut=8 -GOutFifoDepth=1 "-GScales=8'd200"
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=1024 -GMatrixH=256 -GSimd=32 -GPe=8 -GLevelsIn=2 -GLevelsOut=2 "-GScales=16'h40ff" '-GWeightFile="w.mem"' '-GThresholdFile="t"'
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=416 -GMatrixH=32 -GSimd=32 -GPe=2 -GLevelsIn=1 -GLevelsOut=1 '-GWeightMemStyle="block"'
lint rebnet_mvtu "${mvtu[@]}" -- -GMatrixW=13 -GMatrixH=8 -GSimd=4 -GPe=4 -GLevelsIn=3 -GLevelsOut=1 "-GScales=24'h030507" '-GWeightMemStyle="distributed"'

wc=(rtl/rebnet_width_converter.sv)
lint rebnet_width_converter "${wc[@]}" --
lint rebnet_width_converter "${wc[@]}" -- -GInElems=4 -GOutElems=3 -GVectorElems=12 -GElemBits=2
lint rebnet_width_converter "${wc[@]}" -- -GInElems=3 -GOutElems=8 -GVectorElems=9 -GElemBits=3
lint rebnet_width_converter "${wc[@]}" -- -GInElems=1 -GOutElems=1 -GVectorElems=1 -GElemBits=1

fifo=(rtl/rebnet_stream_fifo.sv)
lint rebnet_stream_fifo "${fifo[@]}" --
lint rebnet_stream_fifo "${fifo[@]}" -- -GWidth=1 -GDepth=1
lint rebnet_stream_fifo "${fifo[@]}" -- -GWidth=96 -GDepth=5

swu=(rtl/rebnet_sliding_window.sv)
lint rebnet_sliding_window "${swu[@]}" --
lint rebnet_sliding_window "${swu[@]}" -- -GChannels=1 -GSimd=1 -GKernel=1 -GInWidth=1 -GInHeight=1
lint rebnet_sliding_window "${swu[@]}" -- -GChannels=64 -GSimd=32 -GKernel=3 -GInWidth=30 -GInHeight=30 -GElemBits=2
lint rebnet_sliding_window "${swu[@]}" -- -GChannels=3 -GSimd=3 -GKernel=15 -GInWidth=15 -GInHeight=17 -GElemBits=8

pool=(rtl/rebnet_max_pool.sv)
lint rebnet_max_pool "${pool[@]}" --
lint rebnet_max_pool "${pool[@]}" -- -GChannels=1 -GInWidth=2 -GInHeight=2 -GElems=1 -GElemBits=1
lint rebnet_max_pool "${pool[@]}" -- -GChannels=64 -GInWidth=27 -GInHeight=13 -GElems=16 -GElemBits=8

select=(rtl/rebnet_label_select.sv)
lint rebnet_label_select "${select[@]}" --
lint rebnet_label_select "${select[@]}" -- -GClasses=1 -GPe=1
lint rebnet_label_select "${select[@]}" -- -GClasses=12 -GPe=4

encoder=(rtl/rebnet_pixel_encoder.sv)
lint rebnet_pixel_encoder "${encoder[@]}" --
lint rebnet_pixel_encoder "${encoder[@]}" -- -GElems=1 -GPixelLevels=1
lint rebnet_pixel_encoder "${encoder[@]}" -- -GElems=64 -GPixelLevels=3

bridge=(rtl/rebnet_axi_bridge.sv)
lint rebnet_axi_bridge "${bridge[@]}" --
lint rebnet_axi_bridge "${bridge[@]}" -- -GInBits=8 -GOutBits=64 -GMaxLevels=8
lint rebnet_axi_bridge "${bridge[@]}" -- -GInBits=13 -GOutBits=17 -GMaxLevels=1

echo "lint: $((runs - fails)) of $runs clean"
[[ $fails -eq 0 ]]
