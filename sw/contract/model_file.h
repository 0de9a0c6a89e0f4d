// The model file (docs/model-file.md): a versioned little-endian binary with a
// CRC-32 over its payload. The reader validates every field before use and
// reports the first problem in one line naming the field and value.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "contract/model.h"

namespace rebnet {

inline constexpr char kModelMagic[8] = {'R', 'E', 'B', 'N', 'E', 'T', 'M', '\0'};
inline constexpr uint32_t kModelVersion = 1;
inline constexpr uint64_t kMaxModelFileBytes = uint64_t{1} << 30;

std::vector<uint8_t> serialize_model(const Model& model);
// `source` names the bytes in error messages (usually the path).
Model parse_model(std::span<const uint8_t> bytes, const std::string& source);

// Writes atomically (temporary file, then rename).
void write_model(const Model& model, const std::string& path);
Model read_model(const std::string& path);

}  // namespace rebnet
