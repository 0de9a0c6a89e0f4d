#!/usr/bin/env bash
# Synthesizes rebnet_mvtu with `yosys synth_xilinx` (Xilinx 7-series cells) for a few
# representative parameter sets with random memory images (fixed seed), fails on any
# latch ($dlatch / LDCE / LDPE or a "Latch inferred" message), and reports
# LUT / FF / CARRY4 / DSP48E1 / RAMB18E1 / RAMB36E1 / LUTRAM counts plus what each
# memory was mapped to. Logs and images go to $SYNTH_DIR (default build/synth).
#
#   scripts/synth_check.sh            all sets
#   scripts/synth_check.sh small      one set (small | large | last)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${SYNTH_DIR:-build/synth}
mkdir -p "$out"
read -r -a rtl_files <<<"$(sed 's|^|rtl/|' rtl/rebnet.f | tr '\n' ' ')"

clog2() { local v=$1 r=0 p=1; while ((p < v)); do p=$((p * 2)); r=$((r + 1)); done; echo $r; }

# mem_image <file> <words> <bits> <seed>: random $readmemh image, one word per line.
mem_image() {
  awk -v words="$2" -v bits="$3" -v seed="$4" 'BEGIN {
    srand(seed);
    digits = int((bits + 3) / 4); top = bits - 4 * (digits - 1);
    for (w = 0; w < words; w++) {
      line = sprintf("%x", int(rand() * (2 ^ top)));
      for (d = 1; d < digits; d++) line = line sprintf("%x", int(rand() * 16));
      print line;
    }
  }' >"$1"
}

# run_set <name> <MatrixW> <MatrixH> <Simd> <Pe> <LevelsIn> <LevelsOut> <scales, G_1 first>
run_set() {
  local name=$1 mw=$2 mh=$3 simd=$4 pe=$5 lin=$6 lout=$7; shift 7
  local scales=("$@")
  local nf=$((mh / pe)) sf=$(((mw + simd - 1) / simd))
  local sum=0 hex="" g
  for g in "${scales[@]}"; do sum=$((sum + g)); hex=$(printf '%02x' "$g")$hex; done
  local accw=$(($(clog2 $((mw * sum + 2))) + 1))
  local dir="$out/$name"
  mkdir -p "$dir"
  local wfile="$dir/weights.mem" tfile="" sfile=""
  mem_image "$wfile" $((nf * sf)) $((pe * simd)) 1
  if ((lout > 0)); then
    tfile="$dir/thresholds.mem"
    mem_image "$tfile" $((nf * ((1 << lout) - 1))) $((pe * accw)) 2
  else
    sfile="$dir/scores.mem"
    mem_image "$sfile" "$nf" $((pe * 64)) 3
  fi
  local log="$dir/yosys.log"
  local params="-set MatrixW $mw -set MatrixH $mh -set Simd $simd -set Pe $pe"
  params+=" -set LevelsIn $lin -set LevelsOut $lout -set Scales $((8 * lin))'h$hex"
  params+=" -set WeightFile \"$wfile\""
  [[ -n $tfile ]] && params+=" -set ThresholdFile \"$tfile\""
  [[ -n $sfile ]] && params+=" -set ScoreFile \"$sfile\""
  echo "== $name: MatrixW=$mw MatrixH=$mh Simd=$simd Pe=$pe LevelsIn=$lin LevelsOut=$lout" \
       "Scales=${scales[*]} (NF=$nf SF=$sf AccWidth=$accw; weight memory $((nf * sf)) x $((pe * simd)) bits)"
  if ! nice -n 5 yosys -l "$log" -q -p "read_verilog -sv ${rtl_files[*]};
        chparam $params rebnet_mvtu; hierarchy -check -top rebnet_mvtu;
        synth_xilinx -flatten -top rebnet_mvtu; stat; check -assert" >/dev/null 2>&1; then
    echo "   yosys FAILED, see $log"; tail -5 "$log"; return 1
  fi
  local stat
  stat=$(tac "$log" | sed '/Printing statistics/q' | tac)  # the final `stat` only
  count() { echo "$stat" | awk -v re="$1" '$1 ~ re { n += $2 } END { print n + 0 }'; }
  local latches
  latches=$(( $(count '^(\$_?DLATCH|\$dlatch|LDCE|LDPE)') + $(grep -c 'Latch inferred for signal' "$log" || true) ))
  printf '   LUT %s  FF %s  CARRY4 %s  DSP48E1 %s  RAMB18E1 %s  RAMB36E1 %s  LUTRAM %s  latches %s\n' \
    "$(count '^LUT[1-6]$')" "$(count '^FD[CPRS]E$')" "$(count '^CARRY4$')" "$(count '^DSP48E1$')" \
    "$(count '^RAMB18E1$')" "$(count '^RAMB36E1$')" "$(count '^RAM(32|64|128|256)')" "$latches"
  # What each memory became: memory_libmap maps RAMs onto cells ("mapping memory M via
  # CELL"); read-only memories that fit no RAM cell go to LUT logic in memory_map.
  grep -E '^mapping memory ' "$log" | sort -u |
    sed -E 's/^mapping memory rebnet_mvtu\.([^ ]*) via (.*)$/   memory \1 -> \2/' || true
  grep -E '^Mapping memory ' "$log" | sort -u |
    sed -E 's/^Mapping memory \\([^ ]*) in module.*$/   memory \1 -> LUT logic (ROM)/' || true
  if ((latches != 0)); then echo "   LATCHES FOUND"; return 1; fi
}

sets=${1:-all}
status=0
if [[ $sets == all || $sets == small ]]; then
  # MatrixW not a multiple of Simd; 8 x 16-bit weight ROM: expected in LUTs.
  run_set small 13 8 4 4 3 1 3 5 7 || status=1
fi
if [[ $sets == all || $sets == large ]]; then
  # 1024 x 256-bit weight ROM (256 Kibit): expected in block RAM.
  run_set large 1024 256 32 8 2 2 255 64 || status=1
fi
if [[ $sets == all || $sets == last ]]; then
  # Last layer: 48-bit scores A * acc + C (DSP48E1).
  run_set last 256 10 32 2 2 0 200 17 || status=1
fi
exit $status
