// The RTL twin of a network plan as a cached plugin: the generated top
// (rtlgen: rebnet_network.sv + rebnet_network_pkg.sv) verilated with --sc
// --trace-fst, compiled with rtl_twin_plugin.cpp into a shared object that
// `rebnet cosim` loads with dlopen.
//
// Cache layout (<cache> = --cache, default $XDG_CACHE_HOME/rebnet/cosim):
//   <cache>/<key>/librebnet_rtl_twin.so   the plugin; its presence marks a finished build
//   <cache>/<key>/src/                     generated sources, Verilator output, objects
//   <cache>/<key>/build.log, key.txt       tool output; what went into the key
//   <cache>/runtime-<key>/                 the Verilator runtime objects (shared by all builds)
//   <cache>/<key>.lock                     held while building (concurrent runs wait)
//   <cache>/runs/                          per-run working directories (RtlRunDir)
// <key> hashes everything the plugin depends on: the generated SystemVerilog,
// the rtl/*.sv it uses and the lint waivers, the Verilator and compiler
// commands and versions, the plugin sources and the RtlTwin interface version.
// The memory images are not in it: the generated package names them by the
// relative path mem/<instance>_*.mem, and RtlRunDir writes them for each run,
// so one build serves every model with the same architecture (layer shapes,
// folding, level counts and scales).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "plan/network_plan.h"
#include "rtl_twin.h"

namespace rebnet::tb {

struct RtlBuildOptions {
  std::filesystem::path cache_dir;
  unsigned jobs = 2;  // parallel compiler processes
  // Called about five times a second while building or waiting for another
  // process's build: the stage ("verilating", "compiling", "linking", "waiting"),
  // work done and total (0 when unknown).
  std::function<void(const std::string& stage, uint64_t done, uint64_t total)> progress;
};

struct RtlBuild {
  std::string key;
  std::filesystem::path dir;     // <cache>/<key>
  std::filesystem::path plugin;  // the shared object
  bool reused = false;           // found in the cache
  double seconds = 0;            // spent building
};

// The default cache directory: $XDG_CACHE_HOME/rebnet/cosim or ~/.cache/rebnet/cosim.
std::filesystem::path default_cache_dir();

// The two generated sources of `plan` (memory images under the relative "mem").
struct RtlSources {
  std::string package_sv, network_sv;
};
RtlSources rtl_sources(const NetworkPlan& plan);

std::string rtl_cache_key(const NetworkPlan& plan);

// Finds or builds the plugin. Throws rebnet::Error (with the log's tail) when a
// tool fails.
RtlBuild build_rtl_twin(const NetworkPlan& plan, const RtlBuildOptions& options);

// dlopen()s a plugin and returns its factory (the plugin stays loaded: SystemC
// keeps its objects until the process ends).
RtlTwinFactory load_rtl_twin(const std::filesystem::path& plugin);

// Writes the memory images of every MVTU of `plan` as <dir>/mem/<instance>_*.mem.
void write_memory_images(const NetworkPlan& plan, const std::filesystem::path& dir);

// A fresh directory under `parent` holding the plan's memory images, made the
// working directory of the process for its lifetime (the cached RTL reads its
// images with $readmemh from the relative path mem/ at its first evaluation);
// afterwards the previous directory is restored and the directory removed.
// Resolve relative paths given by the user before creating one.
class RtlRunDir {
 public:
  RtlRunDir(const NetworkPlan& plan, const std::filesystem::path& parent);
  ~RtlRunDir();
  RtlRunDir(const RtlRunDir&) = delete;
  RtlRunDir& operator=(const RtlRunDir&) = delete;
  const std::filesystem::path& path() const { return dir_; }

 private:
  std::filesystem::path dir_, previous_;
};

}  // namespace rebnet::tb
