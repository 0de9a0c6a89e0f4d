// The LibTorch trainer: the residual sign's hand-written backward, export and the trainer's
// own integer evaluation against the golden reference, small training runs on generated
// data, checkpoint resume, and the checks that reject bad input before training.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "golden/reference.h"
#include "train/export.h"
#include "train/network.h"
#include "train/quantized.h"
#include "train/residual_sign.h"
#include "train/trainer.h"

namespace rebnet::train {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- residual sign gradients

// The STE window of each level at the scales g (constants of the backward).
std::vector<double> windows(const torch::Tensor& g, SteWindow window) {
  std::vector<double> w;
  for (int64_t l = 0; l < g.size(0); ++l)
    w.push_back(window == SteWindow::Unit ? 1.0 : g.slice(0, l).sum().item<double>());
  return w;
}

// The local surrogate of the residual sign around a base point: each level's sign is
// replaced by sign(r_l^0) + clamp(r_l) - clamp(r_l^0), clamped to the level's window at the
// base point, which has the STE's derivative [|r_l| <= window_l] away from the kinks and
// equals the true function at the base point. Plain LibTorch ops only, so autograd
// differentiates it independently of residual_sign's backward.
struct Surrogate {
  std::vector<double> window;
  std::vector<torch::Tensor> sign0, clamp0;  // per level, at the base point

