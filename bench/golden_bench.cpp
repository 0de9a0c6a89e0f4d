#include "golden_bench.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/random_model.h"
#include "contract/topology.h"
#include "golden/fast.h"
#include "golden/reference.h"
#if REBNET_HAVE_TORCH
#include "libtorch_baseline.h"
#endif

namespace rebnet {
namespace {

constexpr size_t kImages = 10000;          // per run_batch call, and LibTorch's agreement set
constexpr size_t kTorchBatch = 1000;       // images per LibTorch forward pass
constexpr size_t kReferencePerThread = 4;  // the reference is slow: few images
static_assert(kImages % kTorchBatch == 0);

// Images per second of `call`, which handles `images` images: one warm-up call, then calls
// until min_seconds have passed.
double images_per_second(size_t images, double min_seconds, const std::function<void()>& call) {
  using clock = std::chrono::steady_clock;
  call();
  const clock::time_point start = clock::now();
  size_t calls = 0;
  double seconds = 0;
  do {
    call();
    ++calls;
    seconds = std::chrono::duration<double>(clock::now() - start).count();
  } while (seconds < min_seconds);
  return static_cast<double>(calls * images) / seconds;
}

// Synapse-level binary operations per image: fan_in * neurons * input levels * output pixels.
uint64_t binary_macs_per_image(const Model& model) {
  uint64_t macs = 0;
  for (const Layer& l : model.layers)
    if (l.computes())
      macs += uint64_t{l.fan_in} * l.neurons * l.levels_in * l.out.height * l.out.width;
  return macs;
}

// reference::run over contiguous slices of the images, one thread per slice.
std::vector<Result> reference_batch(const Model& model, const uint8_t* pixels, size_t images,
                                    unsigned threads) {
  std::vector<Result> results(images);
  const size_t bytes = model.input.elements();
  const size_t slice = (images + threads - 1) / threads;
  std::vector<std::jthread> workers;
  for (size_t first = 0; first < images; first += slice)
    workers.emplace_back([&, first] {
      for (size_t i = first; i < std::min(images, first + slice); ++i)
        results[i] = reference::run(model, pixels + i * bytes, 0);
    });
  return results;
}

std::vector<uint8_t> random_pixels(size_t n, uint64_t seed) {
  std::vector<uint8_t> pixels(n);
  uint64_t state = seed;
  for (uint8_t& p : pixels) {  // splitmix64
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    p = static_cast<uint8_t>((z ^ (z >> 31)) >> 56);
  }
  return pixels;
}

}  // namespace

nlohmann::json bench_golden(const BenchOptions& options) {
  const auto report = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  // Keep freed buffers in the heap: by default glibc maps every block over 128 KiB afresh and
  // page-faults it in again, which costs LibTorch (MB-sized tensors each pass) about a third
  // of its time and the fast model (its result vector) a little. Set for every contender.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const Model model = randomize(skeleton("sfc", options.levels), options.seed);
  const std::vector<uint8_t> pixels = random_pixels(kImages * model.input.elements(), options.seed);
  const uint64_t macs = binary_macs_per_image(model);

  const FastModel fast(model);
  report("bench golden: fast model (" + std::string(fast.kernel_name()) + ", " +
         std::to_string(threads) + " threads)");
  std::vector<Result> fast_results;
  const double fast_ips = images_per_second(kImages, options.min_seconds, [&] {
    fast_results = fast.run_batch(pixels.data(), kImages, 0, threads);
  });

  report("bench golden: plain reference");
  const size_t reference_images = std::min(kImages, kReferencePerThread * threads);
  std::vector<Result> reference_results;
  const double reference_ips = images_per_second(reference_images, options.min_seconds, [&] {
    reference_results = reference_batch(model, pixels.data(), reference_images, threads);
  });
  size_t reference_same = 0;
  for (size_t i = 0; i < reference_images; ++i)
    reference_same += reference_results[i] == fast_results[i];

  // LibTorch with each matmul backend it has; the fastest is the baseline.
  nlohmann::json torch_backends = nlohmann::json::object();
  nlohmann::json torch_ips = nullptr, torch_speedup = nullptr, torch_agreement = nullptr;
  nlohmann::json torch_matmul = nullptr;
#if REBNET_HAVE_TORCH
  using Matmul = LibtorchMlp::Matmul;
  std::vector<std::pair<std::string, Matmul>> matmuls = {{"blas", Matmul::Blas}};
  if (LibtorchMlp::has_onednn()) matmuls.insert(matmuls.begin(), {"onednn", Matmul::OneDnn});
  for (const auto& [name, matmul] : matmuls) {
    report("bench golden: LibTorch float inference, " + name + " matmul");
    const LibtorchMlp torch_model(model, threads, matmul);
    const double ips = images_per_second(kTorchBatch, options.min_seconds,
                                         [&] { torch_model.labels(pixels.data(), kTorchBatch); });
    size_t same = 0;
    for (size_t first = 0; first < kImages; first += kTorchBatch) {
      const std::vector<uint32_t> labels =
          torch_model.labels(pixels.data() + first * model.input.elements(), kTorchBatch);
      for (size_t i = 0; i < kTorchBatch; ++i) same += labels[i] == fast_results[first + i].label;
    }
    const double agreement = static_cast<double>(same) / kImages;
    torch_backends[name] = {
        {"images_per_s", ips}, {"speedup", fast_ips / ips}, {"label_agreement", agreement}};
    if (torch_ips.is_null() || ips > torch_ips.get<double>()) {
      torch_ips = ips;
      torch_speedup = fast_ips / ips;
      torch_agreement = agreement;
      torch_matmul = name;
    }
  }
#else
  report("bench golden: LibTorch baseline absent (built without REBNET_TORCH)");
#endif

  return {
      {"benchmark", "golden"},
      {"topology", "sfc"},
      {"levels", options.levels},
      {"pixel_levels", model.pixel_levels},
      {"seed", options.seed},
      {"threads", threads},
      {"kernel", fast.kernel_name()},
      {"images", kImages},
      {"reference_images", reference_images},
      {"libtorch_batch", kTorchBatch},
      {"libtorch_available", !torch_ips.is_null()},
      {"libtorch_matmul", torch_matmul},
      {"libtorch_backends", torch_backends},
      {"images_per_s_fast", fast_ips},
      {"images_per_s_reference", reference_ips},
      {"images_per_s_libtorch", torch_ips},
      {"speedup_vs_libtorch", torch_speedup},
      {"speedup_vs_reference", fast_ips / reference_ips},
      {"binary_macs_per_image", macs},
      {"binary_macs_per_s", fast_ips * static_cast<double>(macs)},
      {"reference_agreement", static_cast<double>(reference_same) / reference_images},
      {"libtorch_label_agreement", torch_agreement},
  };
}

}  // namespace rebnet
