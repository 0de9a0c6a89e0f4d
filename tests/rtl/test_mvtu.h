// The rebnet_mvtu block tests, templated on the Verilated class of one parameter set
// (the generated mvtu_case_<set>.cpp files instantiate them).
//
// run_random: random input-valid gaps and output-ready stalls (fixed, printed seed);
//   every output word is compared with reference::run_layer / run_last on the same
//   random layer (built by make_model from the set's fixed model seed, the same layer
//   rtl_memgen wrote into the memory images the model loads).
// run_timing: no gaps, no stalls: the same checks plus the spec's timing:
//   latency from the last input word of the first vector to its first output word
//   = SF * in_levels + 4 + (hidden ? EncSlots * out_levels + 2 : 1) cycles (EncSlots: PEs
//   per encoder lane, enc_slots), then one output word
//   every max(SF * in_levels, out_levels) cycles, i.e. NF times that per vector.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <vector>

#include "golden/activation.h"
#include "golden/reference.h"
#include "mvtu_layer.h"
#include "plan/mvtu_config.h"
#include "rtl_harness.h"

namespace rebnet::rtltest {

inline uint32_t in_levels_at(const MvtuSet& set, uint32_t k) {
  return set.pixel_input ? set.levels_in : std::min(k, set.levels_in);
}
inline uint32_t out_levels_at(const MvtuSet& set, uint32_t k) {
  return std::min(k, set.levels_out);
}

// `vectors` random input vectors (SF words each) and the golden output words (NF
// each). Level bits above in_levels (k < LevelsIn) carry random junk, which the
// unit must ignore; pad elements of the last word are 0 (contract section 5).
inline StreamWords make_stimulus(const MvtuSet& set, const Layer& layer, uint32_t k,
                                 uint32_t vectors, Rng& rng) {
  StreamWords st{set.simd * set.levels_in, set.out_width(), {}, {}};
  const uint32_t lin = set.levels_in, in_levels = in_levels_at(set, k);
  const Shape shape{1, 1, set.matrix_w};
  for (uint32_t v = 0; v < vectors; ++v) {
    Activation act;
    if (set.pixel_input) {
      std::vector<uint8_t> pixels(set.matrix_w);
      for (uint8_t& p : pixels) p = static_cast<uint8_t>(rng.below(256));
      act = encode_pixels(pixels.data(), shape, set.levels_in);
    } else {
      act = Activation{shape, in_levels, std::vector<uint8_t>(set.matrix_w)};
      for (uint8_t& c : act.codes) c = static_cast<uint8_t>(rng.below(1u << in_levels));
    }
    for (uint32_t s = 0; s < set.sf(); ++s) {
      Bits word(set.simd * lin);
      for (uint32_t i = 0; i < set.simd; ++i) {
        const uint32_t syn = s * set.simd + i;
        if (syn >= set.matrix_w) continue;
        uint32_t elem = act.codes[syn];
        if (in_levels < lin) elem |= (rng.below(256) << in_levels) & ((1u << lin) - 1);
        word.put(i * lin, lin, elem);
      }
      st.in.push_back(word);
    }
    if (set.last()) {
      const Result r = reference::run_last(layer, act);
      for (uint32_t n = 0; n < set.nf(); ++n) {
        Bits word(set.out_width());
        for (uint32_t p = 0; p < set.pe; ++p)
          word.put(p * 48, 48, static_cast<uint64_t>(r.scores[n * set.pe + p]));
        st.expected.push_back(word);
      }
    } else {
      const Activation out = reference::run_layer(layer, act, k);
      for (uint32_t n = 0; n < set.nf(); ++n) {
        Bits word(set.out_width());
        for (uint32_t p = 0; p < set.pe; ++p)
          word.put(p * set.levels_out, set.levels_out, out.codes[n * set.pe + p]);
        st.expected.push_back(word);
      }
    }
  }
  return st;
}

// Describes a mismatching output word neuron by neuron.
inline std::string describe(const MvtuSet& set, size_t index, const Bits& want, const Bits& got) {
  std::ostringstream os;
  const uint32_t nf = static_cast<uint32_t>(index % set.nf());
  os << " (vector " << index / set.nf() << ", nf " << nf << "):";
  const uint32_t w = set.last() ? 48 : set.levels_out;
  for (uint32_t p = 0; p < set.pe; ++p) {
    int64_t e = static_cast<int64_t>(want.get(p * w, w)), g = static_cast<int64_t>(got.get(p * w, w));
    if (set.last()) {  // sign-extend the 48-bit scores
      e = (e << 16) >> 16;
      g = (g << 16) >> 16;
    }
    os << "\n  neuron " << nf * set.pe + p << ": expected " << e << ", got " << g
       << (e == g ? "" : "   <--");
  }
  return os.str();
}

// Drives the stimulus through the model; p_valid / p_ready are the per-cycle chances of
// offering the next input word and of accepting an output word.
template <class V>
StreamRun drive_mvtu(const MvtuSet& set, uint32_t k, const StreamWords& st, double p_valid,
                     double p_ready, Rng& rng) {
  Sim<V> sim;
  sim.top().levels_i = static_cast<uint8_t>(k);
  const uint64_t per_vector = uint64_t{set.nf()} * set.sf() * set.levels_in + set.nf() * 8 + 64;
  const uint64_t limit = 200 + 20 * per_vector * (st.in.size() / set.sf() + 1) /
                                   std::max(0.05, std::min(p_valid, p_ready));
  return drive_stream(sim, st, p_valid, p_ready, limit, rng,
                      "set " + set.name,
                      [&](size_t i, const Bits& want, const Bits& got) {
                        return describe(set, i, want, got);
                      },
                      64);
}

template <class V>
void run_random(const MvtuSet& set, uint32_t k) {
  const MvtuModel model = make_model(set);
  Rng rng(stimulus_seed(0x5eed0000u + 97 * k + set.model_seed));
  const uint32_t vectors = std::max<uint32_t>(6, 48 / set.nf());
  const StreamWords st = make_stimulus(set, model.layer(), k, vectors, rng);
  for_each_pacing([&](double pv, double pr) { return drive_mvtu<V>(set, k, st, pv, pr, rng).ok; });
}

template <class V>
void run_timing(const MvtuSet& set, uint32_t k, bool check_timing) {
  const MvtuModel model = make_model(set);
  Rng rng(stimulus_seed(0x71e0000u + 97 * k + set.model_seed));
  const uint32_t vectors = 5;
  const StreamWords st = make_stimulus(set, model.layer(), k, vectors, rng);
  const StreamRun run = drive_mvtu<V>(set, k, st, 1.0, 1.0, rng);
  if (!run.ok || !check_timing) return;

  const uint64_t steps = uint64_t{set.sf()} * in_levels_at(set, k);
  const uint64_t group = std::max<uint64_t>(steps, out_levels_at(set, k));
  const uint64_t tail =
      set.last() ? 1
                 : uint64_t{enc_slots(set.pe, set.sf(), set.levels_in, set.levels_out)} *
                           out_levels_at(set, k) + 2;
  ASSERT_EQ(run.in_cycles.size(), uint64_t{vectors} * set.sf());
  ASSERT_EQ(run.out_cycles.size(), uint64_t{vectors} * set.nf());
  EXPECT_EQ(run.out_cycles[0] - run.in_cycles[set.sf() - 1], steps + 4 + tail)
      << "latency: last input word of vector 0 -> its first output word";
  for (size_t i = 1; i < run.out_cycles.size(); ++i)
    ASSERT_EQ(run.out_cycles[i] - run.out_cycles[i - 1], group)
        << "output word " << i << ": one neuron group every max(SF*in_levels, out_levels) cycles";
  for (uint32_t v = 1; v < vectors; ++v)
    EXPECT_EQ(run.out_cycles[v * set.nf()] - run.out_cycles[(v - 1) * set.nf()], set.nf() * group)
        << "cycles per vector " << v;
}

}  // namespace rebnet::rtltest
