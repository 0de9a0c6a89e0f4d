// Stimulus, expected words and timing of rebnet_pixel_encoder for both twins'
// tests (stream_case.h); expected codes from the golden model's encode_pixels().
#pragma once

#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "contract/topology.h"
#include "golden/activation.h"
#include "stream_case.h"

namespace rebnet::blocktest {

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
    Bits in(c.in_bits), out(c.out_bits);
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
