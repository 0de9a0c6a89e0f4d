#!/usr/bin/env bash
# Synthesizes rebnet_mvtu (with the memory images of a random layer, fixed seed),
# rebnet_sliding_window, rebnet_max_pool, rebnet_label_select and rebnet_pixel_encoder
# with `yosys synth_xilinx` (Xilinx 7-series cells) for a few
# representative parameter sets, fails on any
# latch ($dlatch / LDCE / LDPE or a "Latch inferred" message) or cell left unmapped
# (a yosys-internal $ cell), and reports
# LUT / FF / CARRY4 / DSP48E1 / RAMB18E1 / RAMB36E1 / LUTRAM counts plus what each
# memory was mapped to; the wmem_* sets also check the weight memory's MemStyle
# (block RAM when asked, LUTs when yosys decides). Logs and images go to $SYNTH_DIR
# (default build/synth). The images come from $RTL_MEMGEN (default
# build/tests/rtl/rtl_memgen, the generator's own writer): one threshold image per
# encoder lane, and only the generator knows the lane count.
#
# The whole networks (SFC, LFC, CNV: random models at the foldings of docs/synthesis.md)
# go through `rebnet synth` (hierarchical synth_xilinx, the same latch and unmapped-cell
# checks); they take 5 to 16 minutes each on a loaded 2-core machine, so `all` leaves
# them out. $REBNET names the executable (default build/rebnet); results are cached in
# $SYNTH_DIR/cache.
#
#   scripts/synth_check.sh            the `blocks` group: every block at small sizes, the
#                                     memory-style rule (what ctest's RtlSynthCheck runs)
#   scripts/synth_check.sh big        the `big` group: CNV-sized memories (large, swu_cnv,
#                                     pool_cnv; RtlSynthCheckBig, label nightly)
#   scripts/synth_check.sh all        both groups
#   scripts/synth_check.sh small      one set (small | large | last | wmem_block |
#                                     wmem_auto | swu_small | swu_cnv | pool_small |
#                                     pool_cnv | select | encoder | sfc | lfc | cnv)
#   scripts/synth_check.sh networks   sfc, lfc and cnv
set -euo pipefail
cd "$(dirname "$0")/.."

out=${SYNTH_DIR:-build/synth}
memgen=${RTL_MEMGEN:-build/tests/rtl/rtl_memgen}
mkdir -p "$out"
read -r -a rtl_files <<<"$(sed 's|^|rtl/|' rtl/rebnet.f | tr '\n' ' ')"

clog2() { local v=$1 r=0 p=1; while ((p < v)); do p=$((p * 2)); r=$((r + 1)); done; echo $r; }

# run_set <name> <MatrixW> <MatrixH> <Simd> <Pe> <LevelsIn> <LevelsOut> <scales, G_1 first>
# $style: the weight memory's MemStyle (default auto); $expect_bram18: the block RAM the
# result must have, in RAMB18 equivalents (RAMB18E1 + 2 x RAMB36E1; checked by synth_top).
run_set() {
  local name=$1 mw=$2 mh=$3 simd=$4 pe=$5 lin=$6 lout=$7; shift 7
  local scales=("$@")
  local nf=$((mh / pe)) sf=$(((mw + simd - 1) / simd))
  local sum=0 hex="" g
  for g in "${scales[@]}"; do sum=$((sum + g)); hex=$(printf '%02x' "$g")$hex; done
  local accw=$(($(clog2 $((mw * sum + 2))) + 1))
  local dir="$out/$name"
  mkdir -p "$dir"
  # Images of a random layer (model seed 1): weights, then thresholds or scores.
  if ! "$memgen" "$dir/" "$name" "$mw" "$mh" "$simd" "$pe" "$lin" "$lout" 0 8 \
       "$(IFS=,; echo "${scales[*]}")" 1 >"$dir/memgen.log" 2>&1; then
    echo "   $memgen FAILED, see $dir/memgen.log"; tail -5 "$dir/memgen.log"; return 1
  fi
  local params="-set MatrixW $mw -set MatrixH $mh -set Simd $simd -set Pe $pe"
  params+=" -set LevelsIn $lin -set LevelsOut $lout -set Scales $((8 * lin))'h$hex"
  params+=" -set WeightFile \"$dir/weights.mem\""
  if ((lout > 0)); then
    params+=" -set ThresholdFile \"$dir/thresholds\""  # base of the lane images
  else
    params+=" -set ScoreFile \"$dir/scores.mem\""
  fi
  params+=" -set WeightMemStyle \"${style:-auto}\""
  echo "== $name: MatrixW=$mw MatrixH=$mh Simd=$simd Pe=$pe LevelsIn=$lin LevelsOut=$lout" \
       "Scales=${scales[*]} (NF=$nf SF=$sf AccWidth=$accw; weight memory $((nf * sf)) x $((pe * simd)) bits," \
       "MemStyle ${style:-auto})"
  synth_top "$dir/yosys.log" rebnet_mvtu "$params"
}

