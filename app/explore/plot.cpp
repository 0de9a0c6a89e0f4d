// The explore plot (explore/report.h): accuracy against frames per second, x on a
// log scale fitted to the points, ticks at round values, labels placed where they
// overlap neither another label nor a marker, and a legend for colour and size.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include "explore/report.h"

namespace rebnet::explore {
namespace {

constexpr double kWidth = 960, kHeight = 580, kLeft = 80, kRight = 200, kTop = 50, kBottom = 80;
constexpr double kCharWidth = 7.5, kTextHeight = 14;  // 13 px sans-serif, estimated
constexpr double kMaxRadius = 18;

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

std::string number(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// 150000 -> "150k", 1500000 -> "1.5M".
std::string si(double v) {
  const char* suffix = "";
  if (v >= 1e6) v /= 1e6, suffix = "M";
  else if (v >= 1e3) v /= 1e3, suffix = "k";
  const bool whole = std::fabs(v - std::round(v)) < 1e-9;
  return number(v, whole ? 0 : 1) + suffix;
}

// Tick values of a log axis over [lo, hi]: round mantissas of each decade, thinned
// to 1, 2, 5 when that would crowd the axis.
std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> all, thin;
  for (double d = std::floor(std::log10(lo)); std::pow(10.0, d) <= hi; d += 1)
    for (double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0}) {
      const double v = m * std::pow(10.0, d);
      if (v < lo || v > hi) continue;
      all.push_back(v);
      if (m == 1 || m == 2 || m == 5) thin.push_back(v);
    }
  return all.size() > 9 && thin.size() >= 3 ? thin : all;
}

// The smallest round step that cuts [lo, hi] into at most 10 intervals.
double linear_step(double lo, double hi) {
  for (double step : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0})
    if ((hi - lo) / step <= 10) return step;
  return 25;
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::string plot_svg(const nlohmann::json& points) {
  double xmin = 1e300, xmax = 1, ymin = 100, ymax = 0, lmin = 1e300, lmax = 0;
  for (const auto& p : points) {
    xmin = std::min(xmin, p["frames_per_s"].get<double>());
    xmax = std::max(xmax, p["frames_per_s"].get<double>());
    ymin = std::min(ymin, 100 * p["accuracy_int"].get<double>());
    ymax = std::max(ymax, 100 * p["accuracy_int"].get<double>());
    if (p["lut"].is_number()) {
      lmin = std::min(lmin, p["lut"].get<double>());
      lmax = std::max(lmax, p["lut"].get<double>());
    }
  }
  if (points.empty()) xmin = 1, xmax = 10, ymin = 0, ymax = 100;
  const double xlo = std::max(xmin, 1.0) / 1.3, xhi = xmax * 1.3;
  const double ystep = linear_step(ymin - 1, ymax + 1);
  const double ylo = std::floor((ymin - 1) / ystep) * ystep, yhi = std::ceil((ymax + 1) / ystep) * ystep;
  const double plot_right = kWidth - kRight, plot_bottom = kHeight - kBottom;
  const auto px = [&](double x) {
    return kLeft + std::log(std::max(x, 1.0) / xlo) / std::log(xhi / xlo) * (plot_right - kLeft);
  };
  const auto py = [&](double y) { return kTop + (yhi - y) / (yhi - ylo) * (plot_bottom - kTop); };
  const auto radius = [&](const nlohmann::json& p) {
    return p["lut"].is_number() ? std::max(4.0, kMaxRadius * std::sqrt(p["lut"].get<double>() / lmax))
                                : 6.0;
  };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                  "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"};
  const auto colour = [&](int m) { return colours[(m - 1) % 8]; };

  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << kHeight
    << "\" font-family=\"sans-serif\" font-size=\"13\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << (kLeft + plot_right) / 2 << "\" y=\"28\" text-anchor=\"middle\" "
       "font-size=\"17\">Test accuracy against throughput, per trained (M) and run-time (k) "
       "level count</text>\n";
  // Grid, ticks and axes.
  s << "<g stroke=\"#ddd\">\n";
  for (double x : log_ticks(xlo, xhi))
    s << "<line x1=\"" << px(x) << "\" y1=\"" << kTop << "\" x2=\"" << px(x) << "\" y2=\""
      << plot_bottom << "\"/>\n";
  for (double y = ylo; y <= yhi + 1e-9; y += ystep)
    s << "<line x1=\"" << kLeft << "\" y1=\"" << py(y) << "\" x2=\"" << plot_right << "\" y2=\""
      << py(y) << "\"/>\n";
  s << "</g>\n<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << plot_right - kLeft
    << "\" height=\"" << plot_bottom - kTop << "\" fill=\"none\" stroke=\"black\"/>\n";
  for (double x : log_ticks(xlo, xhi))
    s << "<text x=\"" << px(x) << "\" y=\"" << plot_bottom + 18 << "\" text-anchor=\"middle\">"
      << si(x) << "</text>\n";
  for (double y = ylo; y <= yhi + 1e-9; y += ystep)
    s << "<text x=\"" << kLeft - 8 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">"
      << number(y, ystep < 1 ? 1 : 0) << "</text>\n";
  s << "<text x=\"" << (kLeft + plot_right) / 2 << "\" y=\"" << kHeight - 30
    << "\" text-anchor=\"middle\">throughput (frames per second at the clock, log scale)</text>\n"
    << "<text transform=\"translate(26," << (kTop + plot_bottom) / 2
    << ") rotate(-90)\" text-anchor=\"middle\">test accuracy of the integer model (%)</text>\n";

