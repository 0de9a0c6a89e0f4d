// Running an external tool (yosys) from the CLI: a child process with its output
// in a log file, polled so the caller can show progress, and a content hash for
// caching its results.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rebnet::rtlgen {

struct ToolResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  double seconds = 0;
};

// Starts argv[0] (searched in PATH) with `argv` in `cwd`, stdout and stderr into
// `output_path`, and returns its process id without waiting (exit code 127: not
// found, 126: cannot enter `cwd`). Throws rebnet::Error when it cannot fork.
pid_t start_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::filesystem::path& output_path);

// Runs argv[0] (searched in PATH) with `argv` in `cwd`, stdout and stderr into
// `output_path`; calls `poll` about five times a second while it runs. Throws
// rebnet::Error when the process cannot be started (exit code 127: not found).
ToolResult run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                    const std::filesystem::path& output_path, const std::function<void()>& poll);

// The first line `command` prints on stdout (e.g. "yosys -V"), "" when it fails.
std::string tool_version(const std::string& command);

// A 128-bit content hash (two FNV-1a 64 lanes) over tagged, length-prefixed parts;
// a cache key, not a cryptographic hash.
class ContentHash {
 public:
  void add(std::string_view tag, std::string_view bytes);
  void add_file(std::string_view tag, const std::filesystem::path& path);  // throws if unreadable
  std::string hex() const;  // 32 hex digits

 private:
  void mix(std::string_view bytes);
  uint64_t a_ = 0xcbf29ce484222325ull;
  uint64_t b_ = 0x84222325cbf29ce4ull;
};

// Reads a whole file; throws rebnet::Error when it cannot.
std::string read_file(const std::filesystem::path& path);

}  // namespace rebnet::rtlgen