  Surrogate(const torch::Tensor& x0, const torch::Tensor& g0, SteWindow mode)
      : window(windows(g0, mode)) {
    torch::Tensor r = x0;
    for (int64_t l = 0; l < g0.size(0); ++l) {
      sign0.push_back(torch::where(r >= 0, 1.0, -1.0).to(torch::kFloat64));
      clamp0.push_back(r.clamp(-window[size_t(l)], window[size_t(l)]));
      r = r - g0[l] * sign0[size_t(l)];
    }
  }
  torch::Tensor operator()(const torch::Tensor& x, const torch::Tensor& g) const {
    torch::Tensor r = x, out = torch::zeros_like(x);
    for (int64_t l = 0; l < g.size(0); ++l) {
      const double w = window[size_t(l)];
      const torch::Tensor s = sign0[size_t(l)] + r.clamp(-w, w) - clamp0[size_t(l)];
      out = out + g[l] * s;
      r = r - g[l] * s;
    }
    return out;
  }
};

// Inputs whose residuals stay at least `margin` away from 0 and +-window at every level.
torch::Tensor inputs_away_from_kinks(const torch::Tensor& g, SteWindow mode, int64_t n,
                                     double margin) {
  const std::vector<double> window = windows(g, mode);
  std::vector<double> kept;
  torch::manual_seed(3);
  while (int64_t(kept.size()) < n) {
    const double x = torch::rand({1}, torch::kFloat64).item<double>() * 4 - 2;
    double r = x;
    bool ok = true;
    for (int64_t l = 0; l < g.size(0); ++l) {
      ok = ok && std::abs(r) > margin && std::abs(std::abs(r) - window[size_t(l)]) > margin;
      r -= g[l].item<double>() * (r >= 0 ? 1 : -1);
    }
    if (ok) kept.push_back(x);
  }
  return torch::tensor(kept, torch::kFloat64);
}

class ResidualSignGradient : public testing::TestWithParam<std::tuple<int, SteWindow>> {};

TEST_P(ResidualSignGradient, MatchesSurrogate) {
  const auto [levels, mode] = GetParam();
  const torch::Tensor g0 = torch::linspace(0.7, 0.2, levels, torch::kFloat64);
  const torch::Tensor x0 = inputs_away_from_kinks(g0, mode, 40, 0.02);
  const torch::Tensor weights = torch::randn({x0.size(0)}, torch::kFloat64);
  const Surrogate surrogate(x0, g0, mode);
  auto loss = [&](const torch::Tensor& x, const torch::Tensor& g) {
    return (weights * surrogate(x, g)).sum();
  };

  // The hand-written backward.
  const torch::Tensor x = x0.clone().requires_grad_(), g = g0.clone().requires_grad_();
  const torch::Tensor out = residual_sign(x, g, mode);
  EXPECT_TRUE(torch::allclose(out, surrogate(x0, g0), 0, 1e-12));
  (weights * out).sum().backward();

  // Autograd through the surrogate's plain ops.
  const torch::Tensor xs = x0.clone().requires_grad_(), gs = g0.clone().requires_grad_();
  loss(xs, gs).backward();
  EXPECT_TRUE(torch::allclose(x.grad(), xs.grad(), 0, 1e-12)) << x.grad() - xs.grad();
  EXPECT_TRUE(torch::allclose(g.grad(), gs.grad(), 0, 1e-12)) << g.grad() - gs.grad();

  // Central finite differences of the surrogate; steps far below the 0.02 margin.
  const double h = 1e-6;
  torch::NoGradGuard no_grad;
  for (int64_t i = 0; i < x0.size(0); ++i) {
    torch::Tensor up = x0.clone(), down = x0.clone();
    up[i] += h;
    down[i] -= h;
    const double fd = (loss(up, g0) - loss(down, g0)).item<double>() / (2 * h);
    EXPECT_NEAR(x.grad()[i].item<double>(), fd, 1e-6) << "input " << i;
  }
  for (int64_t l = 0; l < levels; ++l) {
    torch::Tensor up = g0.clone(), down = g0.clone();
    up[l] += h;
    down[l] -= h;
    const double fd = (loss(x0, up) - loss(x0, down)).item<double>() / (2 * h);
    EXPECT_NEAR(g.grad()[l].item<double>(), fd, 1e-6) << "scale " << l;
  }
}

INSTANTIATE_TEST_SUITE_P(Levels, ResidualSignGradient,
                         testing::Combine(testing::Values(1, 2, 3, 4),
                                          testing::Values(SteWindow::Unit, SteWindow::Scales)));

TEST(ResidualSign, InitialScales) {
  EXPECT_TRUE(torch::allclose(ResidualSign(3, ScaleInit::Ramp)->scales,
                              torch::tensor({3.0f, 2.0f, 1.0f}) / 6));
  EXPECT_TRUE(torch::allclose(ResidualSign(3, ScaleInit::Geometric)->scales,
                              torch::tensor({0.8f, 0.4f, 0.2f})));
}

TEST(ResidualSign, SignOfZeroIsPlusOne) {
  const torch::Tensor g = torch::tensor({0.5, 0.25}, torch::kFloat64);
  // r_1 = 0 -> +1, r_2 = -0.5 -> -1: out = 0.5 - 0.25.
  EXPECT_DOUBLE_EQ(residual_sign(torch::zeros({1}, torch::kFloat64), g).item<double>(), 0.25);
}

// ------------------------------------------------------------------------ generated data

// A small conv skeleton: 11x11 (odd, so the pool drops a row and a column), conv, pool,
// conv, then dense layers reading HWC order.
Model conv_skeleton(uint32_t levels, uint32_t pixel_levels) {
  Model m;
  m.input = {11, 11, 1};
  m.pixel_levels = pixel_levels;
  auto layer = [](LayerKind kind, uint32_t neurons, uint32_t kernel, uint32_t levels_out) {
    Layer l;
    l.kind = kind;
    l.neurons = neurons;
    l.kernel = kernel;
    l.levels_out = levels_out;
    return l;
  };
  m.layers = {layer(LayerKind::Conv, 6, 3, levels), layer(LayerKind::MaxPool, 0, 2, 0),
              layer(LayerKind::Conv, 5, 3, levels), layer(LayerKind::Dense, 12, 0, levels),
              layer(LayerKind::Dense, 3, 0, 0)};
  m.derive_shapes();
  return m;
}

// Images whose class is which of `classes` horizontal bands is brightest, plus noise.
Dataset banded(uint32_t rows, uint32_t cols, uint32_t classes, size_t count, uint32_t seed) {
  Dataset d;
  d.rows = rows;
  d.cols = cols;
  std::mt19937 rng(seed);
  for (size_t i = 0; i < count; ++i) {
    const uint32_t label = rng() % classes;
    d.labels.push_back(uint8_t(label));
    for (uint32_t y = 0; y < rows; ++y)
      for (uint32_t x = 0; x < cols; ++x) {
        const bool bright = y * classes / rows == label;
        d.images.push_back(uint8_t((bright ? 120 : 0) + rng() % 136));
      }
  }
  return d;
}

torch::Tensor pixel_tensor(const Dataset& d) {
  return torch::from_blob(const_cast<uint8_t*>(d.images.data()),
                          {int64_t(d.count()), int64_t(d.rows * d.cols)}, torch::kUInt8);
}

std::vector<uint8_t> random_pixels(const Model& m, size_t images, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> pixels(images * m.input.elements());
  for (auto& p : pixels) p = uint8_t(rng());
  return pixels;
}

// ------------------------------------------------- quantized evaluation vs the reference

void expect_equals_reference(const Model& model, const std::vector<uint8_t>& pixels, uint32_t k) {
  const size_t size = model.input.elements(), images = pixels.size() / size;
  const std::vector<Result> got = run_quantized(model, pixels.data(), images, k);
  ASSERT_EQ(got.size(), images);
  for (size_t i = 0; i < images; ++i) {
    const Result want = reference::run(model, pixels.data() + i * size, k);
    ASSERT_EQ(got[i].scores, want.scores) << "image " << i << " k " << k;
    ASSERT_EQ(got[i].label, want.label) << "image " << i << " k " << k;
  }
}

TEST(Quantized, EqualsReferenceOnRandomModels) {
  for (uint32_t levels = 1; levels <= 3; ++levels)
    for (uint32_t pixel_levels : {8u, 3u}) {
      const Model dense = randomize(skeleton("64-20-12-5", levels, pixel_levels), 10 + levels);
      const Model conv = randomize(conv_skeleton(levels, pixel_levels), 20 + levels);
      for (const Model* model : {&dense, &conv})
        for (uint32_t k = 0; k < levels; ++k)  // 0 = all levels, then every k < M
          expect_equals_reference(*model, random_pixels(*model, 24, levels + k), k);
    }
}

TEST(Quantized, TopOneTiesGoToTheLowestIndex) {
  Model model = randomize(skeleton("4-3", 1, 8), 1);
  Layer& last = model.layers.back();
  last.score_scale = {0, 0, 0};
  last.score_bias = {5, 7, 7};
  const std::vector<uint8_t> pixels = {1, 2, 3, 4};
  const std::vector<Result> got = run_quantized(model, pixels.data(), 1);
  EXPECT_EQ(got[0].label, 1u);
}

// ------------------------------------------------------------------------- augmentation

TEST(Augmentation, ShiftMovesPixelsAndFillsWithZero) {
  const Shape in{4, 5, 2};
  const torch::Tensor pixels =
      torch::arange(1, 3 * 40 + 1, torch::kInt32).to(torch::kUInt8).reshape({3, 40});
  const std::vector<int64_t> dy = {0, 1, -2}, dx = {0, -1, 3};
  const torch::Tensor got = shift_pixels(pixels, in, dy, dx);
  ASSERT_EQ(got.sizes(), pixels.sizes());
  ASSERT_EQ(got.dtype(), torch::kUInt8);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t y = 0; y < 4; ++y)
      for (int64_t x = 0; x < 5; ++x)
        for (int64_t c = 0; c < 2; ++c) {
          const int64_t sy = y - dy[size_t(i)], sx = x - dx[size_t(i)];
          const bool inside = sy >= 0 && sy < 4 && sx >= 0 && sx < 5;
          const int64_t want = inside ? pixels[i][(sy * 5 + sx) * 2 + c].item<int64_t>() : 0;
          EXPECT_EQ(got[i][(y * 5 + x) * 2 + c].item<int64_t>(), want)
              << "image " << i << " y " << y << " x " << x << " c " << c;
        }
}

