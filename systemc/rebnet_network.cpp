#include "rebnet_network.h"

#include <functional>

namespace rebnet::sc {
namespace {

// Binds the clock, reset and (for MVTUs) the level count when the block has them.
template <class M>
void bind_common(M& m, rebnet_network& top) {
  if constexpr (requires { m.clk_i; }) {
    m.clk_i(top.clk_i);
    m.rst_ni(top.rst_ni);
  }
  if constexpr (requires { m.levels_i; }) m.levels_i(top.levels_i);
}

template <class M, class Config>
M& make_block(const Stage& stage, const Config& config,
              std::vector<std::unique_ptr<sc_core::sc_module>>& blocks) {
  auto block = std::make_unique<M>(stage.name.c_str(), config);
  M& ref = *block;
  blocks.push_back(std::move(block));
  return ref;
}

}  // namespace

rebnet_network::rebnet_network(sc_core::sc_module_name name, NetworkPlan plan)
    : sc_core::sc_module(name), plan_(std::move(plan)) {
  const size_t n = plan_.stages.size();
  for (size_t i = 0; i + 1 < n; ++i)
    streams_.push_back(
        std::make_unique<StreamSignals>(plan_.stages[i].stream, plan_.stages[i].out_bits));

  for (size_t i = 0; i < n; ++i) {
    const Stage& stage = plan_.stages[i];
    std::visit(
        [&](const auto& config) {
          using C = std::decay_t<decltype(config)>;
          using M = std::conditional_t<
              std::is_same_v<C, PixelEncoderConfig>, rebnet_pixel_encoder,
              std::conditional_t<
                  std::is_same_v<C, WidthConverterConfig>, rebnet_width_converter,
                  std::conditional_t<
                      std::is_same_v<C, SlidingWindowConfig>, rebnet_sliding_window,
                      std::conditional_t<
                          std::is_same_v<C, MvtuConfig>, rebnet_mvtu,
                          std::conditional_t<std::is_same_v<C, MaxPoolConfig>, rebnet_max_pool,
                                             rebnet_label_select>>>>>;
          M& m = make_block<M>(stage, config, blocks_);
          bind_common(m, *this);
          if (i == 0) {
            m.in_valid_i(in_valid_i);
            m.in_ready_o(in_ready_o);
            m.in_data_i(in_data_i);
          } else {
            StreamSignals& in = *streams_[i - 1];
            m.in_valid_i(in.valid);
            m.in_ready_o(in.ready);
            m.in_data_i(in.data);
          }
          if (i + 1 == n) {
            m.out_valid_o(out_valid_o);
            m.out_ready_i(out_ready_i);
            m.out_data_o(out_data_o);
          } else {
            StreamSignals& out = *streams_[i];
            m.out_valid_o(out.valid);
            m.out_ready_i(out.ready);
            m.out_data_o(out.data);
          }
          tracers_.push_back([&m](sc_core::sc_trace_file* tf) { m.trace(tf); });
        },
        stage.config);
  }
}

void rebnet_network::trace(sc_core::sc_trace_file* tf) const {
  trace_port(tf, clk_i, 1);
  trace_port(tf, rst_ni, 1);
  trace_port(tf, levels_i, kLevelsBits);
  trace_port(tf, in_valid_i, 1);
  trace_port(tf, in_ready_o, 1);
  trace_port(tf, in_data_i, 0);
  trace_port(tf, out_valid_o, 1);
  trace_port(tf, out_ready_i, 1);
  trace_port(tf, out_data_o, 0);
  for (const auto& s : streams_) {
    sc_core::sc_trace(tf, s->valid.read(), s->valid.name());
    sc_core::sc_trace(tf, s->ready.read(), s->ready.name());
    sc_trace(tf, s->data.read(), s->data.name());
  }
  for (const auto& t : tracers_) t(tf);
}

}  // namespace rebnet::sc
