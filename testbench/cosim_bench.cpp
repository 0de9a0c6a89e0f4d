#include "cosim_bench.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "contract/error.h"

namespace rebnet::tb {

std::string Mismatch::describe() const {
  std::ostringstream s;
  s << "cycle " << cycle << ", frame " << frame << ": " << signal << " (interface " << interface
    << ") SystemC " << systemc << ", RTL " << rtl;
  return s.str();
}

std::vector<uint64_t> stream_words_per_frame(const NetworkPlan& plan) {
  std::vector<uint64_t> wpf;
  uint64_t w = plan.frame_in_words;  // words per frame entering the current stage
  for (const Stage& s : plan.stages) {
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<C, WidthConverterConfig>) {
            const uint64_t vectors = w * c.InElems / c.VectorElems;
            w = vectors * ((c.VectorElems + c.OutElems - 1) / c.OutElems);
          } else if constexpr (std::is_same_v<C, SlidingWindowConfig>) {
            w = uint64_t{c.out_rows()} * c.out_cols() * c.Kernel * c.Kernel * (c.Channels / c.Simd);
          } else if constexpr (std::is_same_v<C, MvtuConfig>) {
            w = w / c.SF * c.NF;
          } else if constexpr (std::is_same_v<C, MaxPoolConfig>) {
            w = uint64_t{c.PoolWidth()} * c.PoolHeight() * c.Groups();
          } else if constexpr (std::is_same_v<C, LabelSelectConfig>) {
            w = 1;
          }  // the pixel encoder keeps the word count
        },
        s.config);
    wpf.push_back(w);
  }
  return wpf;
}

// ---------------------------------------------------------------------------
// Raw RTL values.

namespace {

uint64_t raw_word64(const RawSignal& r, uint32_t i) {  // 64-bit word i
  switch (r.kind) {
    case RawKind::U8: return i ? 0 : *static_cast<const uint8_t*>(r.data);
    case RawKind::U16: return i ? 0 : *static_cast<const uint16_t*>(r.data);
    case RawKind::U32: return i ? 0 : *static_cast<const uint32_t*>(r.data);
    case RawKind::U64: return i ? 0 : *static_cast<const uint64_t*>(r.data);
    case RawKind::Wide: {
      const auto* w = static_cast<const uint32_t*>(r.data);
      const uint32_t n = (r.width + 31) / 32;
      const uint64_t lo = 2 * i < n ? w[2 * i] : 0;
      const uint64_t hi = 2 * i + 1 < n ? w[2 * i + 1] : 0;
      return lo | (hi << 32);
    }
  }
  return 0;
}

Bits raw_bits(const RawSignal& raw, uint32_t width) {
  Bits b(width);
  for (uint32_t i = 0; i < b.num_words(); ++i) {
    const uint32_t n = std::min<uint32_t>(64, width - 64 * i);
    b.put(64 * i, n, raw_word64(raw, i));
  }
  return b;
}

}  // namespace

std::string raw_hex(const RawSignal& raw, uint32_t width) { return raw_bits(raw, width).hex(); }

bool raw_equal(const Bits& bits, const RawSignal& raw) {
  const uint32_t width = bits.width();
  const uint64_t* b = bits.data();
  switch (raw.kind) {  // Bits keeps the bits above its width 0; mask the RTL side
    case RawKind::U8:
    case RawKind::U16:
    case RawKind::U32:
    case RawKind::U64: {
      const uint64_t mask = width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
      return b[0] == (raw_word64(raw, 0) & mask);
    }
    case RawKind::Wide: {
      const auto* w = static_cast<const uint32_t*>(raw.data);
      const uint32_t n = (width + 31) / 32;
      for (uint32_t i = 0; i + 1 < n; ++i)
        if (static_cast<uint32_t>(b[i / 2] >> (32 * (i % 2))) != w[i]) return false;
      const uint32_t top = width - 32 * (n - 1);
      const uint32_t mask = top == 32 ? ~0u : (1u << top) - 1;
      return static_cast<uint32_t>(b[(n - 1) / 2] >> (32 * ((n - 1) % 2))) == (w[n - 1] & mask);
    }
  }
  return false;
}

