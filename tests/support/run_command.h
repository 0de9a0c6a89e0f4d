// Runs the `rebnet` executable (REBNET_EXE, set by CMake) with arguments and
// captures its exit status and output, for the end-to-end CLI tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace rebnet::test {

struct CommandResult {
  int status = -1;
  std::string out;  // stdout and stderr together
};

// `timeout_seconds` > 0: the run is killed after that long (status 124, as timeout(1)).
inline CommandResult rebnet(const std::string& args, int timeout_seconds = 0) {
  CommandResult run;
  const std::string limit =
      timeout_seconds > 0 ? "timeout -k 5 " + std::to_string(timeout_seconds) + " " : "";
  const std::string command = limit + std::string(REBNET_EXE) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace rebnet::test
