#include "plan/network_plan.h"

#include <algorithm>

#include "contract/error.h"

namespace rebnet {
namespace {

// The stream between two stages: elements per word and bits per element.
struct Format {
  uint32_t elems = 0;
  uint32_t elem_bits = 0;
};

class Planner {
 public:
  explicit Planner(NetworkPlan& plan) : plan_(plan) {}

  void add(std::string base, int layer, StageConfig config, Format out) {
    Stage s;
    s.name = "u_" + base;
    s.stream = std::move(base);
    s.layer = layer;
    s.out_bits = out.elems * out.elem_bits;
    s.config = std::move(config);
    plan_.stages.push_back(std::move(s));
    format_ = out;
  }

  // Regroups the stream into words of `elems` elements, vectors of `vector`
  // elements (the last word zero-padded), unless it already is.
  void convert(int layer, uint32_t elems, uint32_t vector) {
    if (format_.elems == elems && vector % elems == 0) return;
    WidthConverterConfig wc;
    wc.InElems = format_.elems;
    wc.OutElems = elems;
    wc.VectorElems = vector;
    wc.ElemBits = format_.elem_bits;
    wc.check();
    add("l" + std::to_string(layer) + "_wc", layer, wc, {elems, format_.elem_bits});
  }

  Format format() const { return format_; }

 private:
  NetworkPlan& plan_;
  Format format_;
};

std::string base(size_t layer, const char* block) {
  return "l" + std::to_string(layer) + "_" + block;
}

}  // namespace

const char* to_string(StageKind kind) {
  switch (kind) {
    case StageKind::PixelEncoder: return "pixel_encoder";
    case StageKind::WidthConverter: return "width_converter";
    case StageKind::SlidingWindow: return "sliding_window";
    case StageKind::Mvtu: return "mvtu";
    case StageKind::MaxPool: return "max_pool";
    case StageKind::LabelSelect: return "label_select";
  }
  return "unknown";
}

NetworkPlan plan_network(const Model& model, NetworkFolding folding,
                         const std::string& folding_source) {
  check_folding(folding, model, folding_source);
  NetworkPlan plan;
  plan.folding = folding;
  plan.input_elems = folding.input_elems;
  plan.classes = model.classes();
  plan.max_levels = model.max_run_levels();
  plan.frame_in_words = model.input.elements() / plan.input_elems;

  Planner planner(plan);
  PixelEncoderConfig encoder;
  encoder.Elems = plan.input_elems;
  encoder.PixelLevels = model.pixel_levels;
  encoder.check();
  planner.add("pixel_encoder", -1, encoder, {plan.input_elems, model.pixel_levels});

  bool pixel_input = true;  // the stream still carries the pixel code
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const Layer& layer = model.layers[i];
    const LayerFolding& f = folding.layers[i];
    const int li = static_cast<int>(i);
    if (layer.kind == LayerKind::MaxPool) {
      MaxPoolConfig pool;
      pool.Channels = layer.in.channels;
      pool.InWidth = layer.in.width;
      pool.InHeight = layer.in.height;
      pool.Elems = planner.format().elems;
      pool.ElemBits = planner.format().elem_bits;
      pool.check();
      planner.add(base(i, "pool"), li, pool, planner.format());
      continue;
    }
    if (layer.kind == LayerKind::Conv) {
      planner.convert(li, f.simd, layer.in.channels);
      SlidingWindowConfig swu;
      swu.Channels = layer.in.channels;
      swu.InWidth = layer.in.width;
      swu.InHeight = layer.in.height;
      swu.Kernel = layer.kernel;
      swu.Simd = f.simd;
      swu.ElemBits = planner.format().elem_bits;
      swu.check();
      planner.add(base(i, "swu"), li, swu, planner.format());
    } else {
      planner.convert(li, f.simd, layer.fan_in);
    }
    MvtuConfig mvtu = make_mvtu_config(layer, Folding{f.pe, f.simd}, pixel_input, f.fifo_depth);
    const Format out{f.pe, mvtu.out_elem_bits()};
    planner.add(base(i, "mvtu"), li, std::move(mvtu), out);
    pixel_input = false;
  }

  const auto& last = std::get<MvtuConfig>(plan.stages.back().config);
  LabelSelectConfig select;
  select.Classes = plan.classes;
  select.Pe = last.Pe;
  select.check();
  Stage s;
  s.name = "u_label_select";
  s.stream = "out";
  s.out_bits = plan.out_bits();
  s.config = select;
  plan.stages.push_back(std::move(s));
  return plan;
}

}  // namespace rebnet