namespace {

void check_rtl_widths(const RtlTwin& rtl, const NetworkPlan& plan) {
  auto need = [&](uint32_t have, uint32_t want, const std::string& what) {
    if (have < want)
      throw Error("RTL twin: " + what + " holds " + std::to_string(have) + " bits, the plan needs " +
                  std::to_string(want) + " (was it built for another model or folding?)");
  };
  need(rtl.in_bits(), plan.in_bits(), "in_data_i");
  need(rtl.out_bits(), plan.out_bits(), "out_data_o");
  if (rtl.out_bits() > 64 && rtl.out_bits() != plan.out_bits())
    throw Error("RTL twin: out_data_o is " + std::to_string(rtl.out_bits()) +
                " bits, the plan's is " + std::to_string(plan.out_bits()) +
                " (was it built for another model or folding?)");
}

}  // namespace

// ---------------------------------------------------------------------------
// What both drivers share: the inputs they give the twins (levels, in_valid and
// out_ready; each twin gets the input word its own way, send()), the frames, the source
// and the sink on one Pacer (sc::StreamSource, sc::StreamSink), and the outputs taken.

class NetworkDriver : public sc_core::sc_module {
 public:
  sc_core::sc_signal<uint32_t> levels{"levels"};
  sc_core::sc_signal<bool> in_valid{"in_valid", false};
  sc_core::sc_signal<bool> out_ready{"out_ready", false};

  const NetworkPlan& plan;
  sc_core::sc_signal_in_if<bool>& rst_ni;
  RtlTwin* rtl = nullptr;
  sc::PixelFrames pixels;
  sc::Pacer pacer;
  sc::StreamSource source;
  sc::StreamSink sink;
  uint64_t edge = 0, received = 0;
  std::vector<sc::FrameOutput> outputs;  // the first pixels.frames()
  Bits word;

 protected:
  NetworkDriver(sc_core::sc_module_name name, const NetworkPlan& p, std::vector<uint8_t> images,
                uint64_t frames, const CosimOptions& options, sc_core::sc_signal_in_if<bool>& rst_n,
                const std::string& who)
      : sc_core::sc_module(name),
        plan(p),
        rst_ni(rst_n),
        pixels(p, std::move(images), frames, false, who),
        pacer(options.seed),
        source(pacer, options.in_gap),
        sink(pacer, options.out_stall, "out_valid_o", "out_data_o"),
        word(p.in_bits()) {
    sc::check_levels(plan, options.levels);
    levels.write(options.levels);
  }

  // The sink's side of a rising edge (`out_valid` and the word data() as the twin had
  // them before it): the output taken, then ready for the next cycle.
  template <class Data>
  void take_output(bool out_valid, Data&& data) {
    if (sink.edge(edge, out_valid, out_ready.read(), data)) {
      if (received < pixels.frames()) outputs.push_back(sc::decode_output(plan, data(), edge));
      ++received;
    }
    out_ready.write(sink.ready_next());
  }

  // The source's side (`in_ready` as the twin had it before the edge).
  void drive_input(bool in_ready) {
    using Drive = sc::StreamSource::Drive;
    const Drive drive =
        source.edge(in_valid.read(), in_ready, [&](uint64_t w) { return pixels.has(w); });
    if (drive == Drive::Hold) return;
    if (drive == Drive::Offer) {
      pixels.word(source.sent(), word);
      send(word);
    }
    in_valid.write(drive == Drive::Offer);
  }

  virtual void send(const Bits& word) = 0;
};