  // Markers first, then labels placed clear of markers and earlier labels.
  std::vector<Box> taken;
  for (const auto& p : points) {
    const double x = px(p["frames_per_s"].get<double>()), y = py(100 * p["accuracy_int"].get<double>());
    const double r = radius(p);
    s << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"" << r << "\" fill=\""
      << colour(p["levels_trained"].get<int>()) << "\" fill-opacity=\"0.6\" stroke=\"black\"/>\n";
    taken.push_back({x - r, y - r, x + r, y + r});
  }
  for (const auto& p : points) {
    const double x = px(p["frames_per_s"].get<double>()), y = py(100 * p["accuracy_int"].get<double>());
    const double r = radius(p);
    const std::string text = xml_escape(p["topology"].get<std::string>()) + " (M" +
                             std::to_string(p["levels_trained"].get<int>()) + ", k" +
                             std::to_string(p["levels_run"].get<int>()) + ")";
    const double w = kCharWidth * static_cast<double>(text.size()), h = kTextHeight;
    // Right, left, above, below, then further out to the right and left.
    const double candidates[][2] = {{x + r + 4, y - h / 2},     {x - r - 4 - w, y - h / 2},
                                    {x - w / 2, y - r - 4 - h}, {x - w / 2, y + r + 4},
                                    {x + r + 4, y - h * 1.6},   {x - r - 4 - w, y + h * 0.6},
                                    {x + r + 4, y + h * 0.6},   {x - r - 4 - w, y - h * 1.6}};
    Box chosen{candidates[0][0], candidates[0][1], candidates[0][0] + w, candidates[0][1] + h};
    for (const auto& c : candidates) {
      const Box b{c[0], c[1], c[0] + w, c[1] + h};
      const bool inside = b.x0 >= kLeft && b.x1 <= plot_right && b.y0 >= kTop && b.y1 <= plot_bottom;
      if (inside && std::none_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); })) {
        chosen = b;
        break;
      }
    }
    taken.push_back(chosen);
    s << "<text x=\"" << chosen.x0 << "\" y=\"" << chosen.y1 - 3 << "\">" << text << "</text>\n";
  }

  // Legend: colour = trained levels; marker area = LUTs.
  double ly = kTop + 10;
  const double lx = plot_right + 20;
  s << "<text x=\"" << lx << "\" y=\"" << ly << "\" font-weight=\"bold\">trained levels</text>\n";
  std::vector<int> trained;
  for (const auto& p : points) trained.push_back(p["levels_trained"].get<int>());
  std::sort(trained.begin(), trained.end());
  trained.erase(std::unique(trained.begin(), trained.end()), trained.end());
  for (int m : trained) {
    ly += 22;
    s << "<circle cx=\"" << lx + 8 << "\" cy=\"" << ly - 4 << "\" r=\"7\" fill=\"" << colour(m)
      << "\" fill-opacity=\"0.6\" stroke=\"black\"/>\n<text x=\"" << lx + 22 << "\" y=\"" << ly
      << "\">M = " << m << "</text>\n";
  }
  if (lmax > 0) {
    ly += 40;
    s << "<text x=\"" << lx << "\" y=\"" << ly << "\" font-weight=\"bold\">marker area: LUTs</text>\n";
    for (double lut : {lmin, lmax}) {
      const double r = std::max(4.0, kMaxRadius * std::sqrt(lut / lmax));
      ly += 2 * kMaxRadius + 6;
      s << "<circle cx=\"" << lx + kMaxRadius << "\" cy=\"" << ly - 4 << "\" r=\"" << r
        << "\" fill=\"#bbb\" stroke=\"black\"/>\n<text x=\"" << lx + 2 * kMaxRadius + 8 << "\" y=\""
        << ly << "\">" << number(lut, 0) << " LUT</text>\n";
    }
  }
  s << "</svg>\n";
  return s.str();
}

}  // namespace rebnet::explore