// ------------------------------------------------------------------------------- export

TEST(Export, RejectsTheFloatBaseline) {
  Network net(conv_skeleton(1, 8), false);
  EXPECT_THROW(export_model(*net), Error);
}

// Float labels (eval mode) of `net` and the integer labels of its export; the trainer's
// integer evaluation must equal the golden reference exactly. Returns the agreeing share.
double label_agreement(Network& net, const Dataset& data) {
  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor float_labels = net->forward(pixel_tensor(data)).argmax(1);
  const Model model = export_model(*net);
  const std::vector<Result> got = run_quantized(model, data.images.data(), data.count());
  size_t agree = 0;
  for (size_t i = 0; i < data.count(); ++i) {
    agree += got[i].label == float_labels[int64_t(i)].item<int64_t>();
    EXPECT_EQ(got[i], reference::run(model, data.image(i), 0)) << "image " << i;
  }
  return double(agree) / double(data.count());
}

// A binary network whose BatchNorm statistics come from training-mode passes over `data`,
// with random affine parameters (a negative gamma for about half of the neurons, a zero
// gamma for neuron 0) and level scales whose ratios 255 g_l / max g are integers. Export
// then rounds nothing but each threshold's ceil, so the float graph and the integer model
// differ only where float32 rounding decides a tie.
Network calibrated_network(const Model& skeleton, const Dataset& data, uint64_t seed) {
  torch::manual_seed(seed);
  Network net(skeleton, true);
  torch::NoGradGuard no_grad;
  const float ratios[] = {255, 85, 51, 17};  // 255 / (1, 3, 5, 15)
  for (Block& block : net->blocks) {
    auto params = block->named_parameters();
    params["norm.weight"].normal_(0, 1)[0] = 0;
    params["norm.bias"].normal_(0, 0.5);
    if (block->sign)
      for (int64_t l = 0; l < block->sign->scales.size(0); ++l)
        block->sign->scales[l] = ratios[l] * 0.6f / 255;
  }
  net->train();
  for (int pass = 0; pass < 30; ++pass) net->forward(pixel_tensor(data));
  return net;
}

