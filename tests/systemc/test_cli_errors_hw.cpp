// Error messages of the hardware commands (simulate, export-rtl, synth, cosim,
// explore), one bad input per test: exit status 1 or 2, one line naming the option
// or file, the offending value and what was expected (tests/support/cli_cases.h).
// Every case fails before any tool (yosys, Verilator, training) would run; cosim and
// explore get a scratch --cache, so a case that passed its check by mistake could
// not touch the user's cache (and is killed after 60 s).
#include "cli_cases.h"

namespace {

using rebnet::test::BadInput;

class HardwareCommands : public rebnet::test::BadInputTest {
 protected:
  void SetUp() override {
    BadInputTest::SetUp();
    write("f.json", R"({"layers": [{"pe": 16, "simd": 64}, {"pe": 16, "simd": 32},
                                  {"pe": 8, "simd": 64}, {"pe": 10, "simd": 16}]})");
    write("f16.json", R"({"layers": [{"pe": 8, "simd": 16}, {"pe": 10, "simd": 8}]})");
    write("short.json", R"({"layers": [{"pe": 16, "simd": 64}]})");
    write("pe3.json", R"({"layers": [{"pe": 3, "simd": 64}, {}, {}, {}]})");
    write("typo.json", R"({"layers": [{"pes": 16, "simd": 64}, {}, {}, {}]})");
    write("broken.json", R"({"layers": [)");
    write("array.json", "[1, 2]");
    write("empty.json", "\n");
  }
};

TEST_P(HardwareCommands, OneLineNamingOptionValueAndExpectation) { check(); }

const std::string kModel = " --model @/m.rbm --folding @/f.json";
std::string simulate_with(const std::string& folding) {
  return "simulate --model @/m.rbm --folding @/" + folding + " --random-inputs 2";
}
const std::string kSimulate = "simulate" + kModel + " --random-inputs 2";
const std::string kCosim = "cosim" + kModel + " --random-inputs 2 --cache @/cache";
const std::string kExplore = "explore --data @/data --out @/out --cache @/cache --no-synth";

