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

inline CommandResult rebnet(const std::string& args) {
  CommandResult run;
  const std::string command = std::string(REBNET_EXE) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace rebnet::test
