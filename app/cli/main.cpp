// `rebnet`: one executable, one subcommand per job.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "contract/error.h"

namespace {

void print_overview(std::ostream& out) {
  out << "usage: rebnet <command> [options]\n\n"
         "ReBNet: residual binarized neural networks, from training to FPGA.\n\n"
         "commands:\n";
  for (const auto& c : rebnet::cli::commands())
    out << "  " << c.name << std::string(16 - std::string(c.name).size(), ' ') << c.summary
        << "\n";
  out << "\n'rebnet <command> --help' explains a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    print_overview(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  for (const auto& c : rebnet::cli::commands()) {
    if (args[0] != c.name) continue;
    try {
      return c.run({args.begin() + 1, args.end()});
    } catch (const rebnet::cli::UsageError& e) {
      std::cerr << "rebnet " << c.name << ": " << e.what() << " (see 'rebnet " << c.name
                << " --help')\n";
      return 2;
    } catch (const rebnet::Error& e) {
      std::cerr << "rebnet " << c.name << ": error: " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cerr << "rebnet " << c.name << ": internal error: " << e.what() << "\n";
      return 1;
    }
  }
  std::string known;
  for (const auto& c : rebnet::cli::commands())
    known += (known.empty() ? "" : ", ") + std::string(c.name);
  std::cerr << "rebnet: unknown command '" << args[0] << "'; expected one of " << known
            << " (see 'rebnet --help')\n";
  return 2;
}
