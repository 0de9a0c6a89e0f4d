// The trainer's own implementation of the integer contract, with LibTorch tensor ops and
// independent of the golden models, which it must equal bit for bit. The header is
// torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "golden/activation.h"

namespace rebnet::train {

// Scores and top-1 of `images` images of the model's input shape at pixels + i * (input
// elements); k = run-time level count (0 = all levels, contract section 7).
std::vector<Result> run_quantized(const Model& model, const uint8_t* pixels, size_t images,
                                  uint32_t k = 0);

}  // namespace rebnet::train
