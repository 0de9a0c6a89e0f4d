#include "rtlgen/network_export.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "rtlgen/accel_wrapper.h"
#include "rtlgen/axi_top.h"
#include "rtlgen/export_scripts.h"
#include "rtlgen/mem_images.h"
#include "rtlgen/sv_text.h"

namespace rebnet::rtlgen {
namespace fs = std::filesystem;
namespace {

// An export's subdirectories: the copied checked-in files (the blocks and the lint
// waivers) and the memory images.
constexpr const char* kCopiedRtlDir = "rtl";
constexpr const char* kMemDir = "mem";
constexpr const char* kLintWaiversFile = "lint_waivers.vlt";

// One parameter of a stage: its RTL name, the localparam type ("" = untyped, for
// file-name strings) and the SystemVerilog value.
struct Param {
  std::string name;
  std::string type;
  std::string value;
};

std::string uint_value(uint32_t v) { return std::to_string(v); }

Param uint_param(const char* name, uint32_t v) { return {name, "int unsigned", uint_value(v)}; }

// Scales packed as the RTL's parameter: G_1 in bits [7:0].
std::string scales_value(const std::vector<uint32_t>& scales) {
  std::string hex;
  char byte[3];
  for (size_t l = scales.size(); l-- > 0;) {
    std::snprintf(byte, sizeof(byte), "%02x", scales[l] & 0xffu);
    hex += byte;
  }
  return std::to_string(8 * scales.size()) + "'h" + hex;
}

std::string quoted(const std::string& p) { return "\"" + p + "\""; }

fs::path image_prefix(const fs::path& mem_dir, const Stage& s) {
  return mem_dir / (s.name + "_");
}

const char* module_of(StageKind kind) {
  switch (kind) {
    case StageKind::PixelEncoder: return "rebnet_pixel_encoder";
    case StageKind::WidthConverter: return "rebnet_width_converter";
    case StageKind::SlidingWindow: return "rebnet_sliding_window";
    case StageKind::Mvtu: return "rebnet_mvtu";
    case StageKind::MaxPool: return "rebnet_max_pool";
    case StageKind::LabelSelect: return "rebnet_label_select";
  }
  return "unknown";
}

// The RTL parameters of a stage, in the module's parameter order.
std::vector<Param> stage_params(const Stage& s, const fs::path& mem_dir,
                                MemChoice weight_mem = {}, MemChoice threshold_mem = {}) {
  std::vector<Param> p;
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, PixelEncoderConfig>) {
          p = {uint_param("Elems", c.Elems), uint_param("PixelLevels", c.PixelLevels)};
        } else if constexpr (std::is_same_v<C, WidthConverterConfig>) {
          p = {uint_param("InElems", c.InElems), uint_param("OutElems", c.OutElems),
               uint_param("VectorElems", c.VectorElems), uint_param("ElemBits", c.ElemBits)};
        } else if constexpr (std::is_same_v<C, SlidingWindowConfig>) {
          p = {uint_param("Channels", c.Channels), uint_param("InWidth", c.InWidth),
               uint_param("InHeight", c.InHeight), uint_param("Kernel", c.Kernel),
               uint_param("Simd", c.Simd),         uint_param("ElemBits", c.ElemBits)};
        } else if constexpr (std::is_same_v<C, MvtuConfig>) {
          p = {uint_param("MatrixW", c.MatrixW), uint_param("MatrixH", c.MatrixH),
               uint_param("Simd", c.Simd),       uint_param("Pe", c.Pe),
               uint_param("LevelsIn", c.LevelsIn), uint_param("LevelsOut", c.LevelsOut)};
          p.push_back(Param{"PixelInput", "bit", c.PixelInput ? "1'b1" : "1'b0"});
          p.push_back(Param{"Scales", "logic [" + std::to_string(8 * c.LevelsIn - 1) + ":0]",
                            scales_value(c.Scales)});
          p.push_back(uint_param("OutFifoDepth", c.OutFifoDepth));
          const std::string prefix = image_prefix(mem_dir, s).string();
          const std::vector<std::string> images = mvtu_image_paths(c, prefix);
          p.push_back(Param{"WeightFile", "", quoted(images[0])});
          if (c.last())
            p.push_back(Param{"ScoreFile", "", quoted(images[1])});
          else  // the lane images' base name: the RTL appends _lane<3 digits>.mem
            p.push_back(Param{"ThresholdFile", "", quoted(threshold_file_base(prefix))});
          p.push_back(
              Param{"WeightMemStyle", "", quoted(to_string(weight_mem_style(c, weight_mem)))});
          // The last layer has scores, no threshold tables.
          if (!c.last())
            p.push_back(Param{"ThresholdMemStyle", "",
                              quoted(to_string(threshold_mem_style(c, threshold_mem)))});
        } else if constexpr (std::is_same_v<C, MaxPoolConfig>) {
          p = {uint_param("Channels", c.Channels), uint_param("InWidth", c.InWidth),
               uint_param("InHeight", c.InHeight), uint_param("Elems", c.Elems),
               uint_param("ElemBits", c.ElemBits)};
        } else if constexpr (std::is_same_v<C, LabelSelectConfig>) {
          p = {uint_param("Classes", c.Classes), uint_param("Pe", c.Pe)};
        }
      },
      s.config);
  return p;
}

