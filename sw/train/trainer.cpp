#include "train/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>

#include "contract/error.h"
#include "contract/model_file.h"
#include "train/export.h"
#include "train/network.h"
#include "train/quantized.h"

namespace rebnet::train {
namespace {

struct Tensors {
  torch::Tensor pixels;  // uint8 [N, H*W], borrowed from the Dataset
  torch::Tensor labels;  // int64 [N]
};

Tensors tensors(const Dataset& data) {
  const auto count = static_cast<int64_t>(data.count());
  return {torch::from_blob(const_cast<uint8_t*>(data.images.data()),
                           {count, int64_t{data.rows} * data.cols}, torch::kUInt8),
          torch::tensor(std::vector<int64_t>(data.labels.begin(), data.labels.end()))};
}

SignConfig sign_config(const Options& o) {
  return {o.scale_init == "ramp" ? ScaleInit::Ramp : ScaleInit::Geometric,
          o.ste_window == "unit" ? SteWindow::Unit : SteWindow::Scales};
}

// Everything a checkpoint restores.
struct Session {
  Session(const Model& skeleton, const Options& o)
      : net(skeleton, !o.full_precision, o.dropout, sign_config(o)),
        best(skeleton, !o.full_precision, 0, sign_config(o)),
        optimizer(net->parameters(), torch::optim::AdamOptions(o.lr)) {}
  Network net;
  Network best;  // the selected epoch's float graph
  torch::optim::Adam optimizer;
  std::vector<EpochStats> history;
  uint32_t best_epoch = 0;
  Model best_model;  // its integer model
};

constexpr int kHistoryFields = 6;

// What must match for a checkpoint to continue this run (threads may differ).
std::string config_of(const Model& skeleton, const Options& o, size_t images) {
  std::ostringstream s;
  s.precision(17);
  s << "input=" << skeleton.input.height << "x" << skeleton.input.width << "x"
    << skeleton.input.channels << " pixel_levels=" << skeleton.pixel_levels << " layers=";
  for (const Layer& l : skeleton.layers)
    s << to_string(l.kind) << ":" << l.neurons << ":" << l.kernel << ":" << l.levels_out << ",";
  s << " float=" << o.full_precision << " epochs=" << o.epochs << " batch=" << o.batch
    << " lr=" << o.lr << " seed=" << o.seed << " validation=" << o.validation
    << " dropout=" << o.dropout << " label_smoothing=" << o.label_smoothing << " shift=" << o.shift
    << " scale_init=" << o.scale_init << " ste_window=" << o.ste_window << " images=" << images;
  if (!o.init.empty()) s << " init=" << o.init;
  return s.str();
}

void save_checkpoint(const std::string& path, const std::string& config, Session& s) {
  torch::serialize::OutputArchive archive, net, best, optimizer;
  s.net->save(net);
  s.best->save(best);
  s.optimizer.save(optimizer);
  std::vector<double> rows;
  for (const EpochStats& e : s.history)
    rows.insert(rows.end(), {double(e.epoch), e.loss, e.train_accuracy, e.validation_float,
                             e.validation_int, e.seconds});
  const torch::Tensor history =
      torch::tensor(rows, torch::kFloat64).reshape({int64_t(s.history.size()), kHistoryFields});
  std::vector<uint8_t> model_bytes;
  if (!s.best_model.layers.empty()) model_bytes = serialize_model(s.best_model);
  archive.write("config", c10::IValue(config));
  archive.write("best_epoch", c10::IValue(int64_t{s.best_epoch}));
  archive.write("history", history);
  archive.write("best_model", torch::tensor(model_bytes, torch::kUInt8));
  archive.write("net", net);
  archive.write("best_net", best);
  archive.write("optimizer", optimizer);
  // Atomic: an interrupted save leaves the previous checkpoint intact.
  const std::string temporary = path + ".tmp";
  archive.save_to(temporary);
  std::filesystem::rename(temporary, path);
}

void load_checkpoint(const std::string& path, const std::string& config, Session& s) {
  torch::serialize::InputArchive archive, net, best, optimizer;
  c10::IValue stored_config, best_epoch;
  torch::Tensor history, model_bytes;
  try {
    archive.load_from(path);
    archive.read("config", stored_config);
    if (stored_config.toStringRef() != config)
      throw Error("checkpoint " + path + " belongs to another run (" + stored_config.toStringRef() +
                  "; this run: " + config + ")");
    archive.read("best_epoch", best_epoch);
    archive.read("history", history);
    archive.read("best_model", model_bytes);
    archive.read("net", net);
    archive.read("best_net", best);
    archive.read("optimizer", optimizer);
    s.net->load(net);
    s.best->load(best);
    s.optimizer.load(optimizer);
  } catch (const c10::Error& e) {
    const std::string what = e.what_without_backtrace();
    throw Error("checkpoint " + path + ": unreadable: " + what.substr(0, what.find('\n')));
  }
  s.best_epoch = static_cast<uint32_t>(best_epoch.toInt());
  const auto h = history.accessor<double, 2>();
  s.history.clear();
  for (int64_t e = 0; e < history.size(0); ++e)
    s.history.push_back(
        {static_cast<uint32_t>(h[e][0]), h[e][1], h[e][2], h[e][3], h[e][4], h[e][5]});
  s.best_model = Model{};
  if (model_bytes.numel() > 0)
    s.best_model =
        parse_model({model_bytes.data_ptr<uint8_t>(), size_t(model_bytes.numel())}, path);
}

// `to` starts from the selected graph of the full-precision run whose checkpoint is `path`.
void start_from_float_run(NetworkImpl& to, const std::string& path) {
  Network from(to.skeleton(), false);
  torch::serialize::InputArchive archive, net;
  c10::IValue config;
  try {
    archive.load_from(path);
    archive.read("config", config);
    archive.read("best_net", net);
    from->load(net);
  } catch (const c10::Error& e) {
    const std::string what = e.what_without_backtrace();
    throw Error("--init " + path + ": unreadable, or not a run of this topology: " +
                what.substr(0, what.find('\n')));
  }
  if (config.toStringRef().find(" float=1 ") == std::string::npos)
    throw Error("--init " + path + ": not a checkpoint of a --float run (" +
                config.toStringRef() + ")");
  try {
    to.start_from(*from);
  } catch (const Error& e) {
    throw Error("--init " + path + ": not a run of this topology: " + e.what());
  }
}

// Exponential decay from lr (first epoch) to lr/100 (last epoch).
double learning_rate(const Options& o, uint32_t epoch) {
  if (o.epochs < 2) return o.lr;
  return o.lr * std::pow(0.01, double(epoch) / double(o.epochs - 1));
}

double float_accuracy(Network& net, const Tensors& data, int64_t begin, int64_t end) {
  torch::NoGradGuard no_grad;
  net->eval();
  int64_t correct = 0;
  for (int64_t b = begin; b < end; b += 1000) {
    const int64_t e = std::min(end, b + 1000);
    correct += net->forward(data.pixels.slice(0, b, e))
                   .argmax(1)
                   .eq(data.labels.slice(0, b, e))
                   .sum()
                   .item<int64_t>();
  }
  return double(correct) / double(end - begin);
}

double int_accuracy(const Model& model, const Dataset& data, size_t begin, size_t end) {
  const std::vector<Result> results = run_quantized(model, data.image(begin), end - begin);
  size_t correct = 0;
  for (size_t i = 0; i < results.size(); ++i) correct += results[i].label == data.labels[begin + i];
  return double(correct) / double(end - begin);
}

// Model selection looks at the integer model's validation accuracy (the float graph's for
// the full-precision baseline), never at the test set.
double selection_score(const EpochStats& e, bool binary) {
  return binary ? e.validation_int : e.validation_float;
}

void copy_state(const NetworkImpl& from, NetworkImpl& to) {
  torch::NoGradGuard no_grad;
  const auto params = from.parameters(), buffers = from.buffers();
  const auto to_params = to.parameters(), to_buffers = to.buffers();
  for (size_t i = 0; i < params.size(); ++i) to_params[i].copy_(params[i]);
  for (size_t i = 0; i < buffers.size(); ++i) to_buffers[i].copy_(buffers[i]);
}

// Augmentation: each image moved by (dy, dx), both uniform in [-shift, shift], drawn per
// image in batch order from `rng`.
torch::Tensor shifted(const torch::Tensor& pixels, const Shape& in, uint32_t shift,
                      std::mt19937_64& rng) {
  if (shift == 0) return pixels;
  std::vector<int64_t> dy(size_t(pixels.size(0))), dx(dy.size());
  for (size_t i = 0; i < dy.size(); ++i) {
    dy[i] = int64_t(rng() % (2 * shift + 1)) - int64_t{shift};
    dx[i] = int64_t(rng() % (2 * shift + 1)) - int64_t{shift};
  }
  return shift_pixels(pixels, in, dy, dx);
}

// One pass over the shuffled training images (the validation split excluded). The order
// depends only on the seed and the epoch, so a resumed run shuffles as an unbroken one.
EpochStats train_epoch(Session& s, const Options& o, const Tensors& data, int64_t images,
                       uint32_t epoch, const Callbacks& callbacks) {
  std::vector<int64_t> order(size_t(images), 0);
  std::iota(order.begin(), order.end(), 0);
  std::seed_seq seed{uint32_t(o.seed), uint32_t(o.seed >> 32), epoch};
  std::mt19937_64 rng(seed);
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng() % (i + 1)]);
  torch::manual_seed(rng());  // dropout masks
  std::mt19937_64 shifts(rng());
  const torch::Tensor index = torch::tensor(order);