namespace {

// The Verilated twin as a top-level module named kRtlModuleName, on the driver's inputs.
RtlTwin* make_rtl_twin(RtlTwinFactory factory, NetworkDriver& driver,
                       sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n,
                       bool trace) {
  RtlInputs inputs;
  inputs.clk = &clk;
  inputs.rst_n = &rst_n;
  inputs.levels = &driver.levels;
  inputs.in_valid = &driver.in_valid;
  inputs.out_ready = &driver.out_ready;
  inputs.trace_ever_on = trace;
  RtlTwin* rtl = factory(kRtlTwinAbi, kRtlModuleName, inputs);
  if (!rtl)
    throw Error("the RTL twin plugin refused interface version " + std::to_string(kRtlTwinAbi) +
                " (rebuild it)");
  return rtl;
}

}  // namespace

// ---------------------------------------------------------------------------
// Lockstep: the source and the sink follow the SystemC twin's handshakes.

class CosimDriver : public NetworkDriver {
 public:
  CosimDriver(sc_core::sc_module_name name, const NetworkPlan& plan,
              std::vector<uint8_t> images, uint64_t frames, const CosimOptions& options,
              sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n);
  SC_HAS_PROCESS(CosimDriver);

  // Binds both twins to the driver's signals and finds every probe.
  void attach(RtlTwin& rtl, sc::rebnet_network& twin);

  sc_core::sc_signal<Bits> in_data;
  // SystemC twin outputs (the RTL twin owns its own).
  sc_core::sc_signal<bool> sc_in_ready{"sc_in_ready", false};
  sc_core::sc_signal<bool> sc_out_valid{"sc_out_valid", false};
  sc_core::sc_signal<Bits> sc_out_data;

  struct Interface {
    std::string name;
    uint64_t words_per_frame = 1;
    uint64_t transfers = 0;
    const sc_core::sc_signal_in_if<bool>* valid = nullptr;  // SystemC side
    const sc_core::sc_signal_in_if<bool>* ready = nullptr;
  };
  struct BoolProbe {
    size_t interface;
    std::string signal;
    const sc_core::sc_signal_in_if<bool>* sc;
    const uint8_t* rtl;
  };
  struct DataProbe {
    size_t interface;
    std::string signal;
    const sc_core::sc_signal_in_if<Bits>* sc;
    RawSignal rtl;
  };

  uint64_t compared = 0;
  bool outputs_done = false;  // every frame's output transferred
  bool done = false;          // and every interface carried all its words
  std::optional<Mismatch> mismatch;
  std::vector<Interface> interfaces;
  std::vector<BoolProbe> bool_probes;
  std::vector<DataProbe> data_probes;

 private:
  void clocked();
  void compare();
  void send(const Bits& w) override;
  void report(size_t interface, const std::string& signal, std::string sc_value,
              std::string rtl_value);
};

CosimDriver::CosimDriver(sc_core::sc_module_name name, const NetworkPlan& p,
                         std::vector<uint8_t> images, uint64_t frames,
                         const CosimOptions& options, sc_core::sc_signal_in_if<bool>& clk,
                         sc_core::sc_signal_in_if<bool>& rst_n)
    : NetworkDriver(name, p, std::move(images), frames, options, rst_n, "cosim bench"),
      in_data("in_data", Bits(p.in_bits())),
      sc_out_data("sc_out_data", Bits(p.out_bits())) {
  SC_METHOD(clocked);
  sensitive << clk.posedge_event();
  dont_initialize();
  SC_METHOD(compare);
  sensitive << clk.negedge_event();
  dont_initialize();
}

