#include "network_bench.h"

#include <chrono>

#include "contract/error.h"

namespace rebnet::sc {
namespace {

bool ends_with_q(const char* name) {
  const std::string s(name);
  return s.size() > 2 && s.compare(s.size() - 2, 2, "_q") == 0;
}

}  // namespace

NetworkBench::NetworkBench(sc_core::sc_module_name name, NetworkPlan plan,
                           std::vector<uint8_t> images, uint64_t frames,
                           const BenchOptions& options)
    : sc_core::sc_module(name),
      in_data("in_data", Bits(plan.in_bits())),
      out_data("out_data", Bits(plan.out_bits())),
      u_network("u_network", std::move(plan)),
      images_(std::move(images)),
      frames_(frames),
      options_(options),
      rng_(options.seed),
      prev_out_data_(u_network.plan().out_bits()) {
  const NetworkPlan& p = u_network.plan();
  frame_words_ = p.frame_in_words;
  frame_bytes_ = frame_words_ * p.input_elems;
  if (!options_.timing_only && images_.size() != frames_ * frame_bytes_)
    throw Error("network bench: " + std::to_string(images_.size()) + " pixel bytes for " +
                std::to_string(frames_) + " frames of " + std::to_string(frame_bytes_));
  if (options_.levels < 1 || options_.levels > p.max_levels)
    throw Error("levels k = " + std::to_string(options_.levels) + " is outside [1, " +
                std::to_string(p.max_levels) + "] (the model's levels)");
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

Bits NetworkBench::pixel_word(uint64_t frame, uint64_t word) const {
  const NetworkPlan& p = u_network.plan();
  Bits w(p.in_bits());
  if (options_.timing_only) return w;
  const uint8_t* px = images_.data() + frame * frame_bytes_ + word * p.input_elems;
  for (uint32_t e = 0; e < p.input_elems; ++e) w.put(8 * e, 8, px[e]);
  return w;
}

std::vector<uint64_t> NetworkBench::snapshot() const {
  std::vector<uint64_t> s;
  const uint64_t frame = in_word_ / frame_words_;
  s.push_back(in_word_ % frame_words_);
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
    FrameRecord& r = records_[f];
    r.out = edge_;
    r.label = static_cast<uint32_t>(data.get(0, kLabelBits));
    const uint32_t classes = u_network.plan().classes;
    if (!options_.timing_only) {
      r.scores.resize(classes);
      for (uint32_t j = 0; j < classes; ++j)
        r.scores[j] = data.get_signed(kLabelBits + kScoreBits * j, kScoreBits);
    }
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
  const bool ov = out_valid.read(), ordy = out_ready.read();
  if (prev_out_stalled_ && (!ov || out_data.read() != prev_out_data_) && errors_.size() < 10)
    errors_.push_back("edge " + std::to_string(edge_) +
                      ": out_valid dropped or out_data changed while stalled");
  prev_out_stalled_ = ov && !ordy;
  if (prev_out_stalled_) prev_out_data_ = out_data.read();
  if (ov && ordy) on_output(out_data.read());
  if (done_) return;
  out_ready.write(!(options_.out_stall > 0 &&
                    std::uniform_real_distribution<double>(0, 1)(rng_) < options_.out_stall));
  drive_input();
}

void NetworkBench::drive_input() {
  // A transfer at this edge: record it and move on.
  if (in_valid.read() && in_ready.read()) {
    const uint64_t frame = in_word_ / frame_words_, word = in_word_ % frame_words_;
    if (frame < frames_) {
      if (word == 0) records_[frame].first_in = edge_;
      if (word + 1 == frame_words_) records_[frame].last_in = edge_;
    }
    ++in_word_;
    in_valid.write(false);
  } else if (in_valid.read()) {
    return;  // held until taken (AXI4-Stream)
  }
  const uint64_t frame = in_word_ / frame_words_;
  if (!options_.timing_only && frame >= frames_) return;
  if (options_.in_gap > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < options_.in_gap)
    return;
  in_data.write(pixel_word(frame, in_word_ % frame_words_));
  in_valid.write(true);
}

double steady_interval(const std::vector<FrameRecord>& r) {
  if (r.empty()) return 0;
  if (r.size() == 1) return double(r[0].out - r[0].first_in);
  const size_t h = r.size() >= 3 ? r.size() / 2 : 0;
  return double(r.back().out - r[h].out) / double(r.size() - 1 - h);
}

bool run_benches(const std::vector<NetworkBench*>& benches, sc_core::sc_signal<bool>& rst_n,
                 uint64_t max_idle_edges, const std::function<void()>& on_progress) {
  const sc_core::sc_time period(kClockPeriodNs, sc_core::SC_NS);
  rst_n.write(false);
  sc_core::sc_start(2 * period);  // edges at 0 and 10 ns in reset
  rst_n.write(true);
  sc_core::sc_start(period / 2);
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
  uint64_t idle = 0, last_outputs = outputs();
  const uint64_t chunk = 1000;
  while (!all_done()) {
    sc_core::sc_start(static_cast<double>(chunk) * period);
    const uint64_t now = outputs();
    idle = now == last_outputs ? idle + chunk : 0;
    last_outputs = now;
    if (idle >= max_idle_edges) return false;
    if (on_progress) on_progress();
  }
  return true;
}

}  // namespace rebnet::sc
