#include "rtlgen/tool_run.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "contract/error.h"

namespace rebnet::rtlgen {

pid_t start_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                 const std::filesystem::path& output_path) {
  if (argv.empty()) throw Error("start_tool: empty command");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) throw Error("cannot write " + output_path.string() + ": " + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out);
    throw Error(std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(out);
  return pid;
}

ToolResult run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                    const std::filesystem::path& output_path, const std::function<void()>& poll) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = start_tool(argv, cwd, output_path);
  ToolResult result;
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) throw Error(std::string("waitpid: ") + std::strerror(errno));
    if (poll) poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code == 127)
      throw Error(std::string("cannot run ") + argv[0] + " (not found in PATH?)");
    if (result.exit_code == 126) throw Error("cannot enter " + cwd.string());
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

std::string tool_version(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) return "";
  std::array<char, 512> line{};
  std::string first;
  if (std::fgets(line.data(), line.size(), pipe)) first = line.data();
  ::pclose(pipe);
  while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) first.pop_back();
  return first;
}

void ContentHash::mix(std::string_view bytes) {
  for (unsigned char c : bytes) {
    a_ = (a_ ^ c) * 0x100000001b3ull;
    b_ = (b_ ^ static_cast<unsigned char>(c + 0x5b)) * 0x100000001b3ull;
    b_ ^= b_ >> 29;
  }
}

void ContentHash::add(std::string_view tag, std::string_view bytes) {
  const std::string prefix = std::string(tag) + ":" + std::to_string(bytes.size()) + ":";
  mix(prefix);
  mix(bytes);
}

void ContentHash::add_file(std::string_view tag, const std::filesystem::path& path) {
  add(tag, read_file(path));
}

std::string ContentHash::hex() const {
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(a_),
                static_cast<unsigned long long>(b_));
  return buf;
}

std::string read_file(const std::filesystem::path& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read " + path.string() + ": " +
                (errno ? std::strerror(errno) : "unknown reason"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace rebnet::rtlgen
