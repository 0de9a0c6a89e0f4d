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

std::string xml_escape(const std::string& s) {
  std::string r;
  for (char c : s) {
    if (c == '<') r += "&lt;";
    else if (c == '>') r += "&gt;";
    else if (c == '&') r += "&amp;";
    else r += c;
  }
  return r;
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
                            const std::string& plot_file) {
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

std::string plot_svg(const nlohmann::json& points) {
  const double width = 800, height = 520, left = 90, right = 30, top = 40, bottom = 70;
  double xmin = 1e300, xmax = 0, ymin = 100, ymax = 0, lmax = 1;
  for (const auto& p : points) {
    const double x = p["frames_per_s"].get<double>(), y = 100 * p["accuracy_int"].get<double>();
    xmin = std::min(xmin, x);
    xmax = std::max(xmax, x);
    ymin = std::min(ymin, y);
    ymax = std::max(ymax, y);
    if (p["lut"].is_number()) lmax = std::max(lmax, p["lut"].get<double>());
  }
  if (points.empty()) xmin = 1, xmax = 10, ymin = 0, ymax = 100;
  // Log-scale x over whole decades around the points; y padded by a point.
  const double lx0 = std::floor(std::log10(std::max(xmin, 1.0))),
               lx1 = std::max(lx0 + 1, std::ceil(std::log10(std::max(xmax, 1.0)) + 1e-9));
  ymin = std::floor(ymin - 1);
  ymax = std::ceil(ymax + 1);
  const auto px = [&](double x) {
    return left + (std::log10(std::max(x, 1.0)) - lx0) / (lx1 - lx0) * (width - left - right);
  };
  const auto py = [&](double y) {
    return top + (ymax - y) / (ymax - ymin) * (height - top - bottom);
  };
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" font-family=\"sans-serif\" font-size=\"13\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
       "Accuracy against throughput (marker area: LUTs; label: M trained, k run)</text>\n";
  // Axes, grid and ticks.
  s << "<g stroke=\"#ccc\">\n";
  for (double d = lx0; d <= lx1 + 1e-9; d += 1) {
    for (int m = 1; m < 10 && d + std::log10(m) <= lx1 + 1e-9; ++m) {
      const double x = px(std::pow(10.0, d) * m);
      s << "<line x1=\"" << x << "\" y1=\"" << top << "\" x2=\"" << x << "\" y2=\""
        << height - bottom << "\"" << (m == 1 ? "" : " stroke-dasharray=\"2,4\"") << "/>\n";
    }
  }
  const double ystep = (ymax - ymin) > 10 ? 2 : ((ymax - ymin) > 4 ? 1 : 0.5);
  for (double y = ymin; y <= ymax + 1e-9; y += ystep)
    s << "<line x1=\"" << left << "\" y1=\"" << py(y) << "\" x2=\"" << width - right
      << "\" y2=\"" << py(y) << "\"/>\n";
  s << "</g>\n<g stroke=\"black\">\n<line x1=\"" << left << "\" y1=\"" << height - bottom
    << "\" x2=\"" << width - right << "\" y2=\"" << height - bottom << "\"/>\n<line x1=\""
    << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << height - bottom
    << "\"/>\n</g>\n";
  for (double d = lx0; d <= lx1 + 1e-9; d += 1)
    s << "<text x=\"" << px(std::pow(10.0, d)) << "\" y=\"" << height - bottom + 18
      << "\" text-anchor=\"middle\">1e" << d << "</text>\n";
  for (double y = ymin; y <= ymax + 1e-9; y += ystep)
    s << "<text x=\"" << left - 8 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">"
      << fixed(y, ystep < 1 ? 1 : 0) << "</text>\n";
  s << "<text x=\"" << (left + width - right) / 2 << "\" y=\"" << height - 20
    << "\" text-anchor=\"middle\">throughput (frames per second, log scale)</text>\n"
    << "<text transform=\"translate(24," << (top + height - bottom) / 2
    << ") rotate(-90)\" text-anchor=\"middle\">test accuracy of the integer model (%)</text>\n";
  // Points: one colour per trained level count.
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                  "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};
  for (const auto& p : points) {
    const double x = px(p["frames_per_s"].get<double>()),
                 y = py(100 * p["accuracy_int"].get<double>());
    const double lut = p["lut"].is_number() ? p["lut"].get<double>() : lmax / 4;
    const double r = 4 + 12 * std::sqrt(lut / lmax);
    const int m = p["levels_trained"].get<int>();
    s << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"" << r << "\" fill=\""
      << colours[(m - 1) % 8] << "\" fill-opacity=\"0.55\" stroke=\"black\"/>\n"
      << "<text x=\"" << x + r + 3 << "\" y=\"" << y - 3 << "\">"
      << xml_escape(p["topology"].get<std::string>()) << " (M" << m << ", k"
      << p["levels_run"].get<int>() << ")</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

}  // namespace rebnet::explore
