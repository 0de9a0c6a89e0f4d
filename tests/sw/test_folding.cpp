// Folding files: every malformed or illegal folding is refused before anything
// is built, with a message naming the file, the entry, the field and the value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "plan/folding_search.h"
#include "plan/network_plan.h"
#include "plan/performance.h"

namespace rebnet {
namespace {

// Parses and checks `json` against `model`; returns the error message ("" if none).
std::string folding_error(const Model& model, const std::string& json) {
  try {
    plan_network(model, parse_folding(json, "f.json"), "f.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const Model& sfc() {
  static const Model m = randomize(skeleton("sfc", 2), 1);
  return m;
}

const Model& cnv() {
  static const Model m = randomize(skeleton("cnv", 2), 1);
  return m;
}

const char* kSfcGood = R"({"layers": [{"pe": 16, "simd": 64}, {"pe": 16, "simd": 64},
                                      {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})";

TEST(Folding, GoodFoldingPlans) {
  EXPECT_EQ(folding_error(sfc(), kSfcGood), "");
  const NetworkPlan plan = plan_network(sfc(), parse_folding(kSfcGood, "f"), "f");
  EXPECT_EQ(plan.input_elems, 8u);  // the largest of 8, 4, 2, 1 dividing 784
  EXPECT_EQ(plan.stages.front().name, "u_pixel_encoder");
  EXPECT_EQ(plan.stages.back().name, "u_label_select");
  // 8 pixels per word, Simd 64: a width converter in front of layer 0 only.
  std::vector<std::string> names;
  for (const Stage& s : plan.stages) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"u_pixel_encoder", "u_l0_wc", "u_l0_mvtu", "u_l1_wc",
                                             "u_l1_mvtu", "u_l2_wc", "u_l2_mvtu", "u_l3_wc",
                                             "u_l3_mvtu", "u_label_select"}));
}

TEST(Folding, ConvPlanHasWindowAndPoolUnits) {
  const std::string json = R"({"layers": [{"pe": 32, "simd": 1}, {"pe": 32, "simd": 32}, {},
      {"pe": 32, "simd": 32}, {"pe": 32, "simd": 32}, {}, {"pe": 16, "simd": 64},
      {"pe": 10, "simd": 16}]})";
  // Layer 6 emits 16 codes per word and layer 7 takes 16: no converter between them.
  const NetworkPlan plan = plan_network(cnv(), parse_folding(json, "f"), "f");
  std::vector<std::string> names;
  for (const Stage& s : plan.stages) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "u_pixel_encoder", "u_l0_swu", "u_l0_mvtu", "u_l1_swu", "u_l1_mvtu",
                       "u_l2_pool", "u_l3_swu", "u_l3_mvtu", "u_l4_swu", "u_l4_mvtu",
                       "u_l5_pool", "u_l6_wc", "u_l6_mvtu", "u_l7_mvtu", "u_label_select"}));
}

