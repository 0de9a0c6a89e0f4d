#include "rtlgen/synth_run.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "contract/error.h"
#include "rtlgen/network_export.h"
#include "rtlgen/synth_report.h"
#include "rtlgen/tool_run.h"

namespace rebnet::rtlgen {
namespace fs = std::filesystem;
namespace {

// Holds an exclusive lock on <path> while alive.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error("cannot create lock file " + path.string());
    if (::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      throw Error("cannot lock " + path.string());
    }
  }
  ~FileLock() { ::close(fd_); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

// The last `n` lines of a file, indented, for error messages.
std::string tail_lines(const fs::path& path, size_t n) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > n) lines.erase(lines.begin());
  }
  std::string out;
  for (const std::string& l : lines) out += "\n  " + l;
  return out;
}

}  // namespace

fs::path default_synth_cache() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fs::path(xdg) / "rebnet" / "synth";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "rebnet" / "synth";
  return {};
}

SynthOutcome synthesize(
    const Model& model, const std::string& model_bytes, const NetworkPlan& plan,
    const SynthOptions& options,
    const std::function<void(int milestone, int milestones, const std::string& pass)>& progress) {
  if (options.cache_dir.empty()) throw Error("no cache directory for the synthesis results");
  refuse_inside_source(options.cache_dir, "cache directory");

  const Board& board = find_board(options.board);
  const std::string yosys_version = tool_version(options.yosys + " -V");
  if (yosys_version.empty())
    throw Error("cannot run '" + options.yosys + " -V' (is yosys installed?)");
  ContentHash hash;
  hash.add("generator", kGeneratorVersion);
  hash.add("yosys", yosys_version);
  hash.add("board", board.name + " " + board.part + " " + board.family);
  hash.add("weight_mem", to_string(options.weight_mem));
  hash.add("threshold_mem", to_string(options.threshold_mem));
  hash.add("model", model_bytes);
  hash.add("folding", folding_json(plan.folding).dump());
  add_rtl_sources(hash);
  const std::string key = hash.hex();

  std::error_code ec;
  fs::create_directories(options.cache_dir, ec);
  if (ec)
    throw Error("cannot create cache directory " + options.cache_dir.string() + ": " +
                ec.message());
  SynthOutcome out;
  out.entry = fs::weakly_canonical(fs::absolute(options.cache_dir)) / key;
  const fs::path result_path = out.entry / "result.json";
  FileLock lock(options.cache_dir / (key + ".lock"));

  if (fs::is_regular_file(result_path)) {
    try {
      out.result = nlohmann::json::parse(read_file(result_path));
      out.cached = out.result.contains("per_layer");
    } catch (const nlohmann::json::exception&) {
      out.cached = false;
    }
    if (out.cached) return out;
  }

  fs::remove_all(out.entry, ec);  // an interrupted run left no result.json
  ExportOptions eo;
  eo.model_name = options.model_name;
  eo.folding_name = options.folding_name;
  eo.board = board.name;
  eo.weight_mem = options.weight_mem;
  eo.threshold_mem = options.threshold_mem;
  const ExportedFiles files = export_rtl(plan, eo, out.entry);

  const fs::path log_path = out.entry / "synth.log";
  YosysProgress watcher;
  std::ifstream log;
  std::string chunk(1 << 16, '\0');
  auto poll = [&] {
    if (!log.is_open()) log.open(log_path, std::ios::binary);
    if (log.is_open()) {
      log.clear();
      while (log.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
             log.gcount() > 0) {
        watcher.feed(std::string_view(chunk.data(), static_cast<size_t>(log.gcount())));
        if (log.eof()) break;
      }
    }
    if (progress) progress(watcher.milestone(), YosysProgress::kMilestones, watcher.pass());
  };
  const ToolResult run = run_tool({options.yosys, "-q", "-l", "synth.log", "-s", "synth.ys"},
                                  files.dir, out.entry / "yosys.out", poll);
  poll();
  if (run.exit_code != 0)
    throw Error("yosys failed (" +
                (run.exit_code < 0 ? "signal " + std::to_string(run.signal)
                                   : "exit " + std::to_string(run.exit_code)) +
                "), log " + log_path.string() + ":" + tail_lines(out.entry / "yosys.out", 10) +
                tail_lines(log_path, 5));

  std::vector<std::string> kinds;
  for (const Layer& l : model.layers) kinds.push_back(to_string(l.kind));
  const SynthReport report =
      parse_synth_report(read_file(out.entry / "stat.txt"), read_file(log_path), plan, kinds);
  if (report.total.latches != 0)
    throw Error(std::to_string(report.total.latches) +
                " latch(es) inferred; the RTL must have none (see " + log_path.string() + ")");
  if (report.total.unmapped != 0)
    throw Error(std::to_string(report.total.unmapped) +
                " cell(s) left unmapped by synth_xilinx (yosys-internal $ types; see " +
                (out.entry / "stat.txt").string() + ")");
  out.result = report_json(report);
  out.result["key"] = key;
  out.result["yosys"] = yosys_version;
  out.result["yosys_seconds"] = run.seconds;
  out.result["board"] = board.name;
  out.result["part"] = board.part;
  out.result["weight_mem"] = to_string(options.weight_mem);
  out.result["threshold_mem"] = to_string(options.threshold_mem);
  out.result["model"] = options.model_name;
  out.result["folding"] = folding_json(plan.folding);
  // result.json last: its presence marks a complete entry.
  const fs::path tmp = out.entry / "result.json.tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << out.result.dump(2) << "\n";
    if (!f) throw Error("cannot write " + tmp.string());
  }
  fs::rename(tmp, result_path);
  return out;
}

}  // namespace rebnet::rtlgen
