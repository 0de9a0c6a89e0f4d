// libFuzzer target for the folding-file parser (sw/plan/folding.cpp).
//
// The input is the JSON text. It is parsed, and every parsed folding is checked
// (check_folding) against each of a few fixed models (fuzz_inputs.h); a folding that
// passes is also laid out (plan_network) and analysed at every level count. A
// rebnet::Error is the expected outcome for a bad folding; any other exception, crash or
// sanitizer report is a bug. A folding that passes must also survive
// folding_json -> parse_folding -> check_folding unchanged.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "contract/error.h"
#include "fuzz_inputs.h"
#include "plan/folding.h"
#include "plan/network_plan.h"
#include "plan/performance.h"

namespace {

using namespace rebnet;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_folding: %s\n", what);
  std::abort();
}

bool same(const NetworkFolding& a, const NetworkFolding& b) {
  if (a.input_elems != b.input_elems || a.layers.size() != b.layers.size()) return false;
  for (size_t i = 0; i < a.layers.size(); ++i)
    if (a.layers[i].pe != b.layers[i].pe || a.layers[i].simd != b.layers[i].simd ||
        (a.layers[i].pe != 0 && a.layers[i].fifo_depth != b.layers[i].fifo_depth))
      return false;
  return true;
}

void check_against(const NetworkFolding& parsed, const Model& model) {
  NetworkFolding folding = parsed;
  try {
    check_folding(folding, model, "fuzz.json");
  } catch (const Error&) {
    return;
  }
  const uint32_t vector = first_vector_elems(model);
  if (folding.input_elems == 0 || folding.input_elems > 64 || vector % folding.input_elems != 0)
    fail("check_folding passed with a bad input_elems");

  // The checked folding written out and read back is the same folding.
  NetworkFolding again = parse_folding(folding_json(folding).dump(), "again.json");
  check_folding(again, model, "again.json");
  if (!same(folding, again)) fail("folding_json round trip changed the folding");

  // Errors from the block configurations are allowed here (they are
  // rebnet::Error), though check_folding is meant to catch them first.
  try {
    const NetworkPlan plan = plan_network(model, parsed, "fuzz.json");
    for (uint32_t k = 1; k <= plan.max_levels; ++k) {
      const Performance perf = analyze(plan, k);
      if (perf.ideal_cycles_per_frame == 0 || perf.layers.size() != model.layers.size())
        fail("analyze returned an empty performance model");
    }
  } catch (const Error& e) {
    static int reported = 0;
    if (reported++ < 5)
      std::fprintf(stderr, "fuzz_folding: check_folding passed but plan_network refused: %s\n",
                   e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  NetworkFolding folding;
  try {
    folding = parse_folding(text, "fuzz.json");
  } catch (const Error&) {
    return 0;
  }
  for (const Model& model : fuzz::folding_models()) check_against(folding, model);
  return 0;
}
