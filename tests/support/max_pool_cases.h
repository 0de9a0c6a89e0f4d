// Stimulus, expected words and timing of rebnet_max_pool for both twins' tests
// (stream_case.h); expected values from the golden model's max-pool layer.
#pragma once

#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "contract/model.h"
#include "contract/topology.h"
#include "golden/activation.h"
#include "golden/reference.h"
#include "stream_case.h"

namespace rebnet::blocktest {

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
  const auto pack = [&](const Activation& a, std::vector<Bits>& words) {
    for (size_t i = 0; i < a.codes.size(); i += s.elems) {
      Bits w(c.in_bits);
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

}  // namespace rebnet::blocktest