std::string stream_width_param(const Stage& s) { return param_prefix(s) + "OutBits"; }

void write_text(const fs::path& path, const std::string& text, ExportedFiles& files) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) throw Error("cannot write " + path.string());
  out << text;
  out.close();
  if (!out) throw Error("cannot write " + path.string());
  files.files.push_back(path);
}

bool has_kind(const NetworkPlan& plan, StageKind kind) {
  return std::any_of(plan.stages.begin(), plan.stages.end(),
                     [&](const Stage& s) { return s.kind() == kind; });
}

// Path components of a normalized absolute path.
bool starts_with_path(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty()) continue;  // trailing separator
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

}  // namespace

const std::vector<Board>& boards() {
  static const std::vector<Board> list = {
      {"pynq-z2", "xc7z020clg400-1", "xc7"},
      {"zcu104", "xczu7ev-ffvc1156-2-e", "xcup"},
  };
  return list;
}

const Board& find_board(const std::string& name) {
  std::string names;
  for (const Board& b : boards()) {
    if (b.name == name) return b;
    names += (names.empty() ? "" : ", ") + b.name;
  }
  throw Error("unknown board '" + name + "' (supported: " + names + ")");
}

fs::path source_dir() { return fs::path(REBNET_SOURCE_DIR); }
fs::path default_rtl_dir() { return source_dir() / "rtl"; }

void add_rtl_sources(ContentHash& hash) {
  std::vector<fs::path> rtl;
  for (const auto& e : fs::directory_iterator(default_rtl_dir()))
    if (e.path().extension() == ".sv") rtl.push_back(e.path());
  std::sort(rtl.begin(), rtl.end());
  for (const fs::path& f : rtl) hash.add_file(f.filename().string(), f);
}

void refuse_inside_source(const fs::path& out, const std::string& option) {
  const fs::path dir = fs::weakly_canonical(fs::absolute(out));
  const fs::path src = fs::weakly_canonical(source_dir());
  if (starts_with_path(dir, src))
    throw Error(option + " " + out.string() + " lies inside the source tree " + src.string() +
                "; generated files never go there (use a build or output directory)");
}

std::string param_prefix(const Stage& stage) {
  std::string base = stage.name.rfind("u_", 0) == 0 ? stage.name.substr(2) : stage.name;
  std::string out;
  bool upper = true;
  for (char ch : base) {
    if (ch == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch))) : ch;
    upper = false;
  }
  return out;
}

