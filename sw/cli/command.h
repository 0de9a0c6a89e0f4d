// Shared plumbing of the `rebnet` subcommands: option parsing with --help,
// JSON output, and the exit-code convention (0 ok, 1 error, 2 usage).
#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rebnet::cli {

namespace po = boost::program_options;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order `rebnet --help` lists them.
const std::vector<Command>& commands();

// Thrown for bad command lines; main prints it with a pointer to --help.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses `args` against `options`; returns false after printing help when
// --help was given. `usage` is the one-line synopsis, `about` the description.
bool parse(const std::vector<std::string>& args, const std::string& usage,
           const std::string& about, po::options_description& options, po::variables_map& vm,
           const po::positional_options_description* positional = nullptr);

// Writes `value` to `path` (pretty-printed), creating nothing else.
void write_json(const nlohmann::json& value, const std::string& path);

}  // namespace rebnet::cli
