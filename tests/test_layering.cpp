// The one-way rule between the top-level folders, on this checkout and on planted trees
// that break it (so the check is known to fail when it should).
#include <gtest/gtest.h>

#include <fstream>

#include "layering.h"

namespace fs = std::filesystem;
using rebnet::layering::find_violations;

namespace {

class PlantedTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rebnet_layering_" + std::string(::testing::UnitTest::GetInstance()
                                                  ->current_test_info()
                                                  ->name()));
    fs::remove_all(root_);
    write("sw/plan/network_plan.h", "#include <vector>\n#include \"contract/model.h\"\n");
    write("sw/contract/model.h", "#pragma once\n");
    write("systemc/rebnet_network.h", "#include \"plan/network_plan.h\"\n");
    write("testbench/cosim_bench.h", "#include \"rebnet_network.h\"\n");
    write("app/cli/cmd_cosim.cpp", "#include \"cosim_bench.h\"\n#include \"golden_bench.h\"\n");
    write("bench/golden_bench.h", "#include \"contract/model.h\"\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path) << text;
  }
  fs::path root_;
};

}  // namespace

TEST(Layering, ThisCheckoutHasNoUpwardInclude) {
  const auto violations = find_violations(REBNET_SOURCE_DIR);
  for (const auto& v : violations) ADD_FAILURE() << to_string(v);
}

TEST_F(PlantedTree, DownwardIncludesPass) { EXPECT_TRUE(find_violations(root_).empty()); }

TEST_F(PlantedTree, PlanIncludingTheSystemcModelFails) {
  write("sw/plan/folding.cpp", "#include \"plan/network_plan.h\"\n\n#include \"rebnet_network.h\"\n");
  const auto v = find_violations(root_);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].file, fs::path("sw/plan/folding.cpp"));
  EXPECT_EQ(v[0].line, 3);
  EXPECT_EQ(v[0].why, "sw/ may not include from systemc/");
}

TEST_F(PlantedTree, SystemcIncludingTheTestbenchOrAppFails) {
  write("systemc/rebnet_mvtu.cpp", "#include \"cosim_bench.h\"\n#include \"cli/cmd_cosim.cpp\"\n");
  const auto v = find_violations(root_);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].why, "systemc/ may not include from testbench/");
  EXPECT_EQ(v[1].why, "systemc/ may not include from app/");
}

TEST_F(PlantedTree, BenchIncludingAppFails) {
  write("bench/sim_bench.cpp", "#include \"cli/cmd_cosim.cpp\"\n");
  const auto v = find_violations(root_);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].why, "bench/ may not include from app/");
}

TEST_F(PlantedTree, SwIncludingSystemcHeadersFails) {
  write("sw/plan/bits.h", "#include <systemc>\n#include \"verilated.h\"\n");
  EXPECT_EQ(find_violations(root_).size(), 2u);
}

TEST_F(PlantedTree, AmbiguousNameFails) {
  write("systemc/model.h", "#pragma once\n");
  write("sw/model.h", "#pragma once\n");
  write("testbench/rtl_build.h", "#include \"model.h\"\n");
  const auto v = find_violations(root_);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].why, "found under more than one layer");
}
