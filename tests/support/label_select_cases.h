// Stimulus, expected words and timing of rebnet_label_select for both twins'
// tests (stream_case.h); expected labels from the golden model's top1().
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "golden/activation.h"
#include "stream_case.h"

namespace rebnet::blocktest {

inline constexpr int64_t kScoreMax = (int64_t{1} << 47) - 1;  // |score| < 2^47

struct SelectSet {
  std::string name;
  uint32_t classes = 1, pe = 1;
  uint32_t nf() const { return classes / pe; }
  std::string describe() const {
    std::ostringstream s;
    s << name << ": Classes " << classes << " Pe " << pe;
    return s.str();
  }
};

// Scores of frame f, by f % 6: uniform in [-kScoreMax, kScoreMax]; from {-1, 0, 1}
// (ties); from {-kScoreMax, kScoreMax}; all equal (label 0); all -kScoreMax
// (label 0); kScoreMax - 1 everywhere but kScoreMax in the last class.
inline std::vector<int64_t> select_scores(uint32_t classes, uint32_t f, std::mt19937_64& rng) {
  std::vector<int64_t> v(classes);
  const int64_t same = static_cast<int64_t>(rng() % (2 * uint64_t{kScoreMax} + 1)) - kScoreMax;
  for (int64_t& x : v) {
    switch (f % 6) {
      case 0:
        x = static_cast<int64_t>(rng() % (2 * uint64_t{kScoreMax} + 1)) - kScoreMax;
        break;
      case 1:
        x = static_cast<int64_t>(rng() % 3) - 1;
        break;
      case 2:
        x = (rng() & 1u) ? kScoreMax : -kScoreMax;
        break;
      case 3:
        x = same;
        break;
      case 4:
        x = -kScoreMax;
        break;
      default:
        x = kScoreMax - 1;
    }
  }
  if (f % 6 == 5) v.back() = kScoreMax;
  return v;
}

// Compare-tree register levels of the RTL: max(1, ceil(log2 Pe)).
inline uint32_t select_levels(uint32_t pe) {
  uint32_t levels = 1;
  while ((1u << levels) < pe) ++levels;
  return levels;
}

// Timing: a frame's last word enters tree level 1 at its own edge and reaches level
// Levels Levels - 1 edges later; the next edge loads the output word, which leaves at
// the edge after: latency Levels + 1. The next frame's words follow on consecutive
// edges, except its last word, which waits until the output word has left.
inline StreamCase select_case(const SelectSet& s, uint32_t frames, uint64_t seed) {
  std::mt19937_64 rng(seed);
  StreamCase c;
  c.in_bits = s.pe * 48;
  c.out_bits = 16 + s.classes * 48;
  c.latency = select_levels(s.pe) + 1;
  // A frame's last word transfers at the earliest latency + 1 edges after the previous
  // frame's last word, the NF - 1 words before it on consecutive edges.
  const uint64_t last_step = std::max<int64_t>(1, static_cast<int64_t>(c.latency) + 2 - s.nf());
  for (uint32_t f = 0; f < frames; ++f) {
    const std::vector<int64_t> scores = select_scores(s.classes, f, rng);
    for (uint32_t n = 0; n < s.nf(); ++n) {
      Bits w(c.in_bits);
      for (uint32_t p = 0; p < s.pe; ++p)
        w.put(p * 48, 48, static_cast<uint64_t>(scores[n * s.pe + p]));
      c.in.push_back(w);
      c.in_step.push_back(f > 0 && n == s.nf() - 1 ? last_step : 1);
    }
    Bits out(c.out_bits);
    out.put(0, 16, top1(scores));
    for (uint32_t j = 0; j < s.classes; ++j)
      out.put(16 + 48 * j, 48, static_cast<uint64_t>(scores[j]));
    c.expected.push_back(out);
    c.emit.push_back(c.in.size() - 1);
  }
  return c;
}

}  // namespace rebnet::blocktest
