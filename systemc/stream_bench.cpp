#include "stream_bench.h"

#include <cmath>
#include <cstdlib>

namespace rebnet::sc {

bool Pacer::stall(double p) {
  if (!(p > 0)) return false;
  // u in [0, 1) as libstdc++'s uniform_real_distribution<double>(0, 1) makes it from one
  // 64-bit draw (the draw rounded to a double, over 2^64), spelled out so that every
  // standard library gives the same pattern.
  double u = static_cast<double>(engine_()) * 0x1.0p-64;
  if (u >= 1.0) u = std::nextafter(1.0, 0.0);
  return u < p;
}

void StreamSink::violation(uint64_t edge) {
  ++violations_;
  if (errors_.size() < kKeptErrors)
    errors_.push_back("edge " + std::to_string(edge) + ": " + valid_name_ + " dropped or " +
                      data_name_ + " changed while stalled");
}

QuietSystemC::QuietSystemC() { setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); }

uint64_t periods_elapsed() {
  return static_cast<uint64_t>(sc_core::sc_time_stamp() /
                               sc_core::sc_time(kClockPeriodNs, sc_core::SC_NS));
}

RunEnd run_until_done(sc_core::sc_signal<bool>& rst_n, const std::function<bool()>& done,
                      const std::function<uint64_t()>& progress, const RunLimits& limits,
                      const std::function<void()>& on_chunk) {
  const sc_core::sc_time period(kClockPeriodNs, sc_core::SC_NS);
  rst_n.write(false);
  sc_core::sc_start(2 * period);  // edges at 0 and 10 ns in reset
  rst_n.write(true);
  sc_core::sc_start(period / 2);  // looks at done() between edges
  uint64_t idle = 0, last = progress ? progress() : 0;
  while (!done()) {
    if (limits.max_edges && periods_elapsed() >= limits.max_edges) return RunEnd::Timeout;
    sc_core::sc_start(static_cast<double>(limits.chunk_edges) * period);
    if (on_chunk) on_chunk();
    if (!limits.max_idle_edges || !progress) continue;
    const uint64_t now = progress();
    idle = now == last ? idle + limits.chunk_edges : 0;
    last = now;
    if (idle >= limits.max_idle_edges && !done()) return RunEnd::Idle;
  }
  return RunEnd::Done;
}

}  // namespace rebnet::sc