TEST(Folding, RefusesBadFoldings) {
  struct Bad {
    const Model* model;
    std::string json;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {&sfc(), "{\"layers\": [", "malformed JSON"},
      {&sfc(), "[1, 2]", "expected a JSON object"},
      {&sfc(), R"({"layers": [{"pe": 191e1111}]})", "malformed JSON"},
      {&sfc(), R"({"layer": []})", "unknown field \"layer\""},
      {&sfc(), R"({"layers": [{"pe": 16, "simd": 64}]})", "1 layer entries but the model has 4"},
      {&sfc(), R"({"layers": [{"pe": 3, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "layers[0] (dense): pe = 3 must divide the 256 neurons"},
      {&sfc(), R"({"layers": [{"pe": 16, "simd": 0}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "layers[0] (dense): needs \"pe\" and \"simd\""},
      {&sfc(), R"({"layers": [{"pe": 16, "simd": 64, "fifo_depth": 0}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "fifo_depth = 0 is outside [2, 65536]"},
      {&sfc(), R"({"layers": [{"pe": 16, "simd": 1000}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "simd = 1000 exceeds the fan-in 784"},
      {&sfc(), R"({"layers": [{"pe": -1, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "\"pe\" = -1 is not an unsigned integer"},
      {&sfc(), R"({"layers": [{"pe": 16, "simd": 64, "depth": 4}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "unknown field \"depth\""},
      {&sfc(), R"({"input_elems": 5, "layers": [{"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 64}]})",
       "input_elems = 5 must be at most 64 and divide the first layer's input vector of 784"},
      {&cnv(), R"({"layers": [{"pe": 32, "simd": 1}, {"pe": 32, "simd": 3}, {}, {"pe": 32, "simd": 32}, {"pe": 32, "simd": 32}, {}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 16}]})",
       "layers[1] (conv): simd = 3 must divide the 32 input channels"},
      {&cnv(), R"({"layers": [{"pe": 32, "simd": 1}, {"pe": 32, "simd": 32}, {"pe": 1, "simd": 1}, {"pe": 32, "simd": 32}, {"pe": 32, "simd": 32}, {}, {"pe": 16, "simd": 64}, {"pe": 10, "simd": 16}]})",
       "layers[2] (maxpool): a max-pool layer takes no pe or simd"},
  };
  for (const Bad& c : cases) {
    const std::string message = folding_error(*c.model, c.json);
    EXPECT_NE(message.find(c.message), std::string::npos)
        << "folding " << c.json << "\n  message: " << message << "\n  expected: " << c.message;
    EXPECT_NE(message.find("f.json"), std::string::npos) << message;
  }
}

TEST(Folding, JsonRoundTrip) {
  NetworkFolding f = parse_folding(kSfcGood, "f");
  check_folding(f, sfc(), "f");
  const NetworkFolding back = parse_folding(folding_json(f).dump(), "g");
  ASSERT_EQ(back.layers.size(), f.layers.size());
  EXPECT_EQ(back.input_elems, f.input_elems);
  for (size_t i = 0; i < f.layers.size(); ++i) {
    EXPECT_EQ(back.layers[i].pe, f.layers[i].pe);
    EXPECT_EQ(back.layers[i].simd, f.layers[i].simd);
    EXPECT_EQ(back.layers[i].fifo_depth, f.layers[i].fifo_depth);
  }
}

// The search meets its target on every stage, with the least PE x SIMD per layer.
TEST(FoldingSearch, MeetsTargetsWithLeastParallelism) {
  for (const Model* m : {&sfc(), &cnv()})
    for (uint64_t target : {256u, 1000u, 60000u})
      for (uint32_t k : {1u, 2u}) {
        SCOPED_TRACE(m->description + " target " + std::to_string(target) + " k " + std::to_string(k));
        NetworkFolding f;
        try {
          f = auto_folding(*m, target, k);
        } catch (const Error& e) {
          // Only the CNV's first layer (SIMD = 1 channel, 8 pixel levels) may be out of reach.
          EXPECT_EQ(m, &cnv()) << e.what();
          EXPECT_NE(std::string(e.what()).find("is impossible"), std::string::npos) << e.what();
          continue;
        }
        const NetworkPlan plan = plan_network(*m, f, "auto");
        EXPECT_LE(analyze(plan, k).ideal_cycles_per_frame, target);
        bool pixel_input = true;
        for (size_t i = 0; i < m->layers.size(); ++i) {
          const Layer& l = m->layers[i];
          if (!l.computes()) continue;
          const LayerFolding& lf = f.layers[i];
          // Halving either factor (where legal) would miss the target or not save anything.
          if (lf.pe % 2 == 0) {
            EXPECT_GT(layer_cycles(l, pixel_input, m->pixel_levels, lf.pe / 2, lf.simd, k), target)
                << "layer " << i;
          }
          pixel_input = false;
        }
      }
}

TEST(FoldingSearch, RefusesImpossibleTargets) {
  try {
    auto_folding(sfc(), 4, 1);
    FAIL() << "a 4-cycle SFC was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("layer 0 (dense) needs at least 8 cycles"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace rebnet