std::vector<std::string> rtl_files(const NetworkPlan& plan) {
  std::vector<std::string> files;
  if (has_kind(plan, StageKind::Mvtu))
    files = {"rebnet_pkg.sv",           "rebnet_stream_fifo.sv",   "rebnet_weight_mem.sv",
             "rebnet_xnor_array.sv",    "rebnet_popcount_tree.sv", "rebnet_level_sequencer.sv",
             "rebnet_threshold_unit.sv", "rebnet_mvtu.sv"};
  if (has_kind(plan, StageKind::WidthConverter)) files.push_back("rebnet_width_converter.sv");
  if (has_kind(plan, StageKind::SlidingWindow)) files.push_back("rebnet_sliding_window.sv");
  files.push_back("rebnet_pixel_encoder.sv");
  if (has_kind(plan, StageKind::MaxPool)) files.push_back("rebnet_max_pool.sv");
  files.push_back("rebnet_label_select.sv");
  return files;
}

std::string network_package_sv(const NetworkPlan& plan, const std::string& header,
                               const fs::path& mem_dir, MemChoice weight_mem,
                               MemChoice threshold_mem) {
  std::ostringstream o;
  o << "// " << header << "\n"
    << "// Parameters of rebnet_network (rebnet_network.sv): one group per stage in stream\n"
    << "// order, named <Stage><Param> after the instance (u_l0_mvtu: L0MvtuMatrixW, ...);\n"
    << "// <Stage>OutBits is the width of the stage's output stream <stream>_data.\n"
    << "package rebnet_network_pkg;\n\n"
    << "  // Top-level streams: in_data_i (InputElems pixels) and out_data_o (label + scores).\n"
    << "  localparam int unsigned InBits  = " << plan.in_bits() << ";\n"
    << "  localparam int unsigned OutBits = " << plan.out_bits() << ";\n";
  for (size_t i = 0; i < plan.stages.size(); ++i) {
    const Stage& s = plan.stages[i];
    const std::string prefix = param_prefix(s);
    std::vector<Param> params = stage_params(s, mem_dir, weight_mem, threshold_mem);
    if (i + 1 < plan.stages.size()) params.push_back(uint_param("OutBits", s.out_bits));
    size_t type_w = 0, name_w = 0;
    for (const Param& p : params) {
      type_w = std::max(type_w, p.type.size());
      name_w = std::max(name_w, prefix.size() + p.name.size());
    }
    o << "\n  // " << s.name << " (" << module_of(s.kind()) << ")";
    if (s.layer >= 0) o << ", model layer " << s.layer;
    o << "\n";
    for (const Param& p : params)
      o << "  localparam " << pad(p.type, type_w) << " " << pad(prefix + p.name, name_w) << " = "
        << p.value << ";\n";
  }
  o << "\n  // Not used by rebnet_network itself: for wrappers and testbenches.\n"
    << "  /* verilator lint_off UNUSEDPARAM */\n"
    << "  localparam int unsigned MaxLevels    = " << plan.max_levels
    << ";  // largest run-time level count k\n"
    << "  localparam int unsigned InputElems   = " << plan.input_elems
    << ";  // pixels per input word\n"
    << "  localparam int unsigned Classes      = " << plan.classes << ";\n"
    << "  localparam int unsigned FrameInWords = " << plan.frame_in_words
    << ";  // input words per frame\n"
    << "  /* verilator lint_on UNUSEDPARAM */\n\n"
    << "endpackage\n";
  return o.str();
}

