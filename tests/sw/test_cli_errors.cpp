// Error messages of the software commands (eval, random-model, bench golden, train and
// the command dispatch), one bad input per test: exit status 1 or 2, one line naming
// the option or file, the offending value and what was expected (tests/support/cli_cases.h).
#include "cli_cases.h"

namespace {

using rebnet::test::BadInput;

class SoftwareCommands : public rebnet::test::BadInputTest {
 protected:
  void SetUp() override {
    BadInputTest::SetUp();
    std::filesystem::create_directories(dir_ / "empty-dir");
    write("empty.rbm", "");
    write("text.rbm", "this is not a model file, only text long enough for a header\n");
  }
};

TEST_P(SoftwareCommands, OneLineNamingOptionValueAndExpectation) { check(); }

const std::string kEval = "eval --model @/m.rbm --data @/data";

const BadInput kCases[] = {
    // the command line itself
    {"unknown_command", "frobnicate", 2, {"'frobnicate'", "expected one of", "eval"}},
    {"unknown_option", kEval + " --colour red", 2, {"'--colour'", "expected one of", "--levels"}},
    {"stray_argument", kEval + " extra", 2, {"'extra'", "expected options only"}},
    {"missing_required_option", "eval --data @/data", 2, {"'--model'", "required"}},
    {"missing_option_value", "eval --model", 2, {"'--model'", "missing"}},
    {"repeated_option", kEval + " --model @/m.rbm", 2, {"'--model'", "more than once"}},
    // numbers
    {"negative_unsigned", kEval + " --levels -1", 2, {"--levels = -1", "expected a whole number"}},
    {"not_a_number", kEval + " --limit ten", 2, {"--limit = ten", "expected a whole number"}},
    {"fraction_for_integer", kEval + " --limit 1.5", 2, {"--limit = 1.5", "whole number"}},
    {"integer_overflow", kEval + " --threads 99999999999", 2,
     {"--threads = 99999999999", "[0, 4294967295]"}},
    {"empty_number", kEval + " --levels ''", 2, {"--levels = ", "whole number"}},
    {"levels_above_model", kEval + " --levels 3", 1, {"--levels = 3", "the model's 2 levels"}},
    // files
    {"model_missing", "eval --model @/missing.rbm --data @/data", 1, {"@/missing.rbm", "no such file"}},
    {"model_is_directory", "eval --model @/data --data @/data", 1,
     {"@/data", "is a directory", "expected a model file"}},
    {"model_empty", "eval --model @/empty.rbm --data @/data", 1,
     {"@/empty.rbm", "0 bytes", "header"}},
    {"model_not_a_model", "eval --model @/text.rbm --data @/data", 1,
     {"@/text.rbm", "magic", "REBNETM"}},
    {"data_missing", "eval --model @/m.rbm --data @/nowhere", 1, {"@/nowhere", "does not exist"}},
    {"data_is_file", "eval --model @/m.rbm --data @/afile", 1, {"@/afile", "not a directory"}},
    {"data_empty_directory", "eval --model @/m.rbm --data @/empty-dir", 1,
     {"@/empty-dir", "no t10k images file", "t10k-images-idx3-ubyte"}},
    {"data_shape_mismatch", "eval --model @/m16.rbm --data @/data", 1,
     {"model input is 4x4x1", "@/data", "28x28x1"}},
    {"json_in_missing_directory", kEval + " --json @/no-dir/e.json", 1,
     {"--json @/no-dir/e.json", "cannot write the file", "No such file or directory"}},
    {"json_is_directory", kEval + " --json @/data", 1, {"--json @/data", "is a directory", "file name"}},
    {"json_empty", kEval + " --json ''", 1, {"--json", "expected a file name"}},
    // random-model
    {"unknown_topology", "random-model --topology vgg --out @/x.rbm", 1,
     {"'vgg'", "unknown topology", "sfc"}},
    {"mlp_zero_layer", "random-model --topology 784-0-10 --out @/x.rbm", 1,
     {"'784-0-10'", "'0'", "layer size in [1, 65536]"}},
    {"mlp_one_size", "random-model --topology 784 --out @/x.rbm", 1,
     {"'784'", "needs at least an input and an output size"}},
    {"levels_zero", "random-model --topology sfc --levels 0 --out @/x.rbm", 1,
     {"--levels = 0", "[1, 8]"}},
    {"levels_nine", "random-model --topology sfc --levels 9 --out @/x.rbm", 1,
     {"--levels = 9", "[1, 8]"}},
    {"pixel_levels_nine", "random-model --topology sfc --pixel-levels 9 --out @/x.rbm", 1,
     {"--pixel-levels = 9", "[1, 8]"}},
    {"negative_seed", "random-model --topology sfc --seed -1 --out @/x.rbm", 2,
     {"--seed = -1", "[0, 18446744073709551615]"}},
    {"model_out_missing_directory", "random-model --topology sfc --out @/no-dir/x.rbm", 1,
     {"--out @/no-dir/x.rbm", "cannot write the file", "No such file or directory"}},
    {"model_out_is_directory", "random-model --topology sfc --out @/data", 1,
     {"--out @/data", "is a directory", "expected a file name"}},
    // bench
    {"unknown_benchmark", "bench frobnicate", 2, {"'frobnicate'", "expected golden, sim or train"}},
    {"two_benchmarks", "bench golden sim", 2, {"'sim'", "at most 1 argument"}},
    {"bench_golden_levels", "bench golden --levels 9", 1, {"--levels = 9", "[1, 8]"}},
    {"bench_seconds_negative", "bench golden --seconds -1", 2, {"--seconds = -1", "positive time"}},
    {"bench_seconds_nan", "bench golden --seconds nan", 2, {"--seconds = nan", "finite number"}},
};

INSTANTIATE_TEST_SUITE_P(Cli, SoftwareCommands, testing::ValuesIn(kCases),
                         rebnet::test::bad_input_name);

#if REBNET_TEST_TRAIN
// `rebnet train` checks everything before the first epoch (most before reading data).
const std::string kTrain = "train --topology sfc --levels 2 --epochs 1 --data @/data --out @/t.rbm";

const BadInput kTrainCases[] = {
    {"train_epochs_zero", "train --topology sfc --levels 2 --epochs 0 --out @/t.rbm", 1,
     {"--epochs = 0", "at least 1 epoch"}},
    {"train_batch_one", kTrain + " --batch 1", 1, {"--batch = 1", "at least 2 images"}},
    {"train_lr_zero", kTrain + " --lr 0", 1, {"--lr = 0", "positive"}},
    {"train_dropout_one", kTrain + " --dropout 1", 1, {"--dropout = 1", "[0, 1)"}},
    {"train_scale_init", kTrain + " --scale-init ones", 1, {"--scale-init = ones", "geometric or ramp"}},
    {"train_resume_without_checkpoint", kTrain + " --resume", 1, {"--resume", "--checkpoint FILE"}},
    {"train_float_with_out", kTrain + " --float", 2, {"--out @/t.rbm", "--float"}},
    {"train_without_out", "train --topology sfc --levels 2 --epochs 1", 2, {"'--out'", "required"}},
    {"train_out_missing_directory",
     "train --topology sfc --levels 2 --epochs 1 --out @/no-dir/t.rbm", 1,
     {"--out @/no-dir/t.rbm", "cannot write the file"}},
    {"train_no_training_split", kTrain, 1, {"@/data", "no train images file"}},
};

INSTANTIATE_TEST_SUITE_P(Train, SoftwareCommands, testing::ValuesIn(kTrainCases),
                         rebnet::test::bad_input_name);
#endif

}  // namespace
