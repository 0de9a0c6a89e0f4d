#include "plan/folding_search.h"

#include <algorithm>
#include <vector>

#include "contract/error.h"
#include "plan/performance.h"

namespace rebnet {
namespace {

std::vector<uint32_t> divisors(uint32_t n) {
  std::vector<uint32_t> d;
  for (uint32_t i = 1; i <= n; ++i)
    if (n % i == 0) d.push_back(i);
  return d;
}

// SIMD candidates: divisors (no padding) and powers of two (cheap popcounts).
std::vector<uint32_t> simd_candidates(const Layer& layer) {
  if (layer.kind == LayerKind::Conv) return divisors(layer.in.channels);
  std::vector<uint32_t> c = divisors(layer.fan_in);
  for (uint32_t p = 1; p < layer.fan_in; p *= 2) c.push_back(p);
  std::sort(c.begin(), c.end());
  c.erase(std::unique(c.begin(), c.end()), c.end());
  return c;
}

// Frame interval of the conv layer's window unit (0 for dense layers).
uint64_t window_cycles(const Layer& layer, uint32_t simd) {
  if (layer.kind != LayerKind::Conv) return 0;
  SlidingWindowConfig c;
  c.Channels = layer.in.channels;
  c.InWidth = layer.in.width;
  c.InHeight = layer.in.height;
  c.Kernel = layer.kernel;
  c.Simd = simd;
  return sliding_window_cycles(c);
}

}  // namespace

NetworkFolding auto_folding(const Model& model, uint64_t target_cycles, uint32_t k) {
  if (target_cycles == 0) throw Error("folding search: the target must be at least 1 cycle");
  NetworkFolding folding;
  bool pixel_input = true;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    if (!layer.computes()) {
      folding.layers.push_back({0, 0, kDefaultFifoDepth});
      continue;
    }
    LayerFolding best;
    uint64_t best_cost = UINT64_MAX, best_cycles = UINT64_MAX;
    for (uint32_t pe : divisors(layer.neurons))
      for (uint32_t simd : simd_candidates(layer)) {
        const uint64_t cycles =
            std::max(layer_cycles(layer, pixel_input, model.pixel_levels, pe, simd, k),
                     window_cycles(layer, simd));
        const uint64_t cost = uint64_t{pe} * simd;
        if (cycles > target_cycles) continue;
        if (cost < best_cost || (cost == best_cost && cycles < best_cycles) ||
            (cost == best_cost && cycles == best_cycles && simd > best.simd)) {
          best = {pe, simd, kDefaultFifoDepth};
          best_cost = cost;
          best_cycles = cycles;
        }
      }
    if (best.pe == 0) {
      const uint32_t full_simd =
          layer.kind == LayerKind::Conv ? layer.in.channels : layer.fan_in;
      throw Error("folding search: layer " + std::to_string(i) + " (" + to_string(layer.kind) +
                  ") needs at least " +
                  std::to_string(std::max(layer_cycles(layer, pixel_input, model.pixel_levels,
                                                       layer.neurons, full_simd, k),
                                          window_cycles(layer, full_simd))) +
                  " cycles per frame fully parallel; the target " +
                  std::to_string(target_cycles) + " is impossible");
    }
    folding.layers.push_back(best);
    pixel_input = false;
  }
  // Enough pixels per input word that the input stream keeps up too.
  const uint32_t vector = first_vector_elems(model);
  const uint64_t frame = model.input.elements();
  for (uint32_t e = 1; e <= 64; ++e)
    if (vector % e == 0 && (frame + e - 1) / e <= target_cycles) {
      folding.input_elems = e;
      break;
    }
  if (folding.input_elems == 0)
    throw Error("folding search: " + std::to_string(frame) +
                " input pixels per frame cannot arrive in " + std::to_string(target_cycles) +
                " cycles (at most 64 per word)");
  return folding;
}

}  // namespace rebnet
