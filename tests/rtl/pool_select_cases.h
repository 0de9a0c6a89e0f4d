// Stimulus, expected words and expected timing for rebnet_max_pool,
// rebnet_label_select and rebnet_pixel_encoder, shared by the SystemC test
// (tests/systemc/test_pool_select.cpp) and the RTL tests (stream_block_test.h),
// so both twins are held to the same values and the same cycle counts. Expected
// values come from the golden model: reference::run_layer on a max-pool layer,
// top1() and encode_pixels().
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "contract/model.h"
#include "contract/topology.h"
#include "golden/activation.h"
#include "golden/reference.h"

namespace rebnet::blocktest {

// A stream word, bit i at bit i%64 of chunk i/64; each test converts it into its Bits.
struct Word {
  uint32_t width = 0;
  std::vector<uint64_t> chunks;
  explicit Word(uint32_t w = 0) : width(w), chunks((w + 63) / 64, 0) {}
  void put(uint32_t lsb, uint32_t n, uint64_t v) {  // n <= 64
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t b = lsb + i;
      const uint64_t m = uint64_t{1} << (b % 64);
      chunks[b / 64] = ((v >> i) & 1u) ? chunks[b / 64] | m : chunks[b / 64] & ~m;
    }
  }
};

// A block run: the input words, the expected output words, and the timing with no
// valid gaps and no ready stalls: input i transfers in_step[i] edges after input
// i-1 (in_step[0] unused), output j transfers `latency` edges after input emit[j].
struct StreamCase {
  uint32_t in_bits = 0, out_bits = 0;
  std::vector<Word> in, expected;
  std::vector<uint64_t> in_step;
  std::vector<size_t> emit;
  uint64_t latency = 0;
};

// "" when the transfer edges match the case's timing, else the first difference.
inline std::string check_timing(const StreamCase& c, const std::vector<uint64_t>& in_edges,
                                const std::vector<uint64_t>& out_edges) {
  std::ostringstream e;
  if (in_edges.size() != c.in.size() || out_edges.size() != c.expected.size()) {
    e << in_edges.size() << " of " << c.in.size() << " inputs, " << out_edges.size() << " of "
      << c.expected.size() << " outputs transferred";
    return e.str();
  }
  for (size_t i = 1; i < in_edges.size(); ++i)
    if (in_edges[i] - in_edges[i - 1] != c.in_step[i]) {
      e << "input " << i << " transferred " << in_edges[i] - in_edges[i - 1]
        << " edges after input " << i - 1 << ", expected " << c.in_step[i];
      return e.str();
    }
  for (size_t j = 0; j < out_edges.size(); ++j)
    if (out_edges[j] != in_edges[c.emit[j]] + c.latency) {
      e << "output " << j << " at edge " << out_edges[j] << ", expected input " << c.emit[j]
        << "'s edge " << in_edges[c.emit[j]] << " + " << c.latency;
      return e.str();
    }
  return "";
}

// ---------------------------------------------------------------- rebnet_max_pool

struct PoolSet {
  std::string name;
  uint32_t channels = 1, width = 2, height = 2, elems = 1, elem_bits = 1;
  uint32_t groups() const { return channels / elems; }
  std::string describe() const {
    std::ostringstream s;
    s << name << ": Channels " << channels << " InWidth " << width << " InHeight " << height
      << " Elems " << elems << " ElemBits " << elem_bits;
    return s.str();
  }
};

