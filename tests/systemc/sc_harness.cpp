#include "sc_harness.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

#include "contract/random_model.h"
#include "contract/topology.h"
#include "golden/activation.h"
#include "golden/reference.h"

namespace rebnet::sc::test {

bool claim_elaboration() {
  static bool claimed = false;
  if (claimed) return false;
  claimed = true;
  return true;
}

uint64_t base_seed(uint64_t fallback) {
  uint64_t seed = fallback;
  if (const char* env = std::getenv("REBNET_SC_SEED")) seed = std::strtoull(env, nullptr, 0);
  std::cout << "seed " << seed << " (REBNET_SC_SEED=" << seed << " replays this test)\n";
  return seed;
}

// ---------------------------------------------------------------------------

namespace {

std::vector<Bits> expected_words(const std::vector<StreamPhase>& phases) {
  std::vector<Bits> out;
  for (const StreamPhase& p : phases) out.insert(out.end(), p.expected.begin(), p.expected.end());
  return out;
}

}  // namespace

StreamTester::StreamTester(sc_core::sc_module_name name, uint32_t in_width, uint32_t out_width,
                           std::vector<StreamPhase> phases, double in_gap, double out_stall,
                           uint64_t seed)
    : sc_core::sc_module(name),
      in_valid("in_valid", false),
      in_ready("in_ready", false),
      in_data("in_data", Bits(in_width)),
      out_valid("out_valid", false),
      out_ready("out_ready", false),
      out_data("out_data", Bits(out_width)),
      pacer_(seed),
      source_(pacer_, in_gap),
      sink_(pacer_, out_stall),
      board_(expected_words(phases)) {
  size_t expected = 0;
  for (StreamPhase& p : phases) {
    in_words_.insert(in_words_.end(), std::make_move_iterator(p.in.begin()),
                     std::make_move_iterator(p.in.end()));
    expected += p.expected.size();
    phase_in_end_.push_back(in_words_.size());
    phase_out_end_.push_back(expected);
    on_start_.push_back(std::move(p.on_start));
  }
  SC_METHOD(clocked);
  sensitive << clk_i.pos();
  dont_initialize();
}

std::vector<std::string> StreamTester::errors() const {
  std::vector<std::string> all = board_errors_;
  for (const std::string& e : sink_.errors()) all.push_back(std::string(name()) + ": " + e);
  return all;
}

// Sink first, then source; both act like flip-flops (they see the values
// before the edge and write values for the next cycle).
void StreamTester::clocked() {
  ++edge_;
  if (!rst_ni.read()) {
    in_valid.write(false);
    out_ready.write(false);
    return;
  }
  // Sink and scoreboard.
  if (sink_.edge(edge_, out_valid.read(), out_ready.read(),
                 [&]() -> const Bits& { return out_data.read(); })) {
    const Bits& od = out_data.read();
    const uint64_t i = board_.received();
    const auto verdict = board_.check(od);
    std::string what;
    if (verdict == Scoreboard<Bits>::Verdict::Extra)
      what = "extra output word " + od.hex() + " at edge " + std::to_string(edge_);
    else if (verdict == Scoreboard<Bits>::Verdict::Mismatch)
      what = "output word " + std::to_string(i) + " at edge " + std::to_string(edge_) +
             ": expected " + board_.expected()[i].hex() + ", got " + od.hex();
    if (!what.empty() && board_errors_.size() < 8)
      board_errors_.push_back(std::string(name()) + ": " + what);
    out_edges_.push_back(edge_);
  }
  out_ready.write(sink_.ready_next());

  // Source; a phase after the first begins once every earlier input is sent and every
  // earlier output seen.
  using Drive = StreamSource::Drive;
  const Drive drive = source_.edge(in_valid.read(), in_ready.read(), [&](uint64_t pos) {
    if (phase_ + 1 < phase_in_end_.size() && pos == phase_in_end_[phase_] &&
        board_.received() >= phase_out_end_[phase_]) {
      ++phase_;
      if (on_start_[phase_]) on_start_[phase_]();
    }
    return pos < phase_in_end_[phase_];
  });
  if (source_.taken()) in_edges_.push_back(edge_);
  if (drive == Drive::Hold) return;  // valid never waits for ready: hold valid and data
  if (drive == Drive::Offer) in_data.write(in_words_[source_.sent()]);
  in_valid.write(drive == Drive::Offer);
}

// ---------------------------------------------------------------------------

std::string MvtuCase::describe() const {
  std::ostringstream s;
  s << spec.name << ": MatrixW " << cfg.MatrixW << " MatrixH " << cfg.MatrixH << " Simd "
    << cfg.Simd << " Pe " << cfg.Pe << " LevelsIn " << cfg.LevelsIn << " LevelsOut "
    << cfg.LevelsOut << (cfg.PixelInput ? " PixelInput" : "") << " OutFifoDepth "
    << cfg.OutFifoDepth << (spec.conv_kernel ? " conv K " + std::to_string(spec.conv_kernel) : "")
    << " k";
  for (uint32_t k : spec.ks) s << " " << k;
  s << (spec.garbage_levels ? " garbage-levels" : "") << " gap " << spec.in_gap << " stall "
    << spec.out_stall << " seed " << spec.seed;
  return s.str();
}

MvtuCase make_mvtu_case(const MvtuCaseSpec& spec) {
  Model m;
  size_t index = 0;
  const uint32_t Li = spec.levels_in, Lo = spec.levels_out;
  if (spec.conv_kernel) {
    const uint32_t S = spec.conv_size, C = spec.conv_channels;
    if (spec.pixel_input) {
      m.input = {S, S, C};
      m.pixel_levels = Li;
      m.layers = {conv_layer(spec.matrix_h, spec.conv_kernel, Lo), dense_layer(1, 0)};
    } else {
      m.input = {S, S, 1};
      m.pixel_levels = 1;
      m.layers = {conv_layer(C, 1, Li), conv_layer(spec.matrix_h, spec.conv_kernel, Lo), dense_layer(1, 0)};
      index = 1;
    }
  } else {
    m.input = {1, 1, spec.matrix_w};
    if (spec.pixel_input) {
      m.pixel_levels = Li;
      m.layers = {dense_layer(spec.matrix_h, Lo)};
    } else {
      m.pixel_levels = 1;
      m.layers = {dense_layer(spec.matrix_w, Li), dense_layer(spec.matrix_h, Lo)};
      index = 1;
    }
    if (Lo != 0) m.layers.push_back(dense_layer(1, 0));
  }
  const Model model = randomize(m, spec.seed);

  MvtuCase c;
  c.spec = spec;
  c.layer = model.layers[index];
  c.cfg = make_mvtu_config(c.layer, Folding{spec.pe, spec.simd}, spec.pixel_input,
                           spec.out_fifo_depth);
  const Layer& layer = c.layer;
  const MvtuConfig& cfg = c.cfg;
  Random rng(spec.seed * 0x9e3779b97f4a7c15ull + 17);
  for (uint32_t k : spec.ks) {
    MvtuPhaseData ph;
    ph.k = k;
    const uint32_t in_levels = cfg.in_levels(k);
    const uint32_t keep = (1u << in_levels) - 1, all = (1u << Li) - 1;
    for (uint32_t v = 0; v < spec.vectors; ++v) {
      Activation act{layer.in, in_levels, std::vector<uint8_t>(layer.in.elements())};
      std::vector<uint8_t> sent(act.codes.size());
      for (size_t i = 0; i < act.codes.size(); ++i) {
        const uint32_t r = static_cast<uint32_t>(rng.next());
        act.codes[i] = static_cast<uint8_t>(r & keep);
        sent[i] = static_cast<uint8_t>(act.codes[i] | (spec.garbage_levels ? (r >> 8) & all & ~keep : 0));
      }
      const uint32_t pixels = layer.out.height * layer.out.width;
      // Input words: one vector per output pixel (its window in (ky, kx, c) order).
      for (uint32_t y = 0; y < layer.out.height; ++y)
        for (uint32_t x = 0; x < layer.out.width; ++x) {
          std::vector<uint8_t> window(cfg.MatrixW);
          for (uint32_t s = 0; s < cfg.MatrixW; ++s) {
            if (layer.kind == LayerKind::Dense) {
              window[s] = sent[s];
              continue;
            }
            const uint32_t C = layer.in.channels, K = layer.kernel;
            const uint32_t ch = s % C, kx = (s / C) % K, ky = s / C / K;
            window[s] = sent[(uint64_t{y + ky} * layer.in.width + (x + kx)) * C + ch];
          }
          for (Bits& w : pack_mvtu_input(cfg, window.data())) ph.in.push_back(std::move(w));
          ++ph.vectors;
        }
      // Expected words: per pixel, NF words of Pe neurons.
      if (layer.last()) {
        const Result r = reference::run_last(layer, act);
        for (uint32_t nf = 0; nf < cfg.NF; ++nf)
          ph.expected.push_back(pack_mvtu_scores(cfg, &r.scores[uint64_t{nf} * cfg.Pe]));
      } else {
        const Activation out = reference::run_layer(layer, act, k);
        for (uint32_t px = 0; px < pixels; ++px)
          for (uint32_t nf = 0; nf < cfg.NF; ++nf)
            ph.expected.push_back(
                pack_mvtu_codes(cfg, &out.codes[uint64_t{px} * cfg.MatrixH + uint64_t{nf} * cfg.Pe]));
      }
    }
    c.phases.push_back(std::move(ph));
  }
  return c;
}

MvtuCaseSpec random_mvtu_spec(uint64_t seed, const std::string& name) {
  Random r(seed);
  MvtuCaseSpec s;
  s.name = name;
  s.seed = seed;
  s.pe = r.uniform(1, 4);
  s.matrix_h = s.pe * r.uniform(1, 4);
  s.levels_out = r.uniform(0, 4) == 0 ? 0 : r.uniform(1, r.chance(0.2) ? 8 : 3);
  s.pixel_input = r.chance(0.25);
  s.levels_in = s.pixel_input ? r.uniform(1, 8) : r.uniform(1, r.chance(0.2) ? 8 : 3);
  if (s.levels_out != 0 && r.chance(0.25)) {
    static const uint32_t channels[] = {1, 2, 3, 4, 6};
    s.conv_channels = channels[r.uniform(0, 4)];
    std::vector<uint32_t> divisors;
    for (uint32_t d = 1; d <= s.conv_channels; ++d)
      if (s.conv_channels % d == 0) divisors.push_back(d);
    s.simd = divisors[r.uniform(0, static_cast<uint32_t>(divisors.size() - 1))];
    s.conv_kernel = r.uniform(1, 3);
    s.conv_size = r.uniform(s.conv_kernel, s.conv_kernel + 2);
    s.matrix_w = s.conv_kernel * s.conv_kernel * s.conv_channels;
    s.vectors = r.uniform(1, 2);
  } else {
    s.matrix_w = r.uniform(1, 40);
    s.simd = r.uniform(1, 12);
    s.vectors = r.uniform(2, 4);
  }
  s.out_fifo_depth = r.chance(0.3) ? r.uniform(1, 8) : kDefaultOutFifoDepth;
  s.ks = {r.uniform(1, 8)};
  if (r.chance(0.3)) s.ks.push_back(r.uniform(1, 8));
  s.garbage_levels = r.chance(0.5);
  static const double gaps[] = {0.0, 0.1, 0.3, 0.6};
  static const double stalls[] = {0.0, 0.1, 0.3, 0.7};
  s.in_gap = gaps[r.uniform(0, 3)];
  s.out_stall = stalls[r.uniform(0, 3)];
  return s;
}

// ---------------------------------------------------------------------------

namespace {

// `levels` is only written during simulation (it may still be under construction here).
std::vector<StreamPhase> mvtu_phases(const MvtuCase& c, sc_core::sc_signal<uint32_t>& levels) {
  std::vector<StreamPhase> phases;
  for (const MvtuPhaseData& p : c.phases) {
    const uint32_t k = p.k;
    phases.push_back({p.in, p.expected, [&levels, k] { levels.write(k); }});
  }
  return phases;
}

}  // namespace

MvtuHarness::MvtuHarness(sc_core::sc_module_name name, const MvtuCase& c)
    : StreamHarness(name, c, "u_mvtu", c.cfg, c.cfg.in_bits(), c.cfg.out_bits(),
                    mvtu_phases(c, levels), c.spec.in_gap, c.spec.out_stall,
                    c.spec.seed ^ 0xabcdef),
      levels("levels", c.phases.front().k) {
  dut.levels_i(levels);
}

// ---------------------------------------------------------------------------

SimRun::SimRun() = default;

SimRun::~SimRun() {
  if (vcd_) sc_core::sc_close_vcd_trace_file(vcd_);
}

uint64_t SimRun::edges() const { return periods_elapsed(); }

bool SimRun::run(const std::function<bool()>& done, uint64_t max_edges, uint64_t tail,
                 const std::function<void(sc_core::sc_trace_file*)>& trace,
                 const std::string& vcd_name) {
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  std::string path;
  if (trace) {
    if (!vcd_name.empty() && vcd_name.find('/') != std::string::npos)
      path = vcd_name;
    else if (const char* dir = std::getenv("REBNET_SC_VCD"))
      path = std::string(dir) + "/" + (vcd_name.empty() ? "waves" : vcd_name);
  }
  if (!path.empty()) {
    vcd_ = sc_core::sc_create_vcd_trace_file(path.c_str());  // appends .vcd
    vcd_->set_time_unit(1, sc_core::SC_NS);
    trace(vcd_);
  }
  RunLimits limits;
  limits.max_edges = max_edges;
  limits.chunk_edges = 256;
  const auto t0 = std::chrono::steady_clock::now();
  const RunEnd end = run_until_done(rst_n, done, {}, limits);
  seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sc_core::sc_start(sc_core::sc_time(kClockPeriodNs * static_cast<double>(tail), sc_core::SC_NS));
  if (vcd_) {
    sc_core::sc_close_vcd_trace_file(vcd_);
    vcd_ = nullptr;
  }
  return end == RunEnd::Done;
}

// ---------------------------------------------------------------------------

CycleTester::CycleTester(sc_core::sc_module_name name, const blocktest::CycleCase& c)
    : sc_core::sc_module(name),
      c_(c),
      drivers_(c.inputs().size()),
      samplers_(c.outputs().size()) {
  SC_METHOD(clocked);
  sensitive << clk_i.pos();
  dont_initialize();
}

size_t CycleTester::index(const std::vector<blocktest::Port>& ports, const std::string& name) {
  for (size_t i = 0; i < ports.size(); ++i)
    if (ports[i].name == name) return i;
  SC_REPORT_FATAL(this->name(), ("the table has no port " + name).c_str());
  return 0;
}

void CycleTester::start_of_simulation() {
  const auto unbound = [this](const std::string& port) {
    SC_REPORT_FATAL(name(), ("table port " + port + " unbound").c_str());
  };
  for (size_t i = 0; i < drivers_.size(); ++i)
    if (!drivers_[i]) unbound(c_.inputs()[i].name);
  for (size_t i = 0; i < samplers_.size(); ++i)
    if (!samplers_[i]) unbound(c_.outputs()[i].name);
}

void CycleTester::drive(size_t t) {
  for (size_t i = 0; i < drivers_.size(); ++i) drivers_[i](c_.in(t)[i]);
}

void CycleTester::error(const std::string& what) {
  if (errors_.size() < 10) errors_.push_back(std::string(name()) + ": " + what);
  ++error_count_;
}

void CycleTester::clocked() {
  if (!rst_ni.read()) {
    drive(0);
    return;
  }
  if (done()) return;
  std::vector<Bits> got;
  for (const auto& sample : samplers_) got.push_back(sample());
  if (const std::string e = c_.check(checked_, got); !e.empty()) error(e);
  if (++checked_ < c_.cycles()) drive(checked_);
}

}  // namespace rebnet::sc::test
