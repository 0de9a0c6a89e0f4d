// `rebnet train`: trains a topology with LibTorch (sw/train), exports the selected epoch to
// the integer contract and evaluates it with the golden model and the trainer's own
// integer evaluation.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/topology.h"
#include "data/idx.h"
#include "golden/fast.h"
#include "train/quantized.h"
#include "train/trainer.h"

namespace rebnet::cli {
namespace {

nlohmann::json number(double value) {
  return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
}

std::string percent(double value) {
  if (std::isnan(value)) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f %%", 100 * value);
  return text;
}

double accuracy(const std::vector<Result>& results, const Dataset& data) {
  size_t correct = 0;
  for (size_t i = 0; i < results.size(); ++i) correct += results[i].label == data.labels[i];
  return double(correct) / double(results.size());
}

struct IntegerAccuracy {
  double golden = 0;              // FastModel, all levels
  double trainer = 0;             // the trainer's own integer evaluation, all levels
  std::vector<double> by_levels;  // FastModel at run-time k = 1..levels
};

// Test accuracy of the exported model. The trainer's evaluation must equal the golden
// model image by image; a difference is a bug, reported rather than hidden.
IntegerAccuracy integer_accuracy(const Model& model, const Dataset& test, uint32_t levels,
                                 unsigned threads) {
  const FastModel golden(model);
  const size_t n = test.count();
  const std::vector<Result> reference = golden.run_batch(test.images.data(), n, 0, threads);
  const std::vector<Result> trainer = train::run_quantized(model, test.images.data(), n);
  size_t differ = 0;
  for (size_t i = 0; i < n; ++i) differ += !(reference[i] == trainer[i]);
  if (differ)
    std::cerr << "rebnet train: warning: the trainer's integer evaluation differs from the "
                 "golden model on "
              << differ << " of " << n << " test images\n";
  IntegerAccuracy a{accuracy(reference, test), accuracy(trainer, test), {}};
  for (uint32_t k = 1; k <= levels; ++k)
    a.by_levels.push_back(accuracy(golden.run_batch(test.images.data(), n, k, threads), test));
  return a;
}

nlohmann::json history_json(const std::vector<train::EpochStats>& history) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& e : history)
    rows.push_back({{"epoch", e.epoch},
                    {"loss", e.loss},
                    {"train_accuracy", e.train_accuracy},
                    {"validation_accuracy_float", number(e.validation_float)},
                    {"validation_accuracy_int", number(e.validation_int)},
                    {"seconds", e.seconds}});
  return rows;
}

void print_epoch(const train::EpochStats& e, uint32_t epochs) {
  char line[160];
  std::snprintf(line, sizeof line, "epoch %u/%u loss %.4f train %s validation %s int %s %.1f s",
                e.epoch, epochs, e.loss, percent(e.train_accuracy).c_str(),
                percent(e.validation_float).c_str(), percent(e.validation_int).c_str(),
                e.seconds);
  std::cout << line << std::endl;
}

}  // namespace

