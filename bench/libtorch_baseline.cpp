#include "libtorch_baseline.h"

#include <torch/torch.h>

#include "contract/error.h"

namespace rebnet {

struct LibtorchMlp::Net {
  struct Dense {
    torch::Tensor weights;     // +-1: [neurons, fan_in] as a oneDNN tensor, else [fan_in, neurons]
    torch::Tensor thresholds;  // hidden: [nodes * neurons], node major
    torch::Tensor column;      // hidden: 0..neurons-1, to index thresholds
    std::vector<float> next_scales;         // hidden: G_l of the next layer, one per emitted level
    torch::Tensor score_scale, score_bias;  // last: double [neurons]
  };
  Matmul matmul = Matmul::OneDnn;
  int64_t input = 0;
  uint8_t mask = 0;
  float pixel_offset = 0;
  std::vector<Dense> layers;

  torch::Tensor accumulate(const Dense& d, const torch::Tensor& x) const {
    if (matmul == Matmul::Blas) return x.mm(d.weights);
    return torch::mkldnn_linear(x.to_mkldnn(), d.weights, {}).to_dense();
  }

  // The next layer's input: sum_l G_l (2 b_l - 1), b_l the level bits of the tree walk.
  static torch::Tensor encode(const Dense& d, const torch::Tensor& acc) {
    const int64_t neurons = acc.size(1);
    const size_t levels = d.next_scales.size();
    torch::Tensor next, node;
    for (size_t l = 0; l < levels; ++l) {
      const float g = d.next_scales[l];
      const torch::Tensor bit = acc.ge(l == 0 ? d.thresholds.slice(0, 0, neurons)
                                              : d.thresholds.take(node * neurons + d.column));
      const torch::Tensor term = bit.to(torch::kFloat).mul_(2 * g).sub_(g);
      next = l == 0 ? term : next.add_(term);
      if (l + 1 < levels)
        node = l == 0 ? bit.to(torch::kLong).add_(1) : node.mul_(2).add_(bit).add_(1);
    }
    return next;
  }
};

bool LibtorchMlp::has_onednn() { return at::globalContext().hasMKLDNN(); }

LibtorchMlp::LibtorchMlp(const Model& model, unsigned threads, Matmul matmul)
    : net_(std::make_unique<Net>()) {
  torch::set_num_threads(static_cast<int>(threads));
  net_->matmul = matmul;
  net_->input = static_cast<int64_t>(model.input.elements());
  net_->mask = static_cast<uint8_t>(0xff00u >> model.pixel_levels);
  net_->pixel_offset = static_cast<float>(256 - (256 >> model.pixel_levels));
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    if (layer.kind != LayerKind::Dense)
      throw Error("the LibTorch baseline runs dense layers only; layer " + std::to_string(i) +
                  " is " + to_string(layer.kind));
    Net::Dense d;
    std::vector<float> w(size_t{layer.fan_in} * layer.neurons);
    for (uint32_t s = 0; s < layer.fan_in; ++s)
      for (uint32_t j = 0; j < layer.neurons; ++j)
        w[size_t{s} * layer.neurons + j] = layer.weights.get(j, s) ? 1.0f : -1.0f;
    d.weights = torch::tensor(w).reshape({layer.fan_in, layer.neurons});
    if (matmul == Matmul::OneDnn) d.weights = d.weights.t().contiguous().to_mkldnn();
    if (layer.last()) {
      d.score_scale =
          torch::tensor(std::vector<double>(layer.score_scale.begin(), layer.score_scale.end()));
      d.score_bias =
          torch::tensor(std::vector<double>(layer.score_bias.begin(), layer.score_bias.end()));
    } else {
      const uint32_t nodes = layer.thresholds_per_neuron();
      std::vector<float> t(size_t{nodes} * layer.neurons);
      for (uint32_t j = 0; j < layer.neurons; ++j)
        for (uint32_t n = 0; n < nodes; ++n)
          t[size_t{n} * layer.neurons + j] = static_cast<float>(layer.thresholds[j * nodes + n]);
      d.thresholds = torch::tensor(t);
      d.column = torch::arange(int64_t{layer.neurons}, torch::kLong);
      const std::vector<uint32_t>& next = model.layers[i + 1].scales;
      d.next_scales.assign(next.begin(), next.end());
    }
    net_->layers.push_back(std::move(d));
  }
}

LibtorchMlp::~LibtorchMlp() = default;

std::vector<uint32_t> LibtorchMlp::labels(const uint8_t* pixels, size_t images) const {
  torch::NoGradGuard no_grad;
  const Net& net = *net_;
  torch::Tensor x = torch::from_blob(const_cast<uint8_t*>(pixels),
                                     {static_cast<int64_t>(images), net.input}, torch::kUInt8);
  if (net.mask != 0xff) x = x.bitwise_and(net.mask);
  x = x.to(torch::kFloat).mul_(2).sub_(net.pixel_offset);
  for (size_t i = 0; i + 1 < net.layers.size(); ++i)
    x = Net::encode(net.layers[i], net.accumulate(net.layers[i], x));
  const Net::Dense& last = net.layers.back();
  // Scores reach 2^47: double holds them exactly, float would not.
  const torch::Tensor scores =
      net.accumulate(last, x).to(torch::kDouble).mul_(last.score_scale).add_(last.score_bias);
  const torch::Tensor best = scores.argmax(1).to(torch::kInt).contiguous();
  const int32_t* p = best.data_ptr<int32_t>();
  return std::vector<uint32_t>(p, p + images);
}

}  // namespace rebnet