std::string network_sv(const NetworkPlan& plan, const std::string& header) {
  const size_t n = plan.stages.size();
  const std::string pkg = "rebnet_network_pkg::";
  std::ostringstream o;
  o << "// " << header << "\n"
    << "// rebnet_network: the accelerator pipeline of docs/microarchitecture.md (\"Network\"),\n"
    << "// the RTL twin of systemc/rebnet_network.cpp built from the same plan: the same\n"
    << "// instance names, stream names (<stream>_valid/_ready/_data, the output of u_<stream>)\n"
    << "// and parameters (rebnet_network_pkg). Folding: " << folding_json(plan.folding).dump()
    << "\n//\n// Pipeline, in stream order:\n";
  for (size_t i = 0; i < n; ++i) {
    const Stage& s = plan.stages[i];
    o << "//   " << pad(s.name, 18) << pad(module_of(s.kind()), 24)
      << (i + 1 < n ? s.stream + "_data" : std::string("out_data_o")) << " [" << s.out_bits
      << " bits]\n";
  }
  o << "//\n// Ports: in_data_i holds " << plan.input_elems
    << " pixels (pixel e at [8e +: 8]), " << plan.frame_in_words << " words per frame;\n"
    << "// out_data_o is one word per frame: the label at [15:0], score j at [16 + 48j +: 48]\n"
    << "// (signed). levels_i is the run-time level count k (1.." << plan.max_levels
    << "),\n// changed only while the network is empty.\n";

  const std::string in_w = "[" + pkg + "InBits-1:0]";
  const std::string out_w = "[" + pkg + "OutBits-1:0]";
  const size_t tw = std::max(in_w.size(), out_w.size());
  auto port = [&](const char* dir, const std::string& range, const char* name, bool last) {
    o << "  " << dir << " logic " << pad(range, tw) << " " << name << (last ? "\n" : ",\n");
  };
  o << "module rebnet_network (\n";
  port("input ", "", "clk_i", false);
  port("input ", "", "rst_ni", false);
  port("input ", "[3:0]", "levels_i", false);
  port("input ", "", "in_valid_i", false);
  port("output", "", "in_ready_o", false);
  port("input ", in_w, "in_data_i", false);
  port("output", "", "out_valid_o", false);
  port("input ", "", "out_ready_i", false);
  port("output", out_w, "out_data_o", true);
  o << ");\n\n";

  // Streams between the stages.
  o << "  // ------------------------------------------------------------ streams\n"
    << "  // Readable from a Verilator testbench (public_flat_rd) for lockstep comparison.\n";
  size_t sw = 0, nw = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    sw = std::max(sw, ("[" + pkg + stream_width_param(plan.stages[i]) + "-1:0]").size());
    nw = std::max(nw, plan.stages[i].stream.size() + 6);
  }
  for (size_t i = 0; i + 1 < n; ++i) {
    const Stage& s = plan.stages[i];
    const std::string range = "[" + pkg + stream_width_param(s) + "-1:0]";
    o << "  logic " << pad("", sw) << " " << pad(s.stream + "_valid", nw)
      << " /*verilator public_flat_rd*/;\n"
      << "  logic " << pad("", sw) << " " << pad(s.stream + "_ready", nw)
      << " /*verilator public_flat_rd*/;\n"
      << "  logic " << pad(range, sw) << " " << pad(s.stream + "_data", nw)
      << " /*verilator public_flat_rd*/;\n";
  }

  for (size_t i = 0; i < n; ++i) {
    const Stage& s = plan.stages[i];
    const std::string prefix = param_prefix(s);
    const std::vector<Param> params = stage_params(s, {});
    o << "\n  // ------------------------------------------------------------ " << s.name;
    if (s.layer >= 0) o << " (layer " << s.layer << ")";
    o << "\n  " << module_of(s.kind()) << " #(\n";
    Connections values;
    for (const Param& p : params) values.push_back({p.name, pkg + prefix + p.name});
    write_connections(o, values);
    o << "  ) " << s.name << " (\n";
    Connections conns;
    if (s.kind() != StageKind::PixelEncoder) {
      conns.push_back({"clk_i", "clk_i"});
      conns.push_back({"rst_ni", "rst_ni"});
    }
    if (s.kind() == StageKind::Mvtu) conns.push_back({"levels_i", "levels_i"});
    const std::string in = i == 0 ? std::string() : plan.stages[i - 1].stream;
    conns.push_back({"in_valid_i", i == 0 ? "in_valid_i" : in + "_valid"});
    conns.push_back({"in_ready_o", i == 0 ? "in_ready_o" : in + "_ready"});
    conns.push_back({"in_data_i", i == 0 ? "in_data_i" : in + "_data"});
    conns.push_back({"out_valid_o", i + 1 == n ? "out_valid_o" : s.stream + "_valid"});
    conns.push_back({"out_ready_i", i + 1 == n ? "out_ready_i" : s.stream + "_ready"});
    conns.push_back({"out_data_o", i + 1 == n ? "out_data_o" : s.stream + "_data"});
    write_connections(o, conns);
    o << "  );\n";
  }
  o << "\nendmodule\n";
  return o.str();
}