# synth_top <log> <top> <chparam -set arguments>: synthesizes, reports cells and memories.
synth_top() {
  local log=$1 top=$2 params=$3
  if ! nice -n 5 yosys -l "$log" -q -p "read_verilog -sv ${rtl_files[*]};
        chparam $params $top; hierarchy -check -top $top;
        synth_xilinx -flatten -top $top; stat; check -assert" >/dev/null 2>&1; then
    echo "   yosys FAILED, see $log"; tail -5 "$log"; return 1
  fi
  local stat
  stat=$(tac "$log" | sed '/Printing statistics/q' | tac)  # the final `stat` only
  count() { echo "$stat" | awk -v re="$1" '$1 ~ re { n += $2 } END { print n + 0 }'; }
  local latches unmapped
  latches=$(( $(count '^(\$_?DLATCH|\$dlatch|LDCE|LDPE)') + $(grep -c 'Latch inferred for signal' "$log" || true) ))
  unmapped=$(( $(count '^\$') - $(count '^(\$_?DLATCH|\$dlatch)') ))
  printf '   LUT %s  FF %s  CARRY4 %s  DSP48E1 %s  RAMB18E1 %s  RAMB36E1 %s  LUTRAM %s  latches %s  unmapped %s\n' \
    "$(count '^LUT[1-6]$')" "$(count '^FD[CPRS]E$')" "$(count '^CARRY4$')" "$(count '^DSP48E1$')" \
    "$(count '^RAMB18E1$')" "$(count '^RAMB36E1$')" "$(count '^RAM(32|64|128|256)')" "$latches" "$unmapped"
  # What each memory became: memory_libmap maps RAMs onto cells ("mapping memory M via
  # CELL"); read-only memories that fit no RAM cell go to LUT logic in memory_map.
  grep -E '^mapping memory ' "$log" | sort -u |
    sed -E "s/^mapping memory $top\\.([^ ]*) via (.*)\$/   memory \\1 -> \\2/" || true
  grep -E '^Mapping memory ' "$log" | sort -u |
    sed -E 's/^Mapping memory \\([^ ]*) in module.*$/   memory \1 -> LUT logic (ROM)/' || true
  if ((latches != 0)); then echo "   LATCHES FOUND"; return 1; fi
  if ((unmapped != 0)); then echo "   UNMAPPED CELLS FOUND"; return 1; fi
  if [[ -n ${expect_bram18:-} ]]; then
    local bram18=$(( $(count '^RAMB18E1$') + 2 * $(count '^RAMB36E1$') ))
    if ((bram18 != expect_bram18)); then
      echo "   EXPECTED $expect_bram18 RAMB18 equivalents, got $bram18"; return 1
    fi
  fi
}

# run_network <name> <topology> <levels> <pixel levels> <folding JSON>: a random model of
# the topology through `rebnet synth` (which fails on latches and unmapped cells).
run_network() {
  local name=$1 topology=$2 levels=$3 pixel=$4 folding=$5
  local dir="$out/$name" rebnet=${REBNET:-build/rebnet}
  mkdir -p "$dir"
  echo "== $name: $topology, M = $levels, $pixel pixel levels, folding $folding"
  echo "$folding" >"$dir/folding.json"
  "$rebnet" random-model --topology "$topology" --levels "$levels" --pixel-levels "$pixel" \
    --seed 1 --out "$dir/model.rbn" >/dev/null || return 1
  if ! nice -n 5 "$rebnet" synth --model "$dir/model.rbn" --folding "$dir/folding.json" \
       --cache "$out/cache" --json "$dir/result.json" >"$dir/synth.out" 2>&1; then
    echo "   rebnet synth FAILED, see $dir/synth.out"; tail -5 "$dir/synth.out"; return 1
  fi
  tr '\r' '\n' <"$dir/synth.out" | grep -v '^synth yosys' | sed 's/^/   /'
}

# run_swu_set <name> <Channels> <InWidth> <InHeight> <Kernel> <Simd> <ElemBits>
run_swu_set() {
  local name=$1 c=$2 w=$3 h=$4 k=$5 simd=$6 bits=$7
  local depth=$(((k + 1) * w * c / simd))
  mkdir -p "$out/$name"
  echo "== $name: rebnet_sliding_window Channels=$c InWidth=$w InHeight=$h Kernel=$k" \
       "Simd=$simd ElemBits=$bits (line buffer $depth x $((simd * bits)) bits)"
  local params="-set Channels $c -set InWidth $w -set InHeight $h -set Kernel $k"
  params+=" -set Simd $simd -set ElemBits $bits"
  synth_top "$out/$name/yosys.log" rebnet_sliding_window "$params"
}

