// Reader for the IDX format of MNIST and Fashion-MNIST (plain or gzip-compressed).
// Every malformed input is a rebnet::Error with a one-line message naming the
// file, the offending field and its value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rebnet {

enum class Split { Train, Test };

struct Dataset {
  uint32_t rows = 0, cols = 0;  // image size
  std::vector<uint8_t> images;  // count * rows * cols pixels, image-major, row-major
  std::vector<uint8_t> labels;  // count labels
  size_t count() const { return labels.size(); }
  const uint8_t* image(size_t i) const { return images.data() + i * rows * cols; }
};

// Limits on header fields, checked before anything is allocated.
inline constexpr uint64_t kIdxMaxCount = 10'000'000;          // images or labels per file
inline constexpr uint64_t kIdxMaxImageBytes = uint64_t{1} << 30;  // count * rows * cols

// Reads an IDX image file and its label file; checks magic numbers (0x00000803
// images, 0x00000801 labels), dims, that the counts agree, and that each file
// holds exactly the bytes its header declares (trailing garbage is an error
// too). `limit` > 0 keeps only the first `limit` images; the files are still
// checked to the end, so a bad file fails whatever the limit.
Dataset load_idx(const std::string& images_path, const std::string& labels_path,
                 uint64_t limit = 0);

// Finds `train-images-idx3-ubyte[.gz]` / `train-labels-idx1-ubyte[.gz]`
// (Split::Train) or the `t10k-...` pair (Split::Test) in `dir`, also under the
// MNIST spelling `t10k-images.idx3-ubyte[.gz]`, and loads them with load_idx.
Dataset load_split(const std::string& dir, Split split, uint64_t limit = 0);

// Checks that every label is < classes; throws naming the first bad label's
// index and value.
void check_labels(const Dataset& data, uint32_t classes);

}  // namespace rebnet