void CosimDriver::attach(RtlTwin& r, sc::rebnet_network& n) {
  rtl = &r;
  n.levels_i(levels);
  n.in_valid_i(in_valid);
  n.in_ready_o(sc_in_ready);
  n.in_data_i(in_data);
  n.out_valid_o(sc_out_valid);
  n.out_ready_i(out_ready);
  n.out_data_o(sc_out_data);

  const std::vector<uint64_t> wpf = stream_words_per_frame(plan);
  const size_t count = plan.stages.size();
  check_rtl_widths(*rtl, plan);

  // Interface 0: the top input; 1..count-1: the internal streams; count: the top output.
  interfaces.push_back({"in", pixels.frame_words(), 0, &in_valid, &sc_in_ready});
  for (size_t i = 0; i + 1 < count; ++i) {
    const sc::StreamSignals& st = n.stream(i);
    interfaces.push_back({plan.stages[i].stream, wpf[i], 0, &st.valid, &st.ready});
  }
  interfaces.push_back({"out", 1, 0, &sc_out_valid, &out_ready});

  bool_probes.push_back({0, "in_ready_o", &sc_in_ready,
                         static_cast<const uint8_t*>(rtl->in_ready().data)});
  for (size_t i = 0; i + 1 < count; ++i) {
    const sc::StreamSignals& st = n.stream(i);
    const std::string& base = plan.stages[i].stream;
    RawSignal v, rd, d;
    for (auto [suffix, raw] : {std::pair<const char*, RawSignal*>{"_valid", &v}, {"_ready", &rd},
                               {"_data", &d}})
      if (!rtl->find(base + suffix, *raw))
        throw Error("RTL twin: no public signal " + base + suffix +
                    " in the top module (the generated rebnet_network.sv marks every stream "
                    "/*verilator public_flat_rd*/)");
    for (const RawSignal* b : {&v, &rd})
      if (b->kind != RawKind::U8 || b->width != 1)
        throw Error("RTL twin: " + base + (b == &v ? "_valid" : "_ready") + " is not 1 bit");
    if (d.width != st.data.read().width())
      throw Error("RTL twin: " + base + "_data is " + std::to_string(d.width) +
                  " bits, SystemC's " + std::to_string(st.data.read().width()));
    bool_probes.push_back({i + 1, base + "_valid", &st.valid, static_cast<const uint8_t*>(v.data)});
    bool_probes.push_back({i + 1, base + "_ready", &st.ready, static_cast<const uint8_t*>(rd.data)});
    data_probes.push_back({i + 1, base + "_data", &st.data, d});
  }
  bool_probes.push_back({count, "out_valid_o", &sc_out_valid,
                         static_cast<const uint8_t*>(rtl->out_valid().data)});
  data_probes.push_back({count, "out_data_o", &sc_out_data, rtl->out_data()});
}

void CosimDriver::report(size_t interface, const std::string& signal, std::string sc_value,
                         std::string rtl_value) {
  const Interface& i = interfaces[interface];
  Mismatch m;
  m.cycle = edge;
  m.interface = i.name;
  m.signal = signal;
  m.systemc = std::move(sc_value);
  m.rtl = std::move(rtl_value);
  m.frame = i.transfers / i.words_per_frame;
  mismatch = std::move(m);
  sc_core::sc_pause();
}

// Falling edge: every signal of both twins has settled since the rising edge.
void CosimDriver::compare() {
  if (mismatch || done) return;
  rtl->sample();
  ++compared;
  for (const BoolProbe& p : bool_probes) {
    const bool a = p.sc->read(), b = *p.rtl != 0;
    if (a != b) {
      report(p.interface, p.signal, a ? "1'h1" : "1'h0", b ? "1'h1" : "1'h0");
      return;
    }
  }
  for (const DataProbe& p : data_probes) {
    const Bits& a = p.sc->read();
    if (!raw_equal(a, p.rtl)) {
      report(p.interface, p.signal, a.hex(), raw_hex(p.rtl, a.width()));
      return;
    }
  }
  // Transfers at the next rising edge (counted now, so a mismatch names the
  // frame of the word on the interface).
  if (!rst_ni.read()) return;
  bool drained = outputs_done;
  for (Interface& i : interfaces) {
    if (i.valid->read() && i.ready->read()) ++i.transfers;
    drained = drained && i.transfers >= pixels.frames() * i.words_per_frame;
  }
  // After the last frame's output, words of it may still be on their way (a
  // max pool drops the odd last row and column, so its output can leave
  // before they arrive): the run ends when every interface has carried all
  // its words, compared up to there.
  if (drained) {
    done = true;
    sc_core::sc_pause();
  }
}