# run_block_set <name> <top> <Param=value>...: a block without memory images.
run_block_set() {
  local name=$1 top=$2; shift 2
  local params="" p
  for p in "$@"; do params+=" -set ${p%%=*} ${p#*=}"; done
  mkdir -p "$out/$name"
  echo "== $name: $top $*"
  synth_top "$out/$name/yosys.log" "$top" "$params"
}

sets=${1:-blocks}
# want <set> <group>: a set runs when asked for by its name, its group or `all`.
want() { [[ $sets == "$1" || $sets == "$2" || $sets == all ]]; }
status=0
if want small blocks; then
  # MatrixW not a multiple of Simd; 8 x 16-bit weight ROM: expected in LUTs.
  run_set small 13 8 4 4 3 1 3 5 7 || status=1
fi
if want large big; then
  # 1024 x 256-bit weight ROM (256 Kibit): expected in block RAM.
  run_set large 1024 256 32 8 2 2 255 64 || status=1
fi
if want wmem_block blocks; then
  # A 208 x 64-bit weight ROM (MatrixW 416 = 13 words of 32, 16 groups of 2 PEs):
  # yosys alone keeps it in LUTs; MemStyle "block" (what the size rule picks) must
  # put it in block RAM: 2 RAMB18 equivalents (yosys takes one RAMB36E1).
  style=block expect_bram18=2 run_set wmem_block 416 32 32 2 1 1 100 || status=1
fi
if want wmem_auto blocks; then
  # The same ROM with MemStyle "auto": yosys's cost model, LUT logic, no block RAM.
  style=auto expect_bram18=0 run_set wmem_auto 416 32 32 2 1 1 100 || status=1
fi
if want last blocks; then
  # Last layer: 48-bit scores A * acc + C (DSP48E1).
  run_set last 256 10 32 2 2 0 200 17 || status=1
fi
if want swu_small blocks; then
  # 4 x 6 x 5 image, K = 3: a 48 x 2-bit line buffer, expected in LUT RAM.
  run_swu_set swu_small 4 6 5 3 2 1 || status=1
fi
if want swu_cnv big; then
  # CNV's second conv: 64 channels of 2 levels on 30 x 30, K = 3, Simd 32:
  # a 240 x 64-bit line buffer, expected in block RAM.
  run_swu_set swu_cnv 64 30 30 3 32 2 || status=1
fi
if want pool_small blocks; then
  # Odd 5 x 5 frame: a 4-word x 4-bit row buffer.
  run_block_set pool_small rebnet_max_pool Channels=4 InWidth=5 InHeight=5 Elems=2 ElemBits=2 || status=1
fi
if want pool_cnv big; then
  # CNV's first pool: 64 channels of 2 levels on 28 x 28, 16 per word:
  # a 56 x 32-bit row buffer, expected in LUT RAM.
  run_block_set pool_cnv rebnet_max_pool Channels=64 InWidth=28 InHeight=28 Elems=16 ElemBits=2 || status=1
fi
if want select blocks; then
  # 10 classes, one score per word.
  run_block_set select rebnet_label_select Classes=10 Pe=1 || status=1
fi
if want encoder blocks; then
  # Wiring only: no cells expected beyond buffers.
  run_block_set encoder rebnet_pixel_encoder Elems=3 PixelLevels=5 || status=1
fi
# The networks of docs/synthesis.md: SFC and LFC at BNN-PYNQ lfcW1A1's folding (M = 1,
# binary pixels), CNV at M = 2.
bnn_pynq='{"layers": [{"pe": 32, "simd": 64}, {"pe": 64, "simd": 32}, {"pe": 32, "simd": 64}, {"pe": 10, "simd": 8}]}'
if [[ $sets == networks || $sets == sfc ]]; then
  run_network sfc sfc 1 1 "$bnn_pynq" || status=1
fi
if [[ $sets == networks || $sets == lfc ]]; then
  run_network lfc lfc 1 1 "$bnn_pynq" || status=1
fi
if [[ $sets == networks || $sets == cnv ]]; then
  run_network cnv cnv 2 8 '{"layers": [{"pe": 32, "simd": 1}, {"pe": 32, "simd": 32}, {}, {"pe": 32, "simd": 32}, {"pe": 32, "simd": 32}, {}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 16}]}' || status=1
fi
exit $status
