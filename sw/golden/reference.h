// The plain-loop reference of the integer contract: written for obviousness,
// one loop per sum in docs/integer-contract.md. The fast model is tested
// against it.
#pragma once

#include <cstdint>

#include "contract/model.h"
#include "golden/activation.h"

namespace rebnet::reference {

// Accumulator of neuron j at output pixel (y, x): sum over levels of G_l * dot_l.
int64_t accumulate(const Layer& layer, const Activation& in, uint32_t neuron, uint32_t y,
                   uint32_t x);

// Residual encoder: walks the neuron's threshold table, emitting `levels` bits.
uint8_t encode(const Layer& layer, uint32_t neuron, int64_t acc, uint32_t levels);

// A hidden compute layer or a max pool, emitting min(k, levels_out) levels.
Activation run_layer(const Layer& layer, const Activation& in, uint32_t k);

// The last layer: A_j * acc_j + C_j per class, and the top-1 class.
Result run_last(const Layer& layer, const Activation& in);

// A whole network on one image (pixels in the model's input shape).
Result run(const Model& model, const uint8_t* pixels, uint32_t k);

}  // namespace rebnet::reference
