#include "gtkw.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "contract/error.h"

namespace rebnet::tb {
namespace fs = std::filesystem;

namespace {

// GTKWave trace flags (gtkwave's TraceEntFlagBits).
constexpr const char* kHex = "@22";        // right-justified hex
constexpr const char* kDec = "@24";        // right-justified decimal
constexpr const char* kBin = "@28";        // right-justified binary (1-bit signals)
constexpr const char* kGroupOpen = "@800200";
constexpr const char* kGroupOpenEnd = "@1000200";
constexpr const char* kGroupClosed = "@c00200";
constexpr const char* kGroupClosedEnd = "@1401200";

std::string join_scope(const std::vector<std::string>& stack) {
  std::string s;
  for (const std::string& p : stack) s += (s.empty() ? "" : ".") + p;
  return s;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<VcdVar> read_vcd_vars(std::istream& in) {
  std::vector<VcdVar> vars;
  std::vector<std::string> stack;
  std::string tok;
  auto next = [&](const char* what) {
    if (!(in >> tok)) throw Error(std::string("VCD header ends inside ") + what);
    return tok;
  };
  while (in >> tok) {
    if (tok == "$enddefinitions") {
      if (next("$enddefinitions") != "$end") throw Error("VCD: $enddefinitions without $end");
      if (!stack.empty()) throw Error("VCD: " + std::to_string(stack.size()) + " unclosed $scope");
      return vars;
    }
    if (tok == "$scope") {
      next("$scope");  // type
      stack.push_back(next("$scope"));
      if (next("$scope") != "$end") throw Error("VCD: $scope " + stack.back() + " without $end");
    } else if (tok == "$upscope") {
      if (stack.empty()) throw Error("VCD: $upscope outside any $scope");
      stack.pop_back();
      if (next("$upscope") != "$end") throw Error("VCD: $upscope without $end");
    } else if (tok == "$var") {
      VcdVar v;
      next("$var");  // type
      v.width = static_cast<uint32_t>(std::stoul(next("$var")));
      v.id = next("$var");
      v.name = next("$var");
      if (next("$var") != "$end") {
        v.range = tok;
        if (next("$var") != "$end") throw Error("VCD: $var " + v.name + " without $end");
      }
      // A range glued to the name ("x[3:0]") is split off.
      if (const size_t b = v.name.find('['); v.range.empty() && b != std::string::npos) {
        v.range = v.name.substr(b);
        v.name.resize(b);
      }
      v.scope = join_scope(stack);
      vars.push_back(std::move(v));
    } else if (tok.size() > 1 && tok[0] == '$' && tok != "$end") {
      while (next(tok.c_str()) != "$end") {
      }  // $date, $version, $timescale, $comment: skip to $end
    } else {
      throw Error("VCD header: unexpected token '" + tok + "'");
    }
  }
  throw Error("VCD: no $enddefinitions");
}

std::vector<VcdVar> read_vcd_vars(const fs::path& vcd) {
  std::ifstream in(vcd);
  if (!in) throw Error("cannot read " + vcd.string());
  try {
    return read_vcd_vars(in);
  } catch (const Error& e) {
    throw Error(vcd.string() + ": " + e.what());
  }
}

std::optional<std::vector<VcdVar>> read_fst_vars(const fs::path& fst) {
  const std::string cmd = "fst2vcd -f '" + fst.string() + "' 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string header;
  char line[4096];
  bool complete = false;
  while (std::fgets(line, sizeof(line), pipe)) {
    header += line;
    if (std::string(line).find("$enddefinitions") != std::string::npos) {
      complete = true;
      break;
    }
  }
  ::pclose(pipe);
  if (!complete) return std::nullopt;
  std::istringstream in(header);
  try {
    return read_vcd_vars(in);
  } catch (const Error&) {
    return std::nullopt;
  }
}

namespace {

// The key two twins' names of one signal share: the scope without generate
// blocks (g_hidden, g_last; not indexed ones like g_pe[0]) and the name
// without its range (SystemC writes 1-bit counters without "[0:0]").
std::string match_key(const VcdVar& v) {
  std::string key;
  size_t start = 0;
  while (start <= v.scope.size()) {
    size_t dot = v.scope.find('.', start);
    if (dot == std::string::npos) dot = v.scope.size();
    const std::string part = v.scope.substr(start, dot - start);
    if (!(part.rfind("g_", 0) == 0 && part.find('[') == std::string::npos)) key += part + ".";
    start = dot + 1;
  }
  return key + v.name;
}

// a < b with digit runs compared as numbers (g_pe[2] before g_pe[10]).
bool natural_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      const unsigned long long x = std::stoull(a.substr(i, ie - i)), y = std::stoull(b.substr(j, je - j));
      if (x != y) return x < y;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

GtkwSummary write_gtkw(const fs::path& out, const NetworkPlan& plan,
                       const std::vector<VcdVar>& vars, const std::vector<VcdVar>* also_in,
                       const std::string& top, const std::string& dumpfile,
                       const std::string& comment) {
  std::set<std::string> other;
  std::map<std::string, std::vector<const VcdVar*>> other_by_key;
  if (also_in)
    for (const VcdVar& v : *also_in) {
      other.insert(v.full());
      other_by_key[match_key(v)].push_back(&v);
    }
  GtkwSummary summary;
  std::set<std::string> seen;
  std::ostringstream o;
  o << "[*]\n[*] " << comment << "\n[*] opens either trace: gtkwave <model.vcd | rtl.fst> "
    << out.filename().string()
    << "\n[*] where the twins name a signal differently both names are listed; each viewer"
    << "\n[*] shows the one its trace has\n[*]\n"
    << "[dumpfile] \"" << dumpfile << "\"\n"
    << "[timestart] 0\n[size] 1600 1000\n[pos] -1 -1\n"
    << "[treeopen] " << top << ".\n"
    << "[sst_width] 260\n[signals_width] 360\n[sst_expanded] 1\n[sst_vpaned_height] 300\n";

  auto find = [&](const std::string& scope, const std::string& name) -> const VcdVar* {
    for (const VcdVar& v : vars)
      if (v.scope == scope && v.name == name) return &v;
    return nullptr;
  };
  // The names to list for `v`: itself when both traces have it, else itself
  // and the other trace's counterpart; nothing when there is none.
  auto names_of = [&](const VcdVar& v) {
    std::vector<const VcdVar*> list;
    if (!also_in || other.count(v.full())) {
      list.push_back(&v);
      return list;
    }
    const auto it = other_by_key.find(match_key(v));
    if (it == other_by_key.end()) return list;
    list.push_back(&v);
    for (const VcdVar* r : it->second) list.push_back(r);
    return list;
  };
  auto group = [&](const std::string& label, bool closed, const std::vector<const VcdVar*>& vs,
                   const char* format) {
    std::vector<const VcdVar*> lines;
    for (const VcdVar* v : vs) {
      if (!v) continue;
      const std::vector<const VcdVar*> names = names_of(*v);
      if (names.empty()) ++summary.left_out;
      for (const VcdVar* n : names)
        if (seen.insert(n->full()).second) lines.push_back(n);
    }
    if (lines.empty()) return;
    o << (closed ? kGroupClosed : kGroupOpen) << "\n-" << label << "\n";
    for (const VcdVar* v : lines) {
      o << (v->width == 1 && v->range.empty() ? kBin : format) << "\n" << v->full() << "\n";
      ++summary.signals;
    }
    o << (closed ? kGroupClosedEnd : kGroupOpenEnd) << "\n-" << label << "\n";
  };

  // The network's streams.
  std::vector<const VcdVar*> streams;
  for (const char* p : {"clk_i", "rst_ni", "levels_i", "in_valid_i", "in_ready_o", "in_data_i"})
    streams.push_back(find(top, p));
  for (size_t i = 0; i + 1 < plan.stages.size(); ++i)
    for (const char* suffix : {"_valid", "_ready", "_data"})
      streams.push_back(find(top, plan.stages[i].stream + suffix));
  for (const char* p : {"out_valid_o", "out_ready_i", "out_data_o"}) streams.push_back(find(top, p));
  group("streams", false, streams, kHex);

  // One group per block, its key signals by kind.
  static const std::set<std::string> kPorts = {"in_valid_i", "in_ready_o", "in_data_i",
                                               "out_valid_o", "out_ready_i", "out_data_o",
                                               "push_valid", "push_ready", "push_data"};
  static const std::set<std::string> kControls = {
      "in_levels", "out_levels", "buf_we", "buf_waddr", "buf_raddr", "issue", "group_start",
      "step_last", "tile", "level", "nf", "write", "rd_addr", "pop", "rowbuf_we"};
  static const std::set<std::string> kData = {"buf_q", "ibuf_q", "rd_data_q", "obuf_q", "rdata_q",
                                              "out_data_q"};
  for (const Stage& s : plan.stages) {
    const std::string scope = top + "." + s.name;
    auto inside = [&](const VcdVar& v) {
      return v.scope == scope || v.scope.rfind(scope + ".", 0) == 0;
    };
    std::vector<const VcdVar*> ports, counters, accs, thresholds, regs;
    for (const VcdVar& v : vars) {
      if (!inside(v)) continue;
      const bool direct = v.scope == scope;
      const bool popcount = ends_with(v.scope, ".u_popcount_tree");
      if (direct && kPorts.count(v.name)) {
        ports.push_back(&v);
      } else if (v.name == "acc_q" || v.name == "enc_acc_q" ||
                 (popcount && (v.name == "count_q" || v.name == "chunk_q"))) {
        accs.push_back(&v);
      } else if (v.name.rfind("enc_", 0) == 0 && ends_with(v.name, "_q")) {
        thresholds.push_back(&v);
      } else if (ends_with(v.name, "_q")) {
        (kData.count(v.name) || v.width > 24 ? regs : counters).push_back(&v);
      } else if (direct && kControls.count(v.name)) {
        counters.push_back(&v);
      }
    }
    // The RTL alone shows each lane's table address (the SystemC twin keeps
    // its memories untraced), listed by lane.
    if (also_in) {
      std::vector<const VcdVar*> thr;
      for (const VcdVar& v : *also_in)
        if (inside(v) && v.scope.find(".u_threshold_unit") != std::string::npos &&
            v.name == "thr_addr")
          thr.push_back(&v);
      std::stable_sort(thr.begin(), thr.end(), [](const VcdVar* a, const VcdVar* b) {
        return natural_less(a->full(), b->full());
      });
      thresholds.insert(thresholds.end(), thr.begin(), thr.end());
    }
    o << kGroupClosed << "\n-" << s.name << "\n";
    group("streams", false, ports, kHex);
    group("counters", false, counters, kDec);
    group("accumulators", false, accs, kHex);
    group("thresholds", false, thresholds, kHex);
    group("registers", false, regs, kHex);
    o << kGroupClosedEnd << "\n-" << s.name << "\n";
  }
  o << "[pattern_trace] 1\n[pattern_trace] 0\n";
  std::ofstream f(out);
  f << o.str();
  if (!f) throw Error("cannot write " + out.string());
  return summary;
}

}  // namespace rebnet::tb