class ExportAgreement : public testing::TestWithParam<uint32_t> {};

TEST_P(ExportAgreement, CalibratedNetworksMatchTheirIntegerModels) {
  const uint32_t levels = GetParam();
  const Model conv = conv_skeleton(levels, 8), dense = skeleton("64-24-20-4", levels, 5);
  const Dataset conv_data = banded(11, 11, 3, 300, 8), dense_data = banded(8, 8, 4, 300, 9);
  Network conv_net = calibrated_network(conv, conv_data, levels);
  Network dense_net = calibrated_network(dense, dense_data, levels);
  EXPECT_GE(label_agreement(conv_net, conv_data), 0.99);
  EXPECT_GE(label_agreement(dense_net, dense_data), 0.99);
}

INSTANTIATE_TEST_SUITE_P(Levels, ExportAgreement, testing::Values(1, 2, 3, 4));

TEST(Export, RoundTripsThroughTheModelFile) {
  Network net = calibrated_network(conv_skeleton(3, 5), banded(11, 11, 3, 100, 7), 7);
  net->eval();
  const Model model = export_model(*net);
  int32_t largest = 0;  // one common score factor makes the largest |A_j| = 2^15 - 1
  for (int32_t a : model.layers.back().score_scale) largest = std::max(largest, std::abs(a));
  EXPECT_EQ(largest, kScoreScaleMax);
  const std::string path = testing::TempDir() + "/export-round-trip.rbn";
  write_model(model, path);
  EXPECT_EQ(serialize_model(read_model(path)), serialize_model(model));
  fs::remove(path);
}

// A tiny trained model: a few Adam steps on generated data, then the export's labels agree
// with the float graph's on >= 95 % of the images.
void expect_trained_model_agrees(const Model& skeleton, uint32_t classes) {
  torch::manual_seed(11);
  Network net(skeleton, true);
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-2));
  const Dataset data = banded(skeleton.input.height, skeleton.input.width, classes, 400, 5);
  const torch::Tensor pixels = pixel_tensor(data);
  const torch::Tensor labels =
      torch::tensor(std::vector<int64_t>(data.labels.begin(), data.labels.end()));
  net->train();
  for (int step = 0; step < 40; ++step) {
    const int64_t b = (step * 50) % 400;
    const torch::Tensor loss = torch::cross_entropy_loss(net->forward(pixels.slice(0, b, b + 50)),
                                                         labels.slice(0, b, b + 50));
    adam.zero_grad();
    loss.backward();
    adam.step();
    net->clip();
  }
  EXPECT_GE(label_agreement(net, data), 0.95);
}

TEST(Export, TrainedConvModelAgrees) { expect_trained_model_agrees(conv_skeleton(2, 8), 3); }

TEST(Export, TrainedDenseModelAgrees) {
  expect_trained_model_agrees(skeleton("64-32-24-4", 3, 4), 4);
}

