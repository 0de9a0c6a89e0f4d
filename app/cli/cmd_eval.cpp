#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "contract/model_file.h"
#include "data/idx.h"
#include "golden/fast.h"

namespace rebnet::cli {

int run_eval(const std::vector<std::string>& args) {
  std::string model_path, data_dir = REBNET_DEFAULT_DATA_DIR, json_path;
  uint32_t levels = 0;
  uint64_t limit = 0;
  unsigned threads = 0;
  po::options_description options("options");
  options.add_options()
      ("model", po::value(&model_path)->required(), "model file")
      ("data", po::value(&data_dir)->default_value(data_dir), "IDX data directory (test split: t10k-*)")
      ("levels", po::value(&levels)->default_value(0), "run-time level count k (0: the model's own)")
      ("limit", po::value(&limit)->default_value(0), "evaluate only the first N images (0: all)")
      ("threads", po::value(&threads)->default_value(0), "worker threads (0: all cores)")
      ("json", po::value(&json_path), "also write the result as JSON to this file");
  po::variables_map vm;
  if (!parse(args, "rebnet eval --model FILE [--data DIR] [--levels K] [--limit N] [--json FILE]",
             "Runs the integer contract (fast golden model) over the test split and reports\n"
             "top-1 accuracy. JSON fields: accuracy, images, correct, levels.",
             options, vm))
    return 0;

  const Model model = read_model(model_path);
  const uint32_t k = run_levels(model, levels);
  const Dataset data = load_split(data_dir, Split::Test, limit);
  check_data_shape(model, data, data_dir);

  const FastModel fast(model);
  const size_t chunk = 1000;
  Progress progress("eval", data.count());
  uint64_t correct = 0;
  for (size_t begin = 0; begin < data.count(); begin += chunk) {
    const size_t n = std::min(chunk, data.count() - begin);
    const auto results = fast.run_batch(data.image(begin), n, k, threads);
    for (size_t i = 0; i < n; ++i) correct += results[i].label == data.labels[begin + i];
    progress.advance(n);
  }
  progress.finish();

  const double accuracy = data.count() ? double(correct) / double(data.count()) : 0.0;
  std::cout << "accuracy " << 100.0 * accuracy << " % (" << correct << "/" << data.count()
            << " images, levels " << k << ")\n";
  if (!json_path.empty())
    write_json({{"accuracy", accuracy}, {"images", data.count()}, {"correct", correct},
                {"levels", k}, {"model", model_path}, {"data", data_dir}},
               json_path);
  return 0;
}

}  // namespace rebnet::cli