void CosimDriver::clocked() {
  if (!rst_ni.read() || done || mismatch) return;
  ++edge;
  take_output(sc_out_valid.read(), [&]() -> const Bits& { return sc_out_data.read(); });
  outputs_done = received >= pixels.frames();
  drive_input(sc_in_ready.read());
}

void CosimDriver::send(const Bits& w) {
  in_data.write(w);
  rtl->write_in_data(w.data());
}

// ---------------------------------------------------------------------------

CosimBench::CosimBench(NetworkPlan plan, std::vector<uint8_t> images, uint64_t frames,
                       const CosimOptions& options, RtlTwinFactory factory,
                       sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n) {
  if (!factory) throw Error("cosim bench: no RTL twin factory");
  // Three top-level modules: the SystemC twin keeps the plan the driver reads.
  sc_twin_ = std::make_unique<sc::rebnet_network>("rebnet_network", std::move(plan));
  driver_ = std::make_unique<CosimDriver>("cosim", sc_twin_->plan(), std::move(images), frames,
                                          options, clk, rst_n);
  rtl_.reset(make_rtl_twin(factory, *driver_, clk, rst_n, options.trace));
  sc_twin_->clk_i(clk);
  sc_twin_->rst_ni(rst_n);
  driver_->attach(*rtl_, *sc_twin_);
}

CosimBench::~CosimBench() { close_traces(); }

bool CosimBench::done() const { return driver_->done; }
const std::optional<Mismatch>& CosimBench::mismatch() const { return driver_->mismatch; }
uint64_t CosimBench::frames_done() const { return driver_->received; }
uint64_t CosimBench::edges() const { return driver_->edge; }
uint64_t CosimBench::cycles_compared() const { return driver_->compared; }
size_t CosimBench::signals_compared() const {
  return driver_->bool_probes.size() + driver_->data_probes.size();
}
const std::vector<sc::FrameOutput>& CosimBench::outputs() const { return driver_->outputs; }

std::vector<std::string> CosimBench::word_count_errors() const {
  std::vector<std::string> errors;
  for (const CosimDriver::Interface& i : driver_->interfaces)
    if (i.transfers != driver_->received * i.words_per_frame)
      errors.push_back(i.name + ": " + std::to_string(i.transfers) + " words for " +
                       std::to_string(driver_->received) + " frames of " +
                       std::to_string(i.words_per_frame));
  return errors;
}

void CosimBench::open_traces(const std::string& dir) {
  close_traces();
  std::filesystem::create_directories(dir);
  const std::string base = (std::filesystem::path(dir) / "model").string();
  vcd_ = sc_core::sc_create_vcd_trace_file(base.c_str());  // appends .vcd
  sc_core::sc_report_handler::set_actions("tracing timescale unit set", sc_core::SC_DO_NOTHING);
  vcd_->set_time_unit(1, sc_core::SC_PS);                  // as Verilator's FST
  sc_twin_->trace(vcd_);
  rtl_->open_trace((std::filesystem::path(dir) / "rtl.fst").string());
}

void CosimBench::close_traces() {
  if (vcd_) {
    sc_core::sc_close_vcd_trace_file(vcd_);
    vcd_ = nullptr;
  }
  if (rtl_) rtl_->close_trace();
}

bool run_cosim(CosimBench& bench, sc_core::sc_signal<bool>& rst_n, uint64_t max_idle_edges,
               const std::function<void()>& on_progress) {
  sc::RunLimits limits;
  limits.max_idle_edges = max_idle_edges;
  return sc::run_until_done(
             rst_n, [&] { return bench.done() || bench.mismatch().has_value(); },
             [&] { return bench.frames_done(); }, limits, on_progress) != sc::RunEnd::Idle;
}

