#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/torch_commands.h"
#include "contract/error.h"

namespace rebnet::cli {

void exec_torch_command(const std::string& command, const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  const std::string exe = (fs::read_symlink("/proc/self/exe").parent_path() / "rebnet-torch").string();
  std::vector<std::string> argv_text{exe, command};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(exe.c_str(), argv.data());
  throw Error("cannot run " + exe + ": " + std::strerror(errno));
}

}  // namespace rebnet::cli
