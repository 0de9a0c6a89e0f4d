// The validation split's rule, shared by the trainer and by explore (which checks its
// options before any training starts). No LibTorch here.
#pragma once

#include <cstdint>

namespace rebnet::train {

// Throws rebnet::Error when holding out `validation` of `training_images` leaves fewer
// than 2 to train on.
void check_validation(uint64_t training_images, uint64_t validation);

}  // namespace rebnet::train
