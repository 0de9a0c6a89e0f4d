#include "explore/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace rebnet::explore {
namespace {

std::string cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  return v.dump();
}

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// "pe/simd" of each compute layer, "-" for pools.
std::string folding_text(const nlohmann::json& folding) {
  std::string s;
  for (const auto& l : folding["layers"]) {
    if (!s.empty()) s += " ";
    s += l.contains("pe") ? std::to_string(l["pe"].get<int>()) + "/" +
                                std::to_string(l["simd"].get<int>())
                          : "-";
  }
  return s;
}

}  // namespace

const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> columns = {
      "topology", "levels_trained", "levels_run", "accuracy_float", "accuracy_int",
      "cycles_per_frame", "ideal_cycles_per_frame", "bound_by", "latency_cycles", "clock_mhz",
      "frames_per_s", "lut", "ff", "bram18", "dsp", "lutram", "cosim_images", "cosim_mismatches"};
  return columns;
}

std::string points_csv(const nlohmann::json& points) {
  std::ostringstream out;
  for (size_t i = 0; i < csv_columns().size(); ++i) out << (i ? "," : "") << csv_columns()[i];
  out << ",folding\n";
  for (const auto& p : points) {
    for (size_t i = 0; i < csv_columns().size(); ++i)
      out << (i ? "," : "") << cell(p.value(csv_columns()[i], nlohmann::json()));
    out << ",\"" << folding_text(p["folding"]) << "\"\n";
  }
  return out.str();
}

std::string report_markdown(const nlohmann::json& points, const nlohmann::json& settings,
                            const nlohmann::json& baselines, const std::string& plot_file) {
  std::ostringstream out;
  out << "# ReBNet exploration\n\n";
  out << "Settings: `" << settings.dump() << "`\n\n";
  out << "| topology | M | k | acc. float % | acc. int % | cycles/frame | ideal | bound by | "
         "latency | frames/s | LUT | FF | BRAM18 | DSP | cosim |\n"
      << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& p : points) {
    const auto num = [&](const char* k) { return p.value(k, nlohmann::json()); };
    out << "| " << cell(num("topology")) << " | " << cell(num("levels_trained")) << " | "
        << cell(num("levels_run")) << " | "
        << (num("accuracy_float").is_number() ? fixed(100 * num("accuracy_float").get<double>(), 2) : "")
        << " | " << fixed(100 * num("accuracy_int").get<double>(), 2) << " | "
        << cell(num("cycles_per_frame")) << " | " << cell(num("ideal_cycles_per_frame")) << " | `"
        << cell(num("bound_by")) << "` | " << cell(num("latency_cycles")) << " | "
        << fixed(num("frames_per_s").get<double>(), 0) << " | " << cell(num("lut")) << " | "
        << cell(num("ff")) << " | " << cell(num("bram18")) << " | " << cell(num("dsp")) << " | "
        << (num("cosim_images").is_number()
                ? cell(num("cosim_mismatches")) + " / " + cell(num("cosim_images"))
                : "")
        << " |\n";
  }
  for (const auto& [topology, accuracy] : baselines.items())
    out << "\nFloat baseline of " << topology << " (full precision, the starting point of every "
        << "M): " << fixed(100 * accuracy.get<double>(), 2) << " %\n";
  out << "\nFoldings (PE/SIMD per layer, `-` for max pool):\n\n";
  for (const auto& p : points)
    if (p["levels_run"] == p["levels_trained"])
      out << "- " << cell(p["topology"]) << " M=" << cell(p["levels_trained"]) << ": "
          << folding_text(p["folding"]) << "\n";
  out << "\nColumns: M = levels the model was trained and the hardware built for; k = levels "
         "used at run time (k <= M); accuracy on the full test set (float graph and the integer "
         "model through the golden model); cycles/frame = steady-state frame interval of the "
         "SystemC model (fast mode, identical to cycle mode) and its analytical bound; bound by "
         "= the stage that sets the interval; latency in cycles for one frame through the "
         "empty pipeline; frames/s at the clock; LUT/FF/BRAM18/DSP from yosys synth_xilinx; "
         "cosim = mismatches / images of the lockstep co-simulation of SystemC against the "
         "Verilated RTL.\n\n";
  out << "![accuracy against frames per second](" << plot_file << ")\n";
  return out.str();
}

}  // namespace rebnet::explore