int run_train(const std::vector<std::string>& args) {
  std::string topology, data_dir = REBNET_DEFAULT_DATA_DIR, out_path, json_path;
  uint32_t levels = 1, pixel_levels = 8;
  uint64_t limit_train = 0;
  train::Options o;
  po::options_description options("options");
  options.add_options()
      ("topology", po::value(&topology)->required(), topology_help().c_str())
      ("levels", po::value(&levels)->required(), "levels M of every hidden activation, 1..8")
      ("epochs", po::value(&o.epochs)->required(), "training epochs")
      ("data", po::value(&data_dir)->default_value(data_dir), "IDX directory (train-*, t10k-*)")
      ("out", po::value(&out_path), "the exported integer model (required unless --float)")
      ("json", po::value(&json_path), "also write the results as JSON to this file")
      ("seed", po::value(&o.seed)->default_value(o.seed), "seed of initialisation and shuffling")
      ("float", po::bool_switch(&o.full_precision), "full-precision baseline (ReLU, no export)")
      ("pixel-levels", po::value(&pixel_levels)->default_value(pixel_levels),
       "levels P of the pixel code, 1..8")
      ("batch", po::value(&o.batch)->default_value(o.batch), "images per batch")
      ("lr", real_value(&o.lr),
       "Adam learning rate; decays exponentially to lr/100 at the last epoch")
      ("threads", po::value(&o.threads)->default_value(0), "threads (0: all cores)")
      ("validation", po::value(&o.validation)->default_value(o.validation),
       "last training images held out for model selection (0: keep the last epoch)")
      ("dropout", real_value(&o.dropout),
       "dropout on the inputs of dense layers after the first")
      ("label-smoothing", real_value(&o.label_smoothing),
       "label smoothing of the cross-entropy loss")
      ("shift", po::value(&o.shift)->default_value(o.shift),
       "augmentation: shift training images randomly by up to this many pixels")
      ("scale-init", po::value(&o.scale_init)->default_value(o.scale_init),
       "initial residual scales: geometric (0.8 / 2^(l-1)) or ramp ((M, .., 1) / sum)")
      ("ste-window", po::value(&o.ste_window)->default_value(o.ste_window),
       "straight-through window of level l: scales (|r_l| <= g_l + .. + g_M) or unit (1)")
      ("init", po::value(&o.init),
       "start from the weights of this checkpoint of a --float run of the same topology "
       "(written by its --checkpoint)")
      ("limit-train", po::value(&limit_train)->default_value(0),
       "read only the first N training images (0: all)")
      ("checkpoint", po::value(&o.checkpoint), "write a checkpoint here after every epoch")
      ("resume", po::bool_switch(&o.resume), "continue from --checkpoint");
  po::variables_map vm;
  if (!parse(args,
             "rebnet train --topology T --levels M --epochs E --out FILE [--data DIR] "
             "[--json FILE] [options]",
             "Trains a residual binarized network with LibTorch, selects the epoch whose\n"
             "integer model is most accurate on the validation split (with --validation 0:\n"
             "trains on every image and keeps the last epoch), exports it to the integer\n"
             "contract and evaluates it on the test split: accuracy_float (float\n"
             "graph), accuracy_int (golden model), accuracy_int_trainer (the trainer's own\n"
             "integer evaluation, equal by construction), accuracy_by_levels (run-time k).",
             options, vm))
    return 0;

  // Everything that can be wrong is checked before the first epoch.
  const Model skeleton = rebnet::skeleton(topology, levels, pixel_levels);
  train::check_options(o);
  if (o.full_precision && !out_path.empty())
    throw UsageError("--out " + out_path +
                     ": the full-precision baseline (--float) has no integer model to write");
  if (!o.full_precision && out_path.empty())
    throw UsageError("the option '--out' is required (the exported model file) unless --float");
  if (!out_path.empty()) check_writable(out_path, "--out");
  if (!o.checkpoint.empty()) check_writable(o.checkpoint, "--checkpoint");
  const Dataset train_set = load_split(data_dir, Split::Train, limit_train);
  const Dataset test_set = load_split(data_dir, Split::Test);
  train::check_data(skeleton, o, train_set, test_set);

  std::unique_ptr<Progress> bar;
  train::Callbacks callbacks;
  callbacks.note = [](const std::string& text) { std::cout << text << std::endl; };
  callbacks.epoch_begin = [&](uint32_t epoch, uint64_t images) {
    bar = std::make_unique<Progress>(
        "epoch " + std::to_string(epoch) + "/" + std::to_string(o.epochs), images);
  };
  callbacks.batch_end = [&](uint64_t images, double loss, double accuracy) {
    char status[64];
    std::snprintf(status, sizeof status, "loss %.4f acc %.2f %%", loss, 100 * accuracy);
    bar->set_status(status);
    bar->advance(images);
  };
  callbacks.epoch_end = [&](const train::EpochStats& e) {
    bar.reset();  // finishes the bar before the summary line
    print_epoch(e, o.epochs);
  };
  const train::Outcome outcome = train::train(skeleton, o, train_set, test_set, callbacks);

  nlohmann::json result = {{"topology", topology},
                           {"levels", levels},
                           {"pixel_levels", pixel_levels},
                           {"float", o.full_precision},
                           {"epochs", o.epochs},
                           {"batch", o.batch},
                           {"lr", o.lr},
                           {"dropout", o.dropout},
                           {"label_smoothing", o.label_smoothing},
                           {"shift", o.shift},
                           {"scale_init", o.scale_init},
                           {"ste_window", o.ste_window},
                           {"init", o.init.empty() ? nlohmann::json() : nlohmann::json(o.init)},
                           {"validation", o.validation},
                           {"training_images", train_set.count() - o.validation},
                           {"seed", o.seed},
                           {"best_epoch", outcome.best_epoch},
                           {"accuracy_float", outcome.accuracy_float},
                           {"accuracy_int", nullptr},
                           {"accuracy_int_trainer", nullptr},
                           {"accuracy_by_levels", nullptr},
                           {"history", history_json(outcome.history)}};
  std::cout << "best epoch " << outcome.best_epoch << ": accuracy_float "
            << percent(outcome.accuracy_float);
  if (!o.full_precision) {
    Model model = outcome.model;
    model.description += " trained: epochs=" + std::to_string(o.epochs) +
                         " best_epoch=" + std::to_string(outcome.best_epoch) +
                         " seed=" + std::to_string(o.seed);
    write_model(model, out_path);
    const IntegerAccuracy a = integer_accuracy(model, test_set, levels, o.threads);
    result["accuracy_int"] = a.golden;
    result["accuracy_int_trainer"] = a.trainer;
    result["accuracy_by_levels"] = a.by_levels;
    std::cout << " accuracy_int " << percent(a.golden) << " accuracy_int_trainer "
              << percent(a.trainer);
  }
  std::cout << std::endl;
  if (!json_path.empty()) write_json(result, json_path);
  return 0;
}

}  // namespace rebnet::cli