// ---------------------------------------------------------------------------- training

Options tiny_options() {
  Options o;
  o.epochs = 4;
  o.batch = 50;
  o.lr = 1e-2;
  o.validation = 100;
  o.threads = 1;
  return o;
}

TEST(Training, LearnsASeparableTask) {
  const Dataset train_set = banded(8, 8, 2, 700, 1), test_set = banded(8, 8, 2, 300, 2);
  const Model skel = skeleton("64-32-2", 1, 8);
  const Outcome outcome = train(skel, tiny_options(), train_set, test_set);
  ASSERT_EQ(outcome.history.size(), 4u);
  EXPECT_GE(outcome.accuracy_float, 0.9);
  const std::vector<Result> results =
      run_quantized(outcome.model, test_set.images.data(), test_set.count());
  size_t correct = 0;
  for (size_t i = 0; i < results.size(); ++i) correct += results[i].label == test_set.labels[i];
  EXPECT_GE(double(correct) / double(test_set.count()), 0.9);
  const EpochStats& best = outcome.history[outcome.best_epoch - 1];
  for (const EpochStats& e : outcome.history) EXPECT_LE(e.validation_int, best.validation_int);
}

TEST(Training, FullPrecisionBaseline) {
  const Dataset train_set = banded(8, 8, 2, 700, 1), test_set = banded(8, 8, 2, 300, 2);
  Options o = tiny_options();
  o.full_precision = true;
  const Outcome outcome = train(skeleton("64-32-2", 1, 8), o, train_set, test_set);
  EXPECT_GE(outcome.accuracy_float, 0.9);
  EXPECT_TRUE(outcome.model.layers.empty());
  for (const EpochStats& e : outcome.history) EXPECT_TRUE(std::isnan(e.validation_int));
}

TEST(Training, ResumeEqualsAnUnbrokenRun) {
  const Dataset train_set = banded(11, 11, 3, 400, 3), test_set = banded(11, 11, 3, 100, 4);
  const Model skel = conv_skeleton(2, 8);
  Options o = tiny_options();
  o.epochs = 2;
  o.dropout = 0.2;  // its masks must continue identically too
  const Outcome unbroken = train(skel, o, train_set, test_set);

  o.checkpoint = testing::TempDir() + "/resume.ckpt";
  fs::remove(o.checkpoint);
  Callbacks interrupt;
  interrupt.epoch_end = [](const EpochStats&) { throw std::runtime_error("interrupted"); };
  EXPECT_THROW(train(skel, o, train_set, test_set, interrupt), std::runtime_error);
  o.resume = true;
  const Outcome resumed = train(skel, o, train_set, test_set);
  fs::remove(o.checkpoint);

  EXPECT_EQ(serialize_model(resumed.model), serialize_model(unbroken.model));
  EXPECT_EQ(resumed.best_epoch, unbroken.best_epoch);
  EXPECT_EQ(resumed.accuracy_float, unbroken.accuracy_float);
  ASSERT_EQ(resumed.history.size(), 2u);
  for (size_t e = 0; e < 2; ++e) EXPECT_EQ(resumed.history[e].loss, unbroken.history[e].loss);
}

TEST(Training, StartsFromTheFloatGraph) {
  const Model skel = skeleton("64-32-2", 2, 8);
  torch::manual_seed(5);
  Network full(skel, false), binary(skel, true);
  {
    torch::NoGradGuard no_grad;
    for (auto& p : full->parameters()) p.normal_(0, 2);  // some weights outside [-1, 1]
    for (auto& b : full->buffers())
      if (b.is_floating_point()) b.uniform_(0.5, 1.5);
  }
  const auto scales_before = binary->named_parameters()["block0.sign.scales"].clone();
  binary->start_from(*full);
  auto took = binary->named_parameters();
  for (const auto& p : full->named_parameters()) {
    const bool weight = p.key().find("dense.weight") != std::string::npos;
    EXPECT_TRUE(torch::equal(took[p.key()], weight ? p.value().clamp(-1, 1) : p.value()))
        << p.key();
  }
  auto buffers = binary->named_buffers();
  for (const auto& b : full->named_buffers())
    EXPECT_TRUE(torch::equal(buffers[b.key()], b.value())) << b.key();
  EXPECT_TRUE(torch::equal(took["block0.sign.scales"], scales_before));
}

