// rebnet_threshold_unit, cycle by cycle (shared by
// tests/systemc/test_threshold_unit.cpp and tests/rtl/test_threshold_unit.h).
// Reference, from docs/microarchitecture.md ("Datapath" S3, "Encoder", "Last layer")
// and the layer's contract data (not the plan's banks or lane tables):
//   a group's accumulator per PE p: MatrixW * sum_{l < in_levels} G_l, minus
//   2 * G[level] * count for each of its steps;
//   last layer: pushed the cycle after the group's last step (the load),
//   A_j * acc + C_j for neuron j = nf*Pe + p, 48 bits at [p*48 +: 48];
//   hidden: pushed EncSlots * out_levels + 2 cycles after the load, the code of the
//   heap walk (node 0, then 2*node + 1 + bit, bit v = acc >= threshold j*Nodes + node
//   at level v) at [p*LevelsOut +: LevelsOut], levels from out_levels on 0.
// push_data_o is checked only while push_valid_o is 1 (a stream's data is free
// otherwise: the RTL shows its registers there, the SystemC twin 0).
// Stimulus as the level sequencer makes it: phases of run-time level count k, groups
// of SF * in_levels consecutive steps (counts at most the step's real synapses:
// MatrixW need not be a multiple of Simd) on random nf, the next group at least
// max(SF * in_levels, out_levels) cycles after the previous one started, random gaps
// between groups carrying garbage control, and a drain before the level counts change.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cycle_case.h"
#include "mvtu_block_cases.h"

namespace rebnet::blocktest {

// A group's output word from its final accumulators.
inline Bits threshold_unit_word(const RandomMvtu& m, uint32_t nf, uint32_t out_levels,
                                const std::vector<int64_t>& acc) {
  const Layer& l = m.layer;
  const uint32_t pe = m.cfg.Pe, lo = l.levels_out;
  Bits w(l.last() ? pe * kScoreBits : pe * lo);
  for (uint32_t p = 0; p < pe; ++p) {
    const uint32_t j = nf * pe + p;
    if (l.last()) {
      w.put(p * kScoreBits, kScoreBits,
            static_cast<uint64_t>(int64_t{l.score_scale[j]} * acc[p] + l.score_bias[j]));
      continue;
    }
    uint64_t node = 0, code = 0;
    for (uint32_t v = 0; v < out_levels; ++v) {
      const bool bit = acc[p] >= l.thresholds[uint64_t{j} * l.thresholds_per_neuron() + node];
      code |= uint64_t{bit} << v;
      node = 2 * node + 1 + bit;
    }
    w.put(p * lo, lo, code);
  }
  return w;
}

inline CycleCase threshold_unit_case(const MvtuShape& s, const RandomMvtu& m,
                                     const std::vector<uint32_t>& ks, uint64_t seed) {
  const MvtuConfig& cfg = m.cfg;
  const uint32_t NF = s.matrix_h / s.pe, SF = (s.matrix_w + s.simd - 1) / s.simd;
  const uint32_t level_bits = bits_for(s.levels_in - 1), nf_bits = bits_for(NF - 1);
  const uint32_t count_bits = bits_for(s.simd), out_bits = cfg.out_bits();
  CycleCase c(s.describe() + " seed " + std::to_string(seed),
              {{"in_levels_i", kLevelsBits},
               {"out_levels_i", kLevelsBits},
               {"s3_valid_i"},
               {"s3_first_i"},
               {"s3_last_i"},
               {"s3_level_i", level_bits},
               {"s3_nf_i", nf_bits},
               {"count_i", s.pe * count_bits}},
              {{"push_valid_o"}, {"push_data_o", out_bits}});
  test::Rng rng(seed);
  std::vector<std::vector<Bits>> in;
  std::map<size_t, Bits> pushes;  // by cycle
  size_t group_start = 0;
  for (uint32_t k : ks) {
    const uint32_t in_levels = std::min(k, s.levels_in), out_levels = std::min(k, s.levels_out);
    const Bits in_lv = value(kLevelsBits, in_levels), out_lv = value(kLevelsBits, out_levels);
    const size_t group_cycles = std::max(SF * in_levels, out_levels);
    const auto idle = [&] {  // garbage the unit must ignore
      in.push_back({in_lv, out_lv, value(1, 0), value(1, rng.next()), value(1, rng.next()),
                    value(level_bits, rng.next()), value(nf_bits, rng.next()),
                    rng.bits(s.pe * count_bits)});
    };
    for (uint32_t g = 0; g < NF + 3; ++g) {
      while (!in.empty() && in.size() - group_start < group_cycles) idle();
      if (rng.chance(0.3))
        for (uint32_t i = rng.uniform(1, 3); i > 0; --i) idle();
      group_start = in.size();
      const uint32_t nf = rng.uniform(0, NF - 1);
      std::vector<int64_t> acc(s.pe, 0);
      for (uint32_t l = 0; l < in_levels; ++l)
        for (int64_t& a : acc) a += int64_t{s.matrix_w} * s.scales[l];
      for (uint32_t level = 0; level < in_levels; ++level)
        for (uint32_t sf = 0; sf < SF; ++sf) {
          const uint32_t synapses = std::min(s.simd, s.matrix_w - sf * s.simd);
          Bits count(s.pe * count_bits);
          for (uint32_t p = 0; p < s.pe; ++p) {
            const uint32_t n = rng.pick({0, synapses, rng.uniform(0, synapses)});
            count.put(p * count_bits, count_bits, n);
            acc[p] -= 2 * int64_t{s.scales[level]} * n;
          }
          in.push_back({in_lv, out_lv, value(1, 1), value(1, level == 0 && sf == 0),
                        value(1, level == in_levels - 1 && sf == SF - 1), value(level_bits, level),
                        value(nf_bits, nf), count});
        }
      const size_t load = in.size() - 1;
      const size_t latency = s.levels_out == 0 ? 1 : cfg.EncSlots * out_levels + 2;
      pushes.emplace(load + latency, threshold_unit_word(m, nf, out_levels, acc));
    }
    while (in.size() <= pushes.rbegin()->first + 2) idle();  // drain before k changes
  }
  for (size_t t = 0; t < in.size(); ++t) {
    const auto push = pushes.find(t);
    const bool valid = push != pushes.end();
    c.add(in[t], {value(1, valid), valid ? std::optional<Bits>(push->second) : std::nullopt});
  }
  return c;
}

}  // namespace rebnet::blocktest
