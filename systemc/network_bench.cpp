#include "network_bench.h"

#include <algorithm>

#include "contract/error.h"

namespace rebnet::sc {
namespace {

bool ends_with_q(const char* name) {
  const std::string s(name);
  return s.size() > 2 && s.compare(s.size() - 2, 2, "_q") == 0;
}

}  // namespace

void check_levels(const NetworkPlan& plan, uint32_t k) {
  if (k < 1 || k > plan.max_levels)
    throw Error("levels k = " + std::to_string(k) + " is outside [1, " +
                std::to_string(plan.max_levels) + "] (the model's levels)");
}

PixelFrames::PixelFrames(const NetworkPlan& plan, std::vector<uint8_t> images, uint64_t frames,
                         bool endless, const std::string& who)
    : images_(std::move(images)),
      frames_(frames),
      frame_words_(plan.frame_in_words),
      input_elems_(plan.input_elems),
      endless_(endless) {
  const uint64_t frame_bytes = frame_words_ * input_elems_;
  if (!endless_ && images_.size() != frames_ * frame_bytes)
    throw Error(who + ": " + std::to_string(images_.size()) + " pixel bytes for " +
                std::to_string(frames_) + " frames of " + std::to_string(frame_bytes));
}

void PixelFrames::word(uint64_t index, Bits& w) const {
  if (endless_) {
    std::fill(w.data(), w.data() + w.num_words(), uint64_t{0});
    return;
  }
  const uint8_t* px = images_.data() + index * input_elems_;
  for (uint32_t e = 0; e < input_elems_; ++e) w.put(8 * e, 8, px[e]);
}

FrameOutput decode_output(const NetworkPlan& plan, const Bits& word, uint64_t cycle,
                          bool with_scores) {
  FrameOutput o;
  o.cycle = cycle;
  o.label = static_cast<uint32_t>(word.get(0, kLabelBits));
  if (!with_scores) return o;
  o.scores.resize(plan.classes);
  for (uint32_t j = 0; j < plan.classes; ++j)
    o.scores[j] = word.get_signed(kLabelBits + kScoreBits * j, kScoreBits);
  return o;
}

NetworkBench::NetworkBench(sc_core::sc_module_name name, NetworkPlan plan,
                           std::vector<uint8_t> images, uint64_t frames,
                           const BenchOptions& options)
    : sc_core::sc_module(name),
      in_data("in_data", Bits(plan.in_bits())),
      out_data("out_data", Bits(plan.out_bits())),
      u_network("u_network", std::move(plan)),
      pixels_(u_network.plan(), std::move(images), frames, options.timing_only, "network bench"),
      frames_(frames),
      options_(options),
      pacer_(options.seed),
      source_(pacer_, options.in_gap),
      sink_(pacer_, options.out_stall),
      word_(u_network.plan().in_bits()) {
  check_levels(u_network.plan(), options_.levels);
  levels.write(options_.levels);
  u_network.clk_i(clk_i);
  u_network.rst_ni(rst_ni);
  u_network.levels_i(levels);
  u_network.in_valid_i(in_valid);
  u_network.in_ready_o(in_ready);
  u_network.in_data_i(in_data);
  u_network.out_valid_o(out_valid);
  u_network.out_ready_i(out_ready);
  u_network.out_data_o(out_data);
  records_.resize(frames_);

  if (options_.timing_only) {
    // Every register of the network: the signals named *_q below it.
    std::vector<sc_core::sc_object*> unvisited{&u_network};
    while (!unvisited.empty()) {
      sc_core::sc_object* o = unvisited.back();
      unvisited.pop_back();
      for (sc_core::sc_object* c : o->get_child_objects()) unvisited.push_back(c);
      if (!ends_with_q(o->basename())) continue;
      if (auto* b = dynamic_cast<sc_core::sc_signal<bool>*>(o)) regs_bool_.push_back(b);
      if (auto* u = dynamic_cast<sc_core::sc_signal<uint32_t>*>(o)) regs_uint_.push_back(u);
      if (auto* x = dynamic_cast<sc_core::sc_signal<Bits>*>(o)) regs_bits_.push_back(x);
    }
  }
  SC_METHOD(clocked);
  sensitive << clk_i.pos();
  dont_initialize();
}

std::vector<uint64_t> NetworkBench::snapshot() const {
  std::vector<uint64_t> s;
  const uint64_t frame = source_.sent() / pixels_.frame_words();
  s.push_back(source_.sent() % pixels_.frame_words());
  s.push_back(frame - received_);  // frames in flight
  s.push_back(in_valid.read());
  for (const auto* b : regs_bool_) s.push_back(b->read());
  for (const auto* u : regs_uint_) s.push_back(u->read());
  for (const auto* x : regs_bits_) s.insert(s.end(), x->read().data(), x->read().data() + x->read().num_words());
  return s;
}

void NetworkBench::extrapolate(uint64_t f, uint32_t lag) {
  const uint64_t shift = records_[f].out - records_[f - lag].out;
  for (uint64_t j = f + 1; j < frames_; ++j) {
    FrameRecord& r = records_[j];
    const FrameRecord& base = records_[j - lag];
    if (r.first_in == 0) r.first_in = base.first_in + shift;
    if (r.last_in == 0) r.last_in = base.last_in + shift;
    r.out = base.out + shift;
    r.extrapolated = true;
  }
  period_ = lag;
  received_ = frames_;
  done_ = true;
}

void NetworkBench::on_output(const Bits& data) {
  const uint64_t f = received_++;
  if (f < frames_) {
    FrameOutput o = decode_output(u_network.plan(), data, edge_, !options_.timing_only);
    FrameRecord& r = records_[f];
    r.out = o.cycle;
    r.label = o.label;
    r.scores = std::move(o.scores);
  }
  if (received_ >= frames_) {
    done_ = true;
    return;
  }
  if (!options_.timing_only) return;
  snapshots_.push_back(snapshot());
  for (uint32_t lag = 1; lag <= options_.max_period && lag <= f; ++lag)
    if (snapshots_[f] == snapshots_[f - lag]) {
      extrapolate(f, lag);
      return;
    }
}

void NetworkBench::clocked() {
  if (!rst_ni.read() || done_) return;
  ++edge_;
  // Output side: a transfer at this edge, and the AXI4-Stream checks.
  if (sink_.edge(edge_, out_valid.read(), out_ready.read(),
                 [&]() -> const Bits& { return out_data.read(); }))
    on_output(out_data.read());
  if (done_) return;
  out_ready.write(sink_.ready_next());
  drive_input();
}

void NetworkBench::drive_input() {
  const StreamSource::Drive drive = source_.edge(
      in_valid.read(), in_ready.read(), [&](uint64_t word) { return pixels_.has(word); });
  if (source_.taken()) {  // record the transfer at this edge
    const uint64_t sent = source_.sent() - 1, frame_words = pixels_.frame_words();
    const uint64_t frame = sent / frame_words, word = sent % frame_words;
    if (frame < frames_) {
      if (word == 0) records_[frame].first_in = edge_;
      if (word + 1 == frame_words) records_[frame].last_in = edge_;
    }
  }
  if (drive == StreamSource::Drive::Hold) return;
  if (drive == StreamSource::Drive::Offer) {
    pixels_.word(source_.sent(), word_);
    in_data.write(word_);
  }
  in_valid.write(drive == StreamSource::Drive::Offer);
}

double steady_interval(const std::vector<uint64_t>& out, uint64_t start) {
  if (out.empty()) return 0;
  if (out.size() == 1) return double(out[0] - start);
  const size_t h = out.size() >= 3 ? out.size() / 2 : 0;
  return double(out.back() - out[h]) / double(out.size() - 1 - h);
}

double steady_interval(const std::vector<FrameRecord>& r) {
  std::vector<uint64_t> out;
  for (const FrameRecord& f : r) out.push_back(f.out);
  return steady_interval(out, r.empty() ? 0 : r[0].first_in);
}

bool run_benches(const std::vector<NetworkBench*>& benches, sc_core::sc_signal<bool>& rst_n,
                 uint64_t max_idle_edges, const std::function<void()>& on_progress) {
  auto all_done = [&] {
    for (const NetworkBench* b : benches)
      if (!b->done()) return false;
    return true;
  };
  auto outputs = [&] {
    uint64_t n = 0;
    for (const NetworkBench* b : benches) n += b->frames_done();
    return n;
  };
  RunLimits limits;
  limits.max_idle_edges = max_idle_edges;
  return run_until_done(rst_n, all_done, outputs, limits, on_progress) == RunEnd::Done;
}

}  // namespace rebnet::sc