// ---------------------------------------------------------------------------
// The RTL twin alone: the source and the sink follow the RTL's handshakes.

class RtlDriver : public NetworkDriver {
 public:
  RtlDriver(sc_core::sc_module_name name, const NetworkPlan& plan, std::vector<uint8_t> images,
            uint64_t frames, const CosimOptions& options, sc_core::sc_signal_in_if<bool>& clk,
            sc_core::sc_signal_in_if<bool>& rst_n)
      : NetworkDriver(name, plan, std::move(images), frames, options, rst_n, "RTL bench") {
    SC_METHOD(clocked);
    sensitive << clk.posedge_event();
    dont_initialize();
  }
  SC_HAS_PROCESS(RtlDriver);

  void attach(RtlTwin& r) {
    rtl = &r;
    check_rtl_widths(*rtl, plan);
    in_ready = static_cast<const uint8_t*>(rtl->in_ready().data);
    out_valid = static_cast<const uint8_t*>(rtl->out_valid().data);
    out_data = rtl->out_data();
  }

  const uint8_t* in_ready = nullptr;  // views of the RTL's outputs (after sample())
  const uint8_t* out_valid = nullptr;
  RawSignal out_data;
  bool done = false;

 private:
  // Rising edge: the RTL's outputs still hold their values from before it (its
  // writes at this edge take effect in the update phase), so sample() reads the
  // handshakes that decide the transfers at this edge, as CosimDriver reads the
  // SystemC twin's.
  void clocked() {
    if (!rst_ni.read() || done) return;
    ++edge;
    rtl->sample();
    take_output(*out_valid != 0, [&] { return raw_bits(out_data, plan.out_bits()); });
    drive_input(*in_ready != 0);
    if (received >= pixels.frames() && !pixels.has(source.sent())) {
      done = true;
      sc_core::sc_pause();
    }
  }

  void send(const Bits& w) override { rtl->write_in_data(w.data()); }
};

RtlBench::RtlBench(NetworkPlan plan, std::vector<uint8_t> images, uint64_t frames,
                   const CosimOptions& options, RtlTwinFactory factory,
                   sc_core::sc_signal_in_if<bool>& clk, sc_core::sc_signal_in_if<bool>& rst_n)
    : plan_(std::move(plan)) {
  if (!factory) throw Error("RTL bench: no RTL twin factory");
  driver_ = std::make_unique<RtlDriver>("rtl_only", plan_, std::move(images), frames, options,
                                        clk, rst_n);
  rtl_.reset(make_rtl_twin(factory, *driver_, clk, rst_n, options.trace));
  driver_->attach(*rtl_);
}

RtlBench::~RtlBench() { close_traces(); }

bool RtlBench::done() const { return driver_->done; }
uint64_t RtlBench::frames_done() const { return driver_->received; }
uint64_t RtlBench::edges() const { return driver_->edge; }
const std::vector<sc::FrameOutput>& RtlBench::outputs() const { return driver_->outputs; }
const std::vector<std::string>& RtlBench::protocol_errors() const {
  return driver_->sink.errors();
}
void RtlBench::open_traces(const std::string& dir) {
  std::filesystem::create_directories(dir);
  rtl_->open_trace((std::filesystem::path(dir) / "rtl.fst").string());
}
void RtlBench::close_traces() {
  if (rtl_) rtl_->close_trace();
}

bool run_rtl(RtlBench& bench, sc_core::sc_signal<bool>& rst_n, uint64_t max_idle_edges,
             const std::function<void()>& on_progress) {
  sc::RunLimits limits;
  limits.max_idle_edges = max_idle_edges;
  return sc::run_until_done(rst_n, [&] { return bench.done(); },
                            [&] { return bench.frames_done(); }, limits,
                            on_progress) != sc::RunEnd::Idle;
}

}  // namespace rebnet::tb