  // Whole batches only: BatchNorm needs more than one image, and every step sees the same
  // batch size. A training set smaller than the batch is one batch.
  const int64_t batch = std::min<int64_t>(o.batch, images), batches = images / batch;
  if (callbacks.epoch_begin) callbacks.epoch_begin(epoch + 1, uint64_t(batches * batch));
  for (auto& group : s.optimizer.param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate(o, epoch));
  s.net->train();
  double loss_sum = 0;
  int64_t correct = 0, seen = 0;
  for (int64_t b = 0; b < batches; ++b) {
    const torch::Tensor pick = index.slice(0, b * batch, (b + 1) * batch);
    const torch::Tensor labels = data.labels.index_select(0, pick);
    const torch::Tensor scores = s.net->forward(
        shifted(data.pixels.index_select(0, pick), s.net->skeleton().input, o.shift, shifts));
    const torch::Tensor loss =
        torch::cross_entropy_loss(scores, labels, {}, at::Reduction::Mean, -100, o.label_smoothing);
    s.optimizer.zero_grad();
    loss.backward();
    s.optimizer.step();
    s.net->clip();
    seen += batch;
    loss_sum += loss.item<double>() * double(batch);
    correct += scores.argmax(1).eq(labels).sum().item<int64_t>();
    if (callbacks.batch_end)
      callbacks.batch_end(uint64_t(batch), loss_sum / double(seen), double(correct) / double(seen));
  }
  EpochStats stats;
  stats.epoch = epoch + 1;
  stats.loss = loss_sum / double(seen);
  stats.train_accuracy = double(correct) / double(seen);
  return stats;
}

}  // namespace