TEST(Training, TwoStagesLearnASeparableTask) {
  const Dataset train_set = banded(8, 8, 2, 700, 1), test_set = banded(8, 8, 2, 300, 2);
  const Model skel = skeleton("64-32-2", 2, 8);
  Options o = tiny_options();
  o.full_precision = true;
  o.checkpoint = testing::TempDir() + "/two-stages-float.ckpt";
  train(skel, o, train_set, test_set);
  o = tiny_options();
  o.epochs = 1;
  o.lr = 1e-6;  // the binary graph keeps the signs of the float weights
  o.init = testing::TempDir() + "/two-stages-float.ckpt";
  const Outcome outcome = train(skel, o, train_set, test_set);
  fs::remove(o.init);
  EXPECT_GE(outcome.history[0].validation_int, 0.9);
}

// ---------------------------------------------------------------------------- bad input

void expect_error(const std::function<void()>& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "no error; expected one mentioning '" << part << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
  }
}

TEST(BadInput, OptionsAreRejectedBeforeTraining) {
  Options o;
  o.epochs = 0;
  expect_error([&] { check_options(o); }, "epochs = 0");
  o = {};
  o.batch = 1;
  expect_error([&] { check_options(o); }, "batch = 1");
  o = {};
  o.dropout = 1;
  expect_error([&] { check_options(o); }, "dropout = 1");
  o = {};
  o.label_smoothing = -0.5;
  expect_error([&] { check_options(o); }, "--label-smoothing = -0.5");
  o = {};
  o.scale_init = "ones";
  expect_error([&] { check_options(o); }, "--scale-init = ones");
  o = {};
  o.ste_window = "wide";
  expect_error([&] { check_options(o); }, "--ste-window = wide");
  o = {};
  o.resume = true;
  expect_error([&] { check_options(o); }, "checkpoint");
  o.checkpoint = testing::TempDir() + "/no-such-checkpoint";
  expect_error([&] { check_options(o); }, "does not exist");
  o = {};
  o.init = testing::TempDir() + "/no-such-float-run";
  expect_error([&] { check_options(o); }, "--init " + o.init + " does not exist");
  expect_error([] { skeleton("sfc", 0); }, "levels = 0");
  expect_error([] { skeleton("sfc", 9); }, "levels = 9");
  expect_error([] { skeleton("vgg", 1); }, "unknown topology");
}

TEST(BadInput, DataMustFitTheNetwork) {
  const Dataset data = banded(28, 28, 2, 20, 1);
  Options o;
  o.validation = 5;
  expect_error([&] { check_data(skeleton("cnv-cifar", 1), o, data, data); }, "32x32x3");
  expect_error([&] { check_data(skeleton("784-10-1", 1), o, data, data); }, "label");
  o.validation = 19;
  expect_error([&] { check_data(skeleton("sfc", 1), o, data, data); }, "validation = 19");
  o.validation = 5;
  o.shift = 28;
  expect_error([&] { check_data(skeleton("sfc", 1), o, data, data); }, "shift = 28");
}

// One epoch on 8x8 two-class bands, checkpointed: the smallest run that leaves a
// checkpoint behind for the tests of what may resume or start from it.
struct CheckpointedRun {
  explicit CheckpointedRun(const std::string& name) {
    options.epochs = 1;
    options.checkpoint = testing::TempDir() + "/" + name + ".ckpt";
  }
  ~CheckpointedRun() { fs::remove(options.checkpoint); }
  Outcome run(const std::string& topology, const Options& o) const {
    return train(skeleton(topology, 1, 8), o, train_set, test_set);
  }
  Dataset train_set = banded(8, 8, 2, 200, 1), test_set = banded(8, 8, 2, 50, 2);
  Options options = tiny_options();
};

TEST(BadInput, CheckpointOfAnotherRun) {
  CheckpointedRun r("other-run");
  r.run("64-16-2", r.options);
  r.options.resume = true;
  r.options.seed = 2;
  expect_error([&] { r.run("64-16-2", r.options); }, "belongs to another run");
  std::ofstream(r.options.checkpoint, std::ios::trunc) << "not a checkpoint";
  expect_error([&] { r.run("64-16-2", r.options); }, "unreadable");
}

