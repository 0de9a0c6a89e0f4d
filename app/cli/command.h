// Shared plumbing of the `rebnet` subcommands: option parsing with --help,
// JSON output, and the exit-code convention (0 ok, 1 error, 2 usage).
#pragma once

#include <boost/program_options.hpp>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
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
// Every number is checked against its option's type first (a UsageError names
// the option, the text and the range: "-1" never wraps to 4294967295, "nan" and
// "inf" are refused), and a given --json FILE is checked for writability, so a
// long run never fails at its last step.
bool parse(const std::vector<std::string>& args, const std::string& usage,
           const std::string& about, po::options_description& options, po::variables_map& vm,
           const po::positional_options_description* positional = nullptr);

// Writes `value` to `path` (pretty-printed), creating nothing else; `option`
// names the path in the error message.
void write_json(const nlohmann::json& value, const std::string& path,
                const std::string& option = "--json");

// Fails now, with an Error naming `option`, the path and the reason, when `path`
// cannot be written as a file (it is created and removed again if it did not exist).
void check_writable(const std::string& path, const std::string& option);

// Creates directory `dir` and its parents and checks that a file can be written
// in it; an Error names `option`, the path and the reason.
void make_directory(const std::filesystem::path& dir, const std::string& option);

// A probability option (stall, gap): refuses values outside [0, 1).
void check_probability(const std::string& option, double value);

// `value` as a message shows it ("%g": 100, 0.3, 2e+06).
std::string number_text(double value);

// `value` in the fewest digits that read back as the same double: fixed notation
// for magnitudes from 1e-4 to 1e15 (0.3, 100, 200000, 0.0001), else 2e-07, 1e+20.
std::string exact_text(double value);

// A floating option whose default is `*variable`, which --help shows as written
// (exact_text: 0.3), not as boost prints a double (0.29999999999999999).
po::typed_value<double>* real_value(double* variable);

}  // namespace rebnet::cli