void check_options(const Options& o) {
  if (o.epochs == 0) throw Error("--epochs = 0: expected at least 1 epoch");
  if (o.batch < 2)
    throw Error("--batch = " + std::to_string(o.batch) +
                ": expected at least 2 images per batch (for BatchNorm)");
  if (!(o.lr > 0) || !std::isfinite(o.lr))
    throw Error("--lr = " + std::to_string(o.lr) + ": expected a positive learning rate");
  if (!(o.dropout >= 0 && o.dropout < 1))
    throw Error("--dropout = " + std::to_string(o.dropout) + ": expected a value in [0, 1)");
  if (!(o.label_smoothing >= 0 && o.label_smoothing < 1))
    throw Error("--label-smoothing = " + std::to_string(o.label_smoothing) +
                ": expected a value in [0, 1)");
  if (o.scale_init != "geometric" && o.scale_init != "ramp")
    throw Error("--scale-init = " + o.scale_init + ": expected geometric or ramp");
  if (o.ste_window != "scales" && o.ste_window != "unit")
    throw Error("--ste-window = " + o.ste_window + ": expected scales or unit");
  if (!o.init.empty() && !std::filesystem::exists(o.init))
    throw Error("--init " + o.init + " does not exist");
  if (o.resume && o.checkpoint.empty()) throw Error("--resume: expected --checkpoint FILE to resume from");
  if (o.resume && !std::filesystem::exists(o.checkpoint))
    throw Error("--checkpoint " + o.checkpoint + " does not exist (nothing to --resume)");
}

