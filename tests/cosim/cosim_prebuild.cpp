// cosim_prebuild: the build-time side of the co-simulation tests.
//   cosim_prebuild --cache DIR [--jobs N] kind:seed ...   builds (or finds) the RTL twin
//       plugin of each configuration in the cache the tests read (testbench/rtl_build.h)
//   cosim_prebuild --sources DIR kind:seed                 writes the configuration's
//       generated rebnet_network_pkg.sv and rebnet_network.sv (for verilate())
//   cosim_prebuild --describe kind:seed ...                prints the configurations
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "contract/error.h"
#include "cosim_configs.h"
#include "plan/network_plan.h"
#include "rtl_build.h"

namespace {

rebnet::cosimtest::Config parse(const std::string& spec) {
  const size_t colon = spec.find(':');
  if (colon == std::string::npos) throw rebnet::Error("expected kind:seed, got " + spec);
  return rebnet::cosimtest::make_config(rebnet::cosimtest::parse_kind(spec.substr(0, colon)),
                                        std::stoull(spec.substr(colon + 1)));
}

void write(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  if (!f) throw rebnet::Error("cannot write " + path);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace rebnet;
  try {
    std::string cache, sources;
    bool describe = false;
    unsigned jobs = 2;
    std::vector<std::string> specs;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      if (a == "--cache" && i + 1 < argc) cache = argv[++i];
      else if (a == "--sources" && i + 1 < argc) sources = argv[++i];
      else if (a == "--jobs" && i + 1 < argc) jobs = static_cast<unsigned>(std::stoul(argv[++i]));
      else if (a == "--describe") describe = true;
      else specs.push_back(a);
    }
    for (const std::string& spec : specs) {
      const cosimtest::Config c = parse(spec);
      const NetworkPlan plan = plan_network(c.model, c.folding, c.name);
      if (describe) {
        std::cout << c.describe() << " (" << plan.stages.size() << " stages)\n";
      } else if (!sources.empty()) {
        const tb::RtlSources s = tb::rtl_sources(plan);
        write(sources + "/rebnet_network_pkg.sv", s.package_sv);
        write(sources + "/rebnet_network.sv", s.network_sv);
      } else {
        tb::RtlBuildOptions o;
        o.cache_dir = cache;
        o.jobs = jobs;
        std::string last;
        o.progress = [&](const std::string& stage, uint64_t, uint64_t) {
          if (stage != last) std::cout << "  " << c.name << ": " << stage << "\n" << std::flush;
          last = stage;
        };
        const tb::RtlBuild b = tb::build_rtl_twin(plan, o);
        std::cout << c.name << ": RTL twin " << b.key
                  << (b.reused ? " (cached)" : " built in " + std::to_string(b.seconds) + " s")
                  << "\n";
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cosim_prebuild: " << e.what() << "\n";
    return 1;
  }
}