ExportedFiles export_rtl(const NetworkPlan& plan, const ExportOptions& options,
                         const fs::path& out_dir) {
  const Board& board = find_board(options.board);
  if (!(options.clock_mhz > 0 && options.clock_mhz <= 1000))
    throw Error("clock " + format_double(options.clock_mhz, "%g") +
                " MHz is outside (0, 1000]");
  const fs::path rtl_dir =
      fs::weakly_canonical(options.rtl_dir.empty() ? default_rtl_dir() : options.rtl_dir);
  // Checked-in files the export copies into DIR/rtl: the network's blocks, the bridge
  // and the lint waivers.
  std::vector<std::string> copied = rtl_files(plan);
  copied.push_back(kAxiBridgeFile);
  copied.push_back(kLintWaiversFile);
  for (const std::string& f : copied)
    if (!fs::is_regular_file(rtl_dir / f))
      throw Error("RTL source " + (rtl_dir / f).string() + " not found");

  ExportedFiles files;
  std::error_code ec;
  for (const char* sub : {kCopiedRtlDir, kMemDir}) {
    fs::create_directories(out_dir / sub, ec);
    if (ec) throw Error("cannot create " + (out_dir / sub).string() + ": " + ec.message());
  }
  files.dir = fs::weakly_canonical(fs::absolute(out_dir));
  // File names only: no path of the machine that exported ends up in the export.
  const std::string header = "generated from " +
                             fs::path(options.model_name).filename().string() + " and " +
                             fs::path(options.folding_name).filename().string() +
                             " by rebnet export-rtl - do not edit";

  ExportLayout layout;
  for (const std::string& f : copied) {
    const fs::path rel = fs::path(kCopiedRtlDir) / f;
    fs::copy_file(rtl_dir / f, files.dir / rel, fs::copy_options::overwrite_existing, ec);
    if (ec) throw Error("cannot copy " + (rtl_dir / f).string() + ": " + ec.message());
    files.files.push_back(files.dir / rel);
    if (f == kLintWaiversFile)
      layout.lint_waivers = rel;
    else if (f == kAxiBridgeFile)
      layout.top_sources.push_back(rel);
    else
      layout.network_sources.push_back(rel);
  }

  for (const Stage& s : plan.stages)
    if (const auto* m = std::get_if<MvtuConfig>(&s.config)) {
      write_mvtu_images(*m, (files.dir / image_prefix(kMemDir, s)).string());
      for (const std::string& p : mvtu_image_paths(*m, image_prefix(kMemDir, s).string())) {
        layout.memory_images.push_back(p);
        files.files.push_back(files.dir / p);
      }
    }

  files.package = files.dir / "rebnet_network_pkg.sv";
  files.network = files.dir / "rebnet_network.sv";
  files.axi_top = files.dir / "rebnet_axi_top.sv";
  files.wrapper = files.dir / (std::string(kAccelModule) + ".v");
  write_text(files.package,
             network_package_sv(plan, header, kMemDir, options.weight_mem, options.threshold_mem),
             files);
  write_text(files.network, network_sv(plan, header), files);
  write_text(files.axi_top, axi_top_sv(plan, header), files);
  write_text(files.wrapper, accel_wrapper_v(plan, header), files);
  layout.network_sources.push_back(files.package.filename());
  layout.network_sources.push_back(files.network.filename());
  layout.top_sources.push_back(files.axi_top.filename());
  layout.wrapper = files.wrapper.filename();

  files.file_list = files.dir / "rebnet_network.f";
  files.yosys_script = files.dir / "synth.ys";
  files.vivado_script = files.dir / "vivado.tcl";
  files.readme = files.dir / "README.md";
  write_text(files.file_list, file_list_text(layout, header), files);
  write_text(files.yosys_script, yosys_script(layout, header, board), files);
  write_text(files.dir / "constraints.xdc", constraints_xdc(header, board, options.clock_mhz),
             files);
  write_text(files.vivado_script, vivado_script(layout, header, board, options.clock_mhz),
             files);
  write_text(files.readme, readme_md(layout, plan, header, board, options.clock_mhz), files);
  return files;
}

}  // namespace rebnet::rtlgen