TEST(BadInput, InitFromAnythingButAFloatRunOfTheTopology) {
  CheckpointedRun r("init-binary");
  r.run("64-16-2", r.options);
  Options started = tiny_options();
  started.init = r.options.checkpoint;
  expect_error([&] { r.run("64-16-2", started); }, "not a checkpoint of a --float run");
  r.options.full_precision = true;
  r.run("64-16-2", r.options);
  expect_error([&] { r.run("64-24-2", started); }, "not a run of this topology");
}

#ifdef REBNET_EXE
// The command line: every bad input ends in a one-line error and exit status 1 before any
// training starts (and before --out or --json exist).
class TrainCommand : public testing::Test {
 protected:
  void SetUp() override {
    // One directory per test and process: ctest runs the tests of this fixture in
    // parallel processes, which must not share (or remove) each other's files.
    dir_ = fs::path(testing::TempDir()) /
           ("train-command-" +
            std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    write_split("train", banded(28, 28, 10, 60, 1));
    write_split("t10k", banded(28, 28, 10, 20, 2));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_split(const std::string& prefix, const Dataset& d) const {
    auto idx = [&](const std::string& name, uint32_t magic, std::vector<uint32_t> dims,
                   const std::vector<uint8_t>& payload) {
      std::ofstream out(dir_ / "data" / name, std::ios::binary);
      dims.insert(dims.begin(), magic);
      for (uint32_t v : dims)
        for (int shift = 24; shift >= 0; shift -= 8) out.put(char(v >> shift));
      out.write(reinterpret_cast<const char*>(payload.data()), std::streamsize(payload.size()));
    };
    const uint32_t n = uint32_t(d.count());
    idx(prefix + "-images-idx3-ubyte", 0x803, {n, d.rows, d.cols}, d.images);
    idx(prefix + "-labels-idx1-ubyte", 0x801, {n}, d.labels);
  }

  // Runs `rebnet train` with valid options, some replaced or added by `changes`; returns
  // the exit status and the combined output.
  std::pair<int, std::string> train_command(
      const std::map<std::string, std::string>& changes = {}) const {
    std::map<std::string, std::string> options = {
        {"topology", "784-16-10"}, {"levels", "1"}, {"epochs", "1"},
        {"validation", "10"},      {"out", out()},  {"data", (dir_ / "data").string()}};
    for (const auto& [key, value] : changes) options[key] = value;
    std::string command = std::string(REBNET_EXE) + " train";
    for (const auto& [key, value] : options) command += " --" + key + " " + value;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    std::string output;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
  }
  std::string out() const { return (dir_ / "model.rbn").string(); }

  void expect_rejected(const std::string& key, const std::string& value,
                       const std::string& part) const {
    const auto [status, output] = train_command({{key, value}});
    EXPECT_EQ(status, 1) << output;
    EXPECT_NE(output.find(part), std::string::npos) << output;
    EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;  // no epoch ran
    EXPECT_FALSE(fs::exists(out()));
  }

  fs::path dir_;
};

TEST_F(TrainCommand, TrainsAndExports) {
  const auto [status, output] = train_command({{"json", (dir_ / "r.json").string()}});
  EXPECT_EQ(status, 0) << output;
  EXPECT_TRUE(fs::exists(out()));
  EXPECT_TRUE(fs::exists(dir_ / "r.json"));
  EXPECT_NE(output.find("accuracy_int_trainer"), std::string::npos) << output;
  EXPECT_EQ(output.find("warning"), std::string::npos) << output;  // trainer == golden
}

TEST_F(TrainCommand, RejectsBadInputBeforeTraining) {
  const std::string missing = (dir_ / "missing").string();
  expect_rejected("levels", "0", "levels = 0");
  expect_rejected("levels", "9", "levels = 9");
  expect_rejected("topology", "vgg", "unknown topology");
  expect_rejected("topology", "cnv-cifar", "32x32x3");
  expect_rejected("epochs", "0", "epochs = 0");
  expect_rejected("data", missing, "does not exist");
  expect_rejected("out", missing + "/m.rbn", "--out");
  expect_rejected("json", missing + "/r.json", "--json");
}
#endif

}  // namespace
}  // namespace rebnet::train
