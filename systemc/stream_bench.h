// The stream bench: what every bench around a streaming DUT shares, written once after
// MatchLib's testbench idiom (STYLE.md): a Pacer that decides cycle by cycle whether a
// source leaves a gap or a sink stalls; the source (valid never waits for ready, and a word
// stays offered, unchanged, until taken: AXI4-Stream); the sink (ready with random stalls,
// and that rule checked on what it is offered); a scoreboard against the reference model;
// the clock and reset; and the run-until-done loop.
//
// Used by NetworkBench (network_bench.h: `rebnet simulate`), both co-simulation drivers
// (testbench/cosim_bench.h: `rebnet cosim`) and the block tests (tests/systemc/sc_harness.h).
// The source and sink of a bench share one Pacer: at every rising edge after reset the sink
// draws first, then the source, so one seed fixes both patterns.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <systemc>

#include "rebnet_bits.h"

namespace rebnet::sc {

// The clock period of every bench (100 MHz).
inline constexpr double kClockPeriodNs = 10.0;

// Random gaps and stalls (MatchLib's Pacer): one mt19937_64 from a seed, one draw per
// question with a positive probability. A probability of 0 draws nothing, so a side that
// never stalls leaves the other side's pattern as it would be alone.
class Pacer {
 public:
  explicit Pacer(uint64_t seed) : engine_(seed) {}
  // True with probability p: the asking side holds back this cycle.
  bool stall(double p);

 private:
  std::mt19937_64 engine_;
};

// The source of a stream: words offered in order, a gap (probability `gap`) before each
// offer, an offered word held until taken.
class StreamSource {
 public:
  // What to drive for the next cycle: keep valid and data (a word waits), valid with word
  // sent() as data, or valid low.
  enum class Drive { Hold, Offer, Idle };

  StreamSource(Pacer& pacer, double gap) : pacer_(&pacer), gap_(gap) {}

  // One rising edge after reset; `valid` and `ready` as they were before it. A transfer
  // counts in sent() (taken() says so). Unless a word still waits, more(sent()) says
  // whether there is a next word to offer, and the pacer whether it is offered now.
  template <class More>
  Drive edge(bool valid, bool ready, More&& more) {
    taken_ = valid && ready;
    if (taken_)
      ++sent_;
    else if (valid)
      return Drive::Hold;
    return more(sent_) && !pacer_->stall(gap_) ? Drive::Offer : Drive::Idle;
  }
  bool taken() const { return taken_; }  // a word moved at the last edge
  uint64_t sent() const { return sent_; }

 private:
  Pacer* pacer_;
  double gap_;
  uint64_t sent_ = 0;
  bool taken_ = false;
};

// The sink of a stream: ready with random stalls (probability `stall`), and the check that
// a word offered while ready was low stays offered, unchanged, until taken. Violations are
// counted; the first kKeptErrors are kept as "edge <e>: <valid> dropped or <data> changed
// while stalled".
class StreamSink {
 public:
  static constexpr size_t kKeptErrors = 10;

  StreamSink(Pacer& pacer, double stall, std::string valid_name = "out_valid",
             std::string data_name = "out_data")
      : pacer_(&pacer), stall_(stall), valid_name_(std::move(valid_name)),
        data_name_(std::move(data_name)) {}

  // One rising edge after reset (`edge` names it in messages); `valid`, `ready` and the
  // word data() as they were before it (data() is read only while a word waits). Returns
  // true when a word moved at this edge.
  template <class Data>
  bool edge(uint64_t edge, bool valid, bool ready, Data&& data) {
    const bool waits = valid && !ready;
    if (waited_ || waits) {
      const Bits& word = data();
      if (waited_ && (!valid || word != held_)) violation(edge);
      if (waits) held_ = word;
    }
    waited_ = waits;
    return valid && ready;
  }
  // The sink's ready for the next cycle (draws from the pacer).
  bool ready_next() { return !pacer_->stall(stall_); }

  uint64_t violations() const { return violations_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void violation(uint64_t edge);

  Pacer* pacer_;
  double stall_;
  std::string valid_name_, data_name_;
  bool waited_ = false;  // valid && !ready before the last edge
  Bits held_;            // the word that waited
  uint64_t violations_ = 0;
  std::vector<std::string> errors_;
};

// A scoreboard: the items a sink took, in order, against the reference model's.
template <class Want>
class Scoreboard {
 public:
  enum class Verdict { Match, Mismatch, Extra };

  explicit Scoreboard(std::vector<Want> expected = {}) : expected_(std::move(expected)) {}

  // The next item taken; same(got, want) compares (default: ==).
  template <class Got, class Same = std::equal_to<>>
  Verdict check(const Got& got, Same same = {}) {
    const uint64_t i = received_++;
    if (i < expected_.size() && same(got, expected_[i])) return Verdict::Match;
    if (!first_error_) first_error_ = i;
    ++errors_;
    return i < expected_.size() ? Verdict::Mismatch : Verdict::Extra;
  }

  uint64_t received() const { return received_; }
  const std::vector<Want>& expected() const { return expected_; }
  uint64_t errors() const { return errors_; }  // mismatches and extra items
  const std::optional<uint64_t>& first_error() const { return first_error_; }

 private:
  std::vector<Want> expected_;
  uint64_t received_ = 0, errors_ = 0;
  std::optional<uint64_t> first_error_;
};

// Sets SYSTEMC_DISABLE_COPYRIGHT_MESSAGE unless the environment does: SystemC prints its
// banner on stdout when its first object is built.
struct QuietSystemC {
  QuietSystemC();
};

// The clock and reset of a bench: period kClockPeriodNs, reset active low (run_until_done
// drives it); built before any other SystemC object, it keeps the banner off stdout.
class BenchClock : private QuietSystemC {
 public:
  sc_core::sc_clock clk{"clk", kClockPeriodNs, sc_core::SC_NS};
  sc_core::sc_signal<bool> rst_n{"rst_n", false};
};

struct RunLimits {
  uint64_t max_idle_edges = 0;  // give up after this many edges without progress (0: never)
  uint64_t max_edges = 0;       // give up once this many edges have passed since 0 (0: never)
  uint64_t chunk_edges = 1000;  // edges simulated between two looks at done()
};

enum class RunEnd { Done, Idle, Timeout };

// Holds `rst_n` low over the rising edges at 0 and kClockPeriodNs, releases it, then
// simulates chunk_edges at a time until done(). After every chunk on_chunk() runs;
// progress() (a count of outputs) that stays the same for max_idle_edges ends the run
// with Idle, and max_edges since time 0 (checked before a chunk) with Timeout.
RunEnd run_until_done(sc_core::sc_signal<bool>& rst_n, const std::function<bool()>& done,
                      const std::function<uint64_t()>& progress, const RunLimits& limits,
                      const std::function<void()>& on_chunk = {});

// Whole clock periods since time 0.
uint64_t periods_elapsed();

}  // namespace rebnet::sc
