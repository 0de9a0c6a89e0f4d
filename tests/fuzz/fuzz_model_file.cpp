// libFuzzer target for the model-file reader (sw/contract/model_file.cpp).
//
// Each input is parsed twice: as is (exercising the header checks), and with a
// repaired header (magic, version, payload size and CRC-32 set to match the
// bytes), so that mutations reach the payload parser instead of all failing
// the checksum. A rebnet::Error is the expected outcome for a bad file; any
// other exception, crash or sanitizer report is a bug. Accepted files must also
// be canonical: serialize_model(parse_model(bytes)) == bytes. For small models,
// the fast golden model must agree with the plain-loop reference on one image.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "contract/error.h"
#include "contract/model_file.h"
#include "golden/fast.h"
#include "golden/reference.h"

namespace {

using rebnet::Model;

constexpr size_t kHeaderBytes = sizeof(rebnet::kModelMagic) + 12;
// Golden models run only below this many weight-bit operations per image
// (keeps the fuzzer fast; seeds are tiny enough to pass).
constexpr uint64_t kMaxGoldenWork = 200'000;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_model_file: %s\n", what);
  std::abort();
}

uint64_t golden_work(const Model& m) {
  uint64_t work = 0;
  for (const auto& layer : m.layers)
    if (layer.computes())
      work += uint64_t{layer.out.height} * layer.out.width * layer.neurons * layer.fan_in *
              std::max<uint32_t>(layer.levels_in, 1);
  return work;
}

void check_golden(const Model& m, std::span<const uint8_t> bytes) {
  if (golden_work(m) > kMaxGoldenWork) return;
  // One image whose pixels come from the input bytes.
  std::vector<uint8_t> pixels(m.input.elements());
  uLong h = crc32(0L, bytes.data(), static_cast<uInt>(bytes.size()));
  for (auto& p : pixels) {
    h = h * 6364136223846793005ull + 1442695040888963407ull;
    p = static_cast<uint8_t>(h >> 56);
  }
  const rebnet::FastModel fast(m);
  for (uint32_t k : {0u, 1u}) {
    const rebnet::Result want = rebnet::reference::run(m, pixels.data(), k);
    if (fast.run(pixels.data(), k) != want) fail("fast golden model disagrees with the reference");
  }
}

void parse_and_check(std::span<const uint8_t> bytes) {
  Model model;
  try {
    model = rebnet::parse_model(bytes, "fuzz.model");
  } catch (const rebnet::Error&) {
    return;
  }
  const std::vector<uint8_t> again = rebnet::serialize_model(model);
  if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end()))
    fail("accepted a file that serialize_model does not reproduce (non-canonical field?)");
  check_golden(model, bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parse_and_check({data, size});
  if (size < kHeaderBytes) return 0;
  std::vector<uint8_t> fixed(data, data + size);
  const auto payload = static_cast<uint32_t>(size - kHeaderBytes);
  const auto crc = static_cast<uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), fixed.data() + kHeaderBytes, static_cast<uInt>(payload)));
  std::memcpy(fixed.data(), rebnet::kModelMagic, sizeof(rebnet::kModelMagic));
  std::memcpy(fixed.data() + 8, &rebnet::kModelVersion, 4);
  std::memcpy(fixed.data() + 12, &payload, 4);
  std::memcpy(fixed.data() + 16, &crc, 4);
  if (!std::equal(fixed.begin(), fixed.end(), data)) parse_and_check(fixed);
  return 0;
}
