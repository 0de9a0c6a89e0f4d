// $readmemh images of an MVTU (docs/microarchitecture.md, "Matrix-vector-threshold
// unit", memories): the one implementation used by `rebnet export-rtl` and by the
// RTL tests (tests/rtl/rtl_memgen), so the layouts cannot drift apart.
//
//   <prefix>weights.mem     NF*SF words of Pe*Simd bits, word nf*SF + sf,
//                           PE p at [p*Simd +: Simd], bit i = synapse sf*Simd + i, pads 0
//   <prefix>thresholds.mem  hidden layer: NF*Nodes words of Pe*AccWidth bits,
//                           word nf*Nodes + node, PE p's signed threshold at [p*AccWidth +: AccWidth]
//   <prefix>scores.mem      last layer: NF words of Pe*64 bits, PE p at [p*64 +: 64]:
//                           C (s48) in [47:0], A (s16) in [63:48]
//
// One hex word per line, most significant digit first, after a `//` header line.
#pragma once

#include <string>
#include <vector>

#include "rebnet_bits.h"
#include "rebnet_mvtu_config.h"

namespace rebnet::rtlgen {

// Hex digits of `bits` (ceil(width/4) digits, most significant first, no prefix).
std::string hex_digits(const sc::Bits& bits);

// The memory words, in file order.
std::vector<sc::Bits> weight_words(const sc::MvtuConfig& cfg);
std::vector<sc::Bits> threshold_words(const sc::MvtuConfig& cfg);  // hidden layers only
std::vector<sc::Bits> score_words(const sc::MvtuConfig& cfg);      // last layer only

// File names the images of `cfg` get under `prefix`: weights first, then
// thresholds (hidden) or scores (last).
std::vector<std::string> mvtu_image_paths(const sc::MvtuConfig& cfg, const std::string& prefix);

// Writes the images of `cfg` (a derived MvtuConfig); every file starts with the
// comment line `header` (without "//"). Throws rebnet::Error when a file cannot be written.
void write_mvtu_images(const sc::MvtuConfig& cfg, const std::string& prefix,
                       const std::string& header);

}  // namespace rebnet::rtlgen