// `frames` frames of random codes, back to back. Timing: one input word per edge;
// output word (py, px, g) of a frame one edge after input word
// ((2py+1)*W + 2px+1)*Groups + g of that frame (the fourth word of its window).
inline StreamCase pool_case(const PoolSet& s, uint32_t frames, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const uint32_t eb = s.elem_bits, G = s.groups();
  StreamCase c;
  c.in_bits = c.out_bits = s.elems * eb;
  c.latency = 1;
  Layer pool = pool_layer();
  pool.in = {s.height, s.width, s.channels};
  pool.out = {s.height / 2, s.width / 2, s.channels};
  const auto pack = [&](const Activation& a, std::vector<Word>& words) {
    for (size_t i = 0; i < a.codes.size(); i += s.elems) {
      Word w(c.in_bits);
      for (uint32_t e = 0; e < s.elems; ++e) w.put(e * eb, eb, a.codes[i + e]);
      words.push_back(w);
    }
  };
  for (uint32_t f = 0; f < frames; ++f) {
    Activation a{pool.in, eb, std::vector<uint8_t>(pool.in.elements())};
    for (uint8_t& code : a.codes) code = static_cast<uint8_t>(rng() & ((1u << eb) - 1));
    const Activation out = reference::run_layer(pool, a, 0);
    const size_t base = c.in.size();
    pack(a, c.in);
    pack(out, c.expected);
    for (uint32_t py = 0; py < pool.out.height; ++py)
      for (uint32_t px = 0; px < pool.out.width; ++px)
        for (uint32_t g = 0; g < G; ++g)
          c.emit.push_back(base + (uint64_t{2 * py + 1} * s.width + 2 * px + 1) * G + g);
  }
  c.in_step.assign(c.in.size(), 1);
  return c;
}

// ------------------------------------------------------------ rebnet_label_select

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

// Timing: the NF words of a frame on consecutive edges, the output word one edge
// after the last of them, and the next frame's first word one edge after that
// (in_ready_o = !out_valid_q: one bubble per frame).
inline StreamCase select_case(const SelectSet& s, uint32_t frames, uint64_t seed) {
  std::mt19937_64 rng(seed);
  StreamCase c;
  c.in_bits = s.pe * 48;
  c.out_bits = 16 + s.classes * 48;
  c.latency = 1;
  for (uint32_t f = 0; f < frames; ++f) {
    const std::vector<int64_t> scores = select_scores(s.classes, f, rng);
    for (uint32_t n = 0; n < s.nf(); ++n) {
      Word w(c.in_bits);
      for (uint32_t p = 0; p < s.pe; ++p)
        w.put(p * 48, 48, static_cast<uint64_t>(scores[n * s.pe + p]));
      c.in.push_back(w);
      c.in_step.push_back(n == 0 && f > 0 ? 2 : 1);
    }
    Word out(c.out_bits);
    out.put(0, 16, top1(scores));
    for (uint32_t j = 0; j < s.classes; ++j)
      out.put(16 + 48 * j, 48, static_cast<uint64_t>(scores[j]));
    c.expected.push_back(out);
    c.emit.push_back(c.in.size() - 1);
  }
  return c;
}

// ----------------------------------------------------------- rebnet_pixel_encoder

struct EncoderSet {
  std::string name;
  uint32_t elems = 1, pixel_levels = 8;
  std::string describe() const {
    std::ostringstream s;
    s << name << ": Elems " << elems << " PixelLevels " << pixel_levels;
    return s.str();
  }
};

// Random pixels (every 8th word all 0x00 or all 0xff). Timing: combinational, the
// output transfers on the input's edge (latency 0), one word per edge.
inline StreamCase encoder_case(const EncoderSet& s, uint32_t words, uint64_t seed) {
  std::mt19937_64 rng(seed);
  StreamCase c;
  c.in_bits = s.elems * 8;
  c.out_bits = s.elems * s.pixel_levels;
  for (uint32_t i = 0; i < words; ++i) {
    std::vector<uint8_t> pixels(s.elems);
    for (uint8_t& p : pixels)
      p = static_cast<uint8_t>(i % 8 == 7 ? ((i / 8) % 2 ? 0xff : 0x00) : rng() & 0xff);
    const Activation a = encode_pixels(pixels.data(), Shape{1, 1, s.elems}, s.pixel_levels);
    Word in(c.in_bits), out(c.out_bits);
    for (uint32_t e = 0; e < s.elems; ++e) {
      in.put(e * 8, 8, pixels[e]);
      out.put(e * s.pixel_levels, s.pixel_levels, a.codes[e]);
    }
    c.in.push_back(in);
    c.expected.push_back(out);
    c.in_step.push_back(1);
    c.emit.push_back(i);
  }
  return c;
}

}  // namespace rebnet::blocktest
