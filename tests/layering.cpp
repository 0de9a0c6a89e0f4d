#include "layering.h"

#include <array>
#include <fstream>
#include <regex>

namespace rebnet::layering {
namespace {

namespace fs = std::filesystem;

struct Layer {
  const char* folder;
  int rank;  // a file may include from an equal or lower rank
};
// bench sits beside app: app uses the benchmarks, bench never uses app.
constexpr std::array<Layer, 5> kLayers{{
    {"sw", 0}, {"systemc", 1}, {"testbench", 2}, {"app", 3}, {"bench", 3}}};

const Layer* layer_of(const fs::path& relative) {
  const std::string top = relative.begin()->string();
  for (const Layer& l : kLayers)
    if (top == l.folder) return &l;
  return nullptr;
}

bool allowed(const Layer& from, const Layer& to) {
  if (&from == &to) return true;
  if (std::string(from.folder) == "bench" && std::string(to.folder) == "app") return false;
  return to.rank <= from.rank;
}

bool is_source(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".h" || ext == ".cpp" || ext == ".in";
}

// Headers that carry a clock: none of them may appear under sw/.
bool is_hardware_header(const std::string& name) {
  return name.rfind("systemc", 0) == 0 || name.rfind("tlm", 0) == 0 ||
         name.rfind("verilated", 0) == 0;
}

}  // namespace

std::vector<Violation> find_violations(const fs::path& root) {
  static const std::regex include_re(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  std::vector<Violation> out;
  for (const Layer& from : kLayers) {
    const fs::path dir = root / from.folder;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || !is_source(entry.path())) continue;
      std::ifstream in(entry.path());
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        std::smatch m;
        if (!std::regex_search(line, m, include_re)) continue;
        const std::string name = m[2];
        const fs::path file = fs::relative(entry.path(), root);
        if (from.rank == 0 && is_hardware_header(name)) {
          out.push_back({file, number, name, "sw/ includes no SystemC or Verilator header"});
          continue;
        }
        if (m[1] != "\"") continue;
        // Where the compiler finds it: beside the file, else under one folder's root.
        std::vector<const Layer*> found;
        if (fs::exists(entry.path().parent_path() / name)) {
          found.push_back(layer_of(fs::relative(entry.path().parent_path() / name, root)));
        } else {
          for (const Layer& l : kLayers)
            if (fs::exists(root / l.folder / name)) found.push_back(&l);
        }
        if (found.size() > 1) {
          out.push_back({file, number, name, "found under more than one layer"});
        } else if (found.size() == 1 && found[0] && !allowed(from, *found[0])) {
          out.push_back({file, number, name,
                         std::string(from.folder) + "/ may not include from " +
                             found[0]->folder + "/"});
        }
      }
    }
  }
  return out;
}

std::string to_string(const Violation& v) {
  return v.file.string() + ":" + std::to_string(v.line) + ": #include \"" + v.include +
         "\": " + v.why;
}

}  // namespace rebnet::layering
