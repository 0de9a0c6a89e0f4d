#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace rebnet::cli {

Progress::Progress(std::string label, uint64_t total, Log log)
    : label_(std::move(label)), total_(total ? total : 1), terminal_(isatty(STDERR_FILENO)),
      log_(log), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::advance(uint64_t n) {
  std::lock_guard lock(mutex_);
  done_ += n;
  const auto now = std::chrono::steady_clock::now();
  const uint64_t quarter = done_ * 4 / total_;
  if (terminal_ ? now - last_draw_ > std::chrono::milliseconds(100)
                : log_ == Log::Quarters && quarter > last_quarter_) {
    last_draw_ = now;
    last_quarter_ = quarter;
    draw(false);
  }
}

void Progress::set_status(const std::string& status) {
  std::lock_guard lock(mutex_);
  status_ = status;
}

void Progress::item_done(const std::string& status, const std::string& line) {
  {
    std::lock_guard lock(mutex_);
    status_ = status;
    if (!terminal_ && log_ == Log::EachItem) {
      std::fprintf(stderr, "%s: %s\n", label_.c_str(), line.c_str());
      std::fflush(stderr);
    }
  }
  advance();
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  // In logs the last quarter line may already say 100 %, and the last item line says
  // what is left; do not repeat it.
  if (terminal_ || (log_ == Log::Quarters && last_quarter_ < 4)) draw(true);
}

void Progress::draw(bool final) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = std::min(1.0, double(done_) / double(total_));
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const double rate = seconds > 0 ? double(done_) / seconds : 0.0;
  const double eta = rate > 0 ? double(total_ - std::min(done_, total_)) / rate : 0.0;
  std::fprintf(stderr, "%s%-14s [%.*s%*s] %5.1f%% %llu/%llu %.1fs eta %.1fs%s%s%s",
               terminal_ ? "\r" : "", label_.c_str(), filled,
               "##############################", width - filled, "", 100.0 * fraction,
               static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
               seconds, eta, status_.empty() ? "" : " ", status_.c_str(),
               (final || !terminal_) ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace rebnet::cli
