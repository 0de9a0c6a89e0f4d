// Text helpers of the generators (network_export.cpp, axi_top.cpp, accel_wrapper.cpp,
// export_scripts.cpp).
#pragma once

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace rebnet::rtlgen {

// `s` padded with spaces to `width` characters.
inline std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// `v` printed with a printf format ("%g", "%.3f").
inline std::string format_double(double v, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, v);
  return buf;
}

// (name, value) pairs of an instance's parameters or ports.
using Connections = std::vector<std::pair<std::string, std::string>>;

// The `.name (value)` lines of an instance, names aligned, commas between.
inline void write_connections(std::ostream& o, const Connections& conns) {
  size_t w = 0;
  for (const auto& c : conns) w = std::max(w, c.first.size());
  for (size_t i = 0; i < conns.size(); ++i)
    o << "    ." << pad(conns[i].first, w) << " (" << conns[i].second << ")"
      << (i + 1 < conns.size() ? ",\n" : "\n");
}

}  // namespace rebnet::rtlgen
