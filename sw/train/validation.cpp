#include "train/validation.h"

#include <string>

#include "contract/error.h"

namespace rebnet::train {

void check_validation(uint64_t training_images, uint64_t validation) {
  if (training_images < validation + 2)
    throw Error("--validation = " + std::to_string(validation) + " leaves fewer than 2 of the " +
                std::to_string(training_images) + " training images for training");
}

}  // namespace rebnet::train
