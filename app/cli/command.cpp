#include "cli/command.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "contract/error.h"

namespace rebnet::cli {
namespace {

namespace fs = std::filesystem;

// True when `semantic` stores a T; then `text` must be a whole number in T's range.
template <typename T>
bool check_integer(const po::value_semantic* semantic, const std::string& option,
                   const std::string& text) {
  if (!dynamic_cast<const po::typed_value<T>*>(semantic)) return false;
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw UsageError(option + " = " + text + ": expected a whole number in [" +
                     std::to_string(std::numeric_limits<T>::min()) + ", " +
                     std::to_string(std::numeric_limits<T>::max()) + "]");
  return true;
}

bool check_real(const po::value_semantic* semantic, const std::string& option,
                const std::string& text) {
  if (!dynamic_cast<const po::typed_value<double>*>(semantic)) return false;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value))
    throw UsageError(option + " = " + text + ": expected a finite number");
  return true;
}

// Boost converts "-1" to 4294967295 for an unsigned option and accepts "nan" and
// "inf" for a double; the raw text of every number is checked here instead.
void check_numbers(const po::parsed_options& parsed, const po::options_description& options) {
  for (const po::option& o : parsed.options) {
    // A stray argument (the command takes no positional ones); po::store would call it
    // an ambiguous option.
    if (o.string_key.empty()) throw po::too_many_positional_options_error();
    const po::option_description* d = options.find_nothrow(o.string_key, false);
    if (!d) continue;
    const po::value_semantic* s = d->semantic().get();
    const std::string option = "--" + o.string_key;
    for (const std::string& text : o.value) {
      if (check_integer<uint32_t>(s, option, text) || check_integer<uint64_t>(s, option, text) ||
          check_integer<int32_t>(s, option, text) || check_integer<int64_t>(s, option, text))
        continue;
      check_real(s, option, text);
    }
  }
}

// The first argument that is neither an option nor an option's value nor one of the
// `allowed` positional arguments, for boost's "too many positional options".
std::string extra_argument(const std::vector<std::string>& args,
                           const po::options_description& options, unsigned allowed) {
  unsigned positional = 0;
  bool options_ended = false;  // after "--" every argument is positional
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!options_ended && a == "--") {
      options_ended = true;
      continue;
    }
    if (!options_ended && a.size() > 1 && a[0] == '-') {
      const std::string name = a.substr(std::min(a.find_first_not_of('-'), a.size()));
      const po::option_description* d =
          name.find('=') == std::string::npos ? options.find_nothrow(name, false) : nullptr;
      if (d && d->semantic()->max_tokens() > 0) ++i;  // its value follows
      continue;
    }
    if (++positional > allowed) return a;
  }
  return "";
}

}  // namespace

bool parse(const std::vector<std::string>& args, const std::string& usage,
           const std::string& about, po::options_description& options, po::variables_map& vm,
           const po::positional_options_description* positional) {
  options.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional) parser.positional(*positional);
    const po::parsed_options parsed = parser.run();
    for (const po::option& o : parsed.options)
      if (o.string_key == "help") {
        std::cout << "usage: " << usage << "\n\n" << about << "\n\n" << options << "\n";
        return false;
      }
    check_numbers(parsed, options);
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::too_many_positional_options_error&) {
    const unsigned allowed = positional ? positional->max_total_count() : 0;
    throw UsageError("unexpected argument '" + extra_argument(args, options, allowed) +
                     "': expected " +
                     (allowed ? "at most " + std::to_string(allowed) + " argument(s) before the options"
                              : "options only (--name VALUE)"));
  } catch (const po::unknown_option& e) {
    std::string known;
    for (const auto& d : options.options())
      known += (known.empty() ? "" : ", ") + d->canonical_display_name(
                                              po::command_line_style::allow_long);
    throw UsageError("unknown option '" + e.get_option_name() + "'; expected one of " + known);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  if (vm.count("json")) check_writable(vm["json"].as<std::string>(), "--json");
  return true;
}

void write_json(const nlohmann::json& value, const std::string& path, const std::string& option) {
  // Written aside and renamed, so that a reader (or `rebnet explore`'s cache)
  // never sees half a file.
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    out << value.dump(2) << "\n";
    if (!out)
      throw Error(option + " " + path + ": cannot write the JSON file: " + std::strerror(errno));
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    throw Error(option + " " + path + ": cannot write the JSON file: " + std::strerror(errno));
}

void check_writable(const std::string& path, const std::string& option) {
  if (path.empty()) throw Error(option + ": expected a file name, got an empty string");
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw Error(option + " " + path + ": is a directory, expected a file name");
  const bool existed = fs::exists(path, ec);
  errno = 0;
  std::ofstream probe(path, std::ios::app);  // creates, never truncates
  if (!probe)
    throw Error(option + " " + path + ": cannot write the file: " +
                (errno ? std::strerror(errno) : "unknown reason"));
  probe.close();
  if (!existed) fs::remove(path, ec);
}

void make_directory(const fs::path& dir, const std::string& option) {
  const std::string where = option + " " + dir.string();
  if (dir.empty()) throw Error(option + ": expected a directory, got an empty string");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(where + ": cannot create the directory: " + ec.message());
  if (!fs::is_directory(dir, ec)) throw Error(where + ": exists and is not a directory");
  const fs::path probe = dir / (".rebnet-probe-" + std::to_string(::getpid()));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw Error(where + ": cannot write in the directory: " + std::strerror(errno));
  ::close(fd);
  fs::remove(probe, ec);
}

void check_probability(const std::string& option, double value) {
  if (!(value >= 0 && value < 1))
    throw UsageError(option + " = " + number_text(value) + ": expected a probability in [0, 1)");
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string exact_text(double value) {
  char text[64];
  const double magnitude = std::fabs(value);
  const bool fixed = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value,
                                       fixed ? std::chars_format::fixed : std::chars_format::general);
  return ec == std::errc() ? std::string(text, end) : number_text(value);
}

po::typed_value<double>* real_value(double* variable) {
  return po::value(variable)->default_value(*variable, exact_text(*variable));
}

}  // namespace rebnet::cli