const BadInput kCases[] = {
    // folding files (read by simulate, export-rtl, synth, cosim and explore alike)
    {"folding_missing", simulate_with("missing.json"), 1,
     {"folding @/missing.json", "cannot open", "No such file or directory"}},
    {"folding_is_directory", simulate_with("data"), 1,
     {"folding @/data", "is a directory", "expected a JSON file"}},
    {"folding_empty", simulate_with("empty.json"), 1,
     {"folding @/empty.json", "empty file", "expected a JSON object"}},
    {"folding_malformed", simulate_with("broken.json"), 1,
     {"folding @/broken.json", "malformed JSON", "unexpected end of input"}},
    {"folding_not_an_object", simulate_with("array.json"), 1,
     {"folding @/array.json", "is a JSON array", "expected a JSON object"}},
    {"folding_unknown_field", simulate_with("typo.json"), 1,
     {"layers[0]", "unknown field \"pes\"", "expected pe, simd, fifo_depth"}},
    {"folding_pe_not_dividing", simulate_with("pe3.json"), 1,
     {"folding @/pe3.json: layers[0]", "pe = 3", "must divide the 256 neurons"}},
    {"folding_too_short", simulate_with("short.json"), 1,
     {"folding @/short.json", "1 layer entries", "the model has 4 layers"}},
    {"folding_for_another_model", "simulate --model @/m16.rbm --folding @/f.json --random-inputs 2",
     1, {"folding @/f.json", "4 layer entries", "the model has 2 layers"}},
    // simulate
    {"simulate_mode", kSimulate + " --mode slow", 2, {"--mode = slow", "expected cycle or fast"}},
    {"simulate_stall_one", kSimulate + " --stall 1", 2, {"--stall = 1", "probability in [0, 1)"}},
    {"simulate_in_gap_negative", kSimulate + " --in-gap -0.25", 2,
     {"--in-gap = -0.25", "probability in [0, 1)"}},
    {"simulate_stall_nan", kSimulate + " --stall nan", 2, {"--stall = nan", "finite number"}},
    {"simulate_clock_zero", kSimulate + " --clock-mhz 0", 2,
     {"--clock-mhz = 0", "positive frequency"}},
    {"simulate_clock_inf", kSimulate + " --clock-mhz inf", 2, {"--clock-mhz = inf", "finite number"}},
    {"simulate_fast_with_stall", kSimulate + " --mode fast --stall 0.2", 2,
     {"--mode fast", "--stall", "apply to --mode cycle only"}},
    {"simulate_levels_above_model", kSimulate + " --levels 3", 1,
     {"--levels = 3", "the model's 2 levels"}},
    {"simulate_too_many_random_inputs", "simulate" + kModel + " --random-inputs 20000000000", 2,
     {"--random-inputs = 20000000000", "expected at most 1369568 frames"}},
    {"simulate_trace_unwritable", kSimulate + " --trace @/no-dir/w.vcd", 1,
     {"--trace @/no-dir/w.vcd", "cannot write the file", "No such file or directory"}},
    {"simulate_json_unwritable", kSimulate + " --json @/no-dir/s.json", 1,
     {"--json @/no-dir/s.json", "cannot write the file"}},
    {"simulate_data_missing", "simulate" + kModel + " --data @/nowhere", 1,
     {"@/nowhere", "data directory does not exist"}},
    {"simulate_data_shape", "simulate --model @/m16.rbm --folding @/f16.json --data @/data", 1,
     {"model input is 4x4x1", "@/data", "28x28x1"}},
    // export-rtl
    {"export_board", "export-rtl" + kModel + " --out @/rtl --board zed", 2,
     {"--board", "'zed'", "pynq-z2, zcu104"}},
    {"export_clock", "export-rtl" + kModel + " --out @/rtl --clock-mhz 5000", 2,
     {"--clock-mhz = 5000", "expected a frequency in (0, 1000] MHz"}},
    {"export_out_is_file", "export-rtl" + kModel + " --out @/afile", 1,
     {"--out @/afile", "cannot create the directory", "Not a directory"}},
    {"export_out_inside_source", "export-rtl" + kModel + " --out " REBNET_SOURCE_DIR "/rtl/generated",
     1, {"--out " REBNET_SOURCE_DIR "/rtl/generated", "lies inside the source tree"}},
    {"export_without_out", "export-rtl" + kModel, 2, {"'--out'", "required"}},
    // synth (fails before yosys runs)
    {"synth_board", "synth" + kModel + " --cache @/cache --board zed", 2,
     {"--board", "'zed'", "pynq-z2, zcu104"}},
    {"synth_cache_inside_source", "synth" + kModel + " --cache " REBNET_SOURCE_DIR "/cache", 1,
     {"--cache " REBNET_SOURCE_DIR "/cache", "lies inside the source tree"}},
    {"synth_cache_is_file", "synth" + kModel + " --cache @/afile", 1,
     {"--cache @/afile", "cannot create the directory", "Not a directory"}},
    {"synth_model_missing", "synth --model @/missing.rbm --folding @/f.json --cache @/cache", 1,
     {"@/missing.rbm", "No such file or directory"}},
    {"synth_json_unwritable", "synth" + kModel + " --cache @/cache --json @/no-dir/s.json", 1,
     {"--json @/no-dir/s.json", "cannot write the file"}},
    // cosim (fails before Verilator runs)
    {"cosim_cache_uncreatable", "cosim" + kModel + " --random-inputs 2 --cache /proc/rebnet-nope", 1,
     {"--cache /proc/rebnet-nope", "cannot create the directory", "No such file or directory"}},
    {"cosim_cache_is_file", "cosim" + kModel + " --random-inputs 2 --cache @/afile", 1,
     {"--cache @/afile", "cannot create the directory", "Not a directory"}},
    {"cosim_trace_is_file", kCosim + " --trace @/afile", 1,
     {"--trace @/afile", "cannot create the directory"}},
    {"cosim_stall_one", kCosim + " --stall 1", 2, {"--stall = 1", "probability in [0, 1)"}},
    {"cosim_in_gap_negative", kCosim + " --in-gap -1", 2, {"--in-gap = -1", "probability"}},
    {"cosim_jobs_zero", kCosim + " --jobs 0", 2, {"--jobs = 0", "at least 1"}},
    {"cosim_max_idle_zero", kCosim + " --max-idle 0", 2, {"--max-idle = 0", "at least 1 cycle"}},
    {"cosim_levels_above_model", kCosim + " --levels 3", 1, {"--levels = 3", "the model's 2 levels"}},
    {"cosim_folding_too_short", "cosim --model @/m.rbm --folding @/short.json --cache @/cache", 1,
     {"folding @/short.json", "1 layer entries"}},
    // explore (fails before training)
    {"explore_levels", kExplore + " --levels 1,9", 2, {"--levels", "'9'", "level count in 1..8"}},
    {"explore_no_topologies", kExplore + " --topologies ,", 2, {"--topologies", "list is empty"}},
    {"explore_unknown_topology", kExplore + " --topologies sfc,vgg", 1, {"'vgg'", "unknown topology"}},
    {"explore_board", kExplore + " --board zed", 2, {"--board = zed", "expected pynq-z2 or zcu104"}},
    {"explore_target_fps_zero", kExplore + " --target-fps 0", 2,
     {"--target-fps = 0", "expected a positive rate"}},
    {"explore_target_fps_too_high", kExplore + " --target-fps 1e9", 1,
     {"--target-fps 1e+09", "exceeds one frame per cycle at 100 MHz"}},
    {"explore_cosim_stall", kExplore + " --cosim-stall 2", 2,
     {"--cosim-stall = 2", "probability in [0, 1)"}},
    {"explore_epochs_zero", kExplore + " --epochs 0", 2, {"--epochs = 0", "at least 1 epoch"}},
    {"explore_data_shape", kExplore + " --topologies cnv-cifar --target-fps 1000", 1,
     {"model input is 32x32x3", "@/data", "28x28x1"}},
    {"explore_folding_too_short", kExplore + " --folding @/short.json", 1,
     {"folding @/short.json", "1 layer entries"}},
    {"explore_out_is_file", "explore --data @/data --out @/afile --cache @/cache", 1,
     {"--out @/afile", "cannot create the directory"}},
};

INSTANTIATE_TEST_SUITE_P(Cli, HardwareCommands, testing::ValuesIn(kCases),
                         rebnet::test::bad_input_name);

}  // namespace
