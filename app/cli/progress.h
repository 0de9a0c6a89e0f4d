// A progress bar on stderr: redrawn in place at most ten times a second on a
// terminal; in logs (not a terminal) one line at 25 % steps, so CI output stays short,
// or, for a few long items (explore's tasks), one line per item (Log::EachItem).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace rebnet::cli {

class Progress {
 public:
  enum class Log { Quarters, EachItem };  // what a log shows
  Progress(std::string label, uint64_t total, Log log = Log::Quarters);
  ~Progress();
  void advance(uint64_t n = 1);  // thread-safe
  // Text shown after the bar from the next redraw on, e.g. a running loss (thread-safe).
  void set_status(const std::string& status);
  // One item is done: on a terminal `status` follows the bar and the bar advances; in a
  // log with Log::EachItem the line "label: line" is printed (thread-safe).
  void item_done(const std::string& status, const std::string& line);
  void finish();

 private:
  void draw(bool final);
  std::string label_;
  std::string status_;
  uint64_t total_;
  uint64_t done_ = 0;
  uint64_t last_quarter_ = 0;
  bool terminal_;
  Log log_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
  std::mutex mutex_;
};

}  // namespace rebnet::cli
