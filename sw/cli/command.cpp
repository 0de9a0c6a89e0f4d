#include "cli/command.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "contract/error.h"

namespace rebnet::cli {

bool parse(const std::vector<std::string>& args, const std::string& usage,
           const std::string& about, po::options_description& options, po::variables_map& vm,
           const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << about << "\n\n" << options << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

void write_json(const nlohmann::json& value, const std::string& path) {
  // Written aside and renamed, so that a reader (or `rebnet explore`'s cache)
  // never sees half a file.
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << value.dump(2) << "\n";
    if (!out) throw Error("cannot write JSON file " + path);
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    throw Error("cannot write JSON file " + path);
}

}  // namespace rebnet::cli