void check_data(const Model& skeleton, const Options& o, const Dataset& train,
                const Dataset& test) {
  const Shape data_shape{train.rows, train.cols, 1};
  auto shape = [](const Shape& s) {
    return std::to_string(s.height) + "x" + std::to_string(s.width) + "x" +
           std::to_string(s.channels);
  };
  if (skeleton.input != data_shape || Shape{test.rows, test.cols, 1} != data_shape)
    throw Error("the network's input is " + shape(skeleton.input) + " but the images are " +
                shape(data_shape) + " (training) and " + shape({test.rows, test.cols, 1}) +
                " (test)");
  check_validation(train.count(), o.validation);
  if (test.count() == 0) throw Error("the test set is empty");
  if (o.shift >= std::min(train.rows, train.cols))
    throw Error("--shift = " + std::to_string(o.shift) + " moves a " + shape(data_shape) +
                " image out of sight");
  check_labels(train, skeleton.layers.back().neurons);
  check_labels(test, skeleton.layers.back().neurons);
}

Outcome train(const Model& skeleton, const Options& options, const Dataset& train_set,
              const Dataset& test_set, const Callbacks& callbacks) {
  check_options(options);
  check_data(skeleton, options, train_set, test_set);
  if (options.threads) torch::set_num_threads(int(options.threads));
  torch::manual_seed(options.seed);
  const bool binary = !options.full_precision;
  Session s(skeleton, options);
  const std::string config = config_of(skeleton, options, train_set.count());
  if (options.resume) {  // the checkpoint already holds whatever --init started from
    load_checkpoint(options.checkpoint, config, s);
    if (callbacks.note)
      callbacks.note("resumed from " + options.checkpoint + " after epoch " +
                     std::to_string(s.history.size()));
  } else if (!options.init.empty()) {
    start_from_float_run(*s.net, options.init);
  }

  const Tensors data = tensors(train_set);
  const size_t images = train_set.count() - options.validation;
  const size_t end = train_set.count();
  for (uint32_t epoch = uint32_t(s.history.size()); epoch < options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    EpochStats stats = train_epoch(s, options, data, int64_t(images), epoch, callbacks);
    // Exact BatchNorm statistics of the final weights, from up to 10000 training images.
    std::vector<torch::Tensor> batches;
    for (int64_t b = 0; b + 2 <= std::min<int64_t>(int64_t(images), 10000); b += 500)
      batches.push_back(data.pixels.slice(0, b, std::min<int64_t>(int64_t(images), b + 500)));
    s.net->recalibrate(batches);
    Model model;
    if (binary) model = export_model(*s.net);
    if (options.validation > 0) {
      stats.validation_float = float_accuracy(s.net, data, int64_t(images), int64_t(end));
      if (binary) stats.validation_int = int_accuracy(model, train_set, images, end);
    }
    // Ties keep the earlier epoch; without a validation split the last epoch wins.
    const double score = selection_score(stats, binary);
    if (s.best_epoch == 0 || std::isnan(score) ||
        score > selection_score(s.history[s.best_epoch - 1], binary)) {
      s.best_epoch = stats.epoch;
      s.best_model = std::move(model);
      copy_state(*s.net, *s.best);
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    s.history.push_back(stats);
    if (!options.checkpoint.empty()) save_checkpoint(options.checkpoint, config, s);
    if (callbacks.epoch_end) callbacks.epoch_end(stats);
  }

  Outcome outcome;
  outcome.model = s.best_model;
  outcome.best_epoch = s.best_epoch;
  outcome.history = s.history;
  const Tensors test = tensors(test_set);
  outcome.accuracy_float = float_accuracy(s.best, test, 0, int64_t(test_set.count()));
  return outcome;
}

}  // namespace rebnet::train
