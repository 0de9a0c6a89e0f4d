#include "rtlgen/synth_report.h"

#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "contract/error.h"

namespace rebnet::rtlgen {
namespace {

using nlohmann::json;

constexpr const char* kTop = "rebnet_network";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// yosys escapes public names with a leading backslash.
std::string unescape(std::string_view id) {
  return std::string(!id.empty() && id[0] == '\\' ? id.substr(1) : id);
}

// LUTs a distributed-RAM or shift-register primitive occupies.
uint64_t lutram_luts(const std::string& type) {
  static const std::map<std::string, uint64_t> weights = {
      {"RAM32X1S", 1},  {"RAM32X1D", 2},  {"RAM64X1S", 1},  {"RAM64X1D", 2},
      {"RAM128X1S", 2}, {"RAM128X1D", 4}, {"RAM256X1S", 4}, {"RAM256X1D", 8},
      {"RAM512X1S", 8}, {"RAM32M", 4},    {"RAM64M", 4},    {"RAM32M16", 8},
      {"RAM64M8", 8},   {"SRL16E", 1},    {"SRLC16E", 1},   {"SRLC32E", 1}};
  const auto it = weights.find(type);
  return it == weights.end() ? 1 : it->second;
}

bool is_lutram(const std::string& t) {
  return starts_with(t, "RAM32") || starts_with(t, "RAM64") || starts_with(t, "RAM128") ||
         starts_with(t, "RAM256") || starts_with(t, "RAM512") || starts_with(t, "SRL");
}

// The describing word for a memory_libmap target cell.
std::string describe_cell(const std::string& cell) {
  if (cell.find("RAMB") != std::string::npos || cell.find("BLOCKRAM") != std::string::npos)
    return "block RAM (" + cell + ")";
  if (cell.find("LUTRAM") != std::string::npos) return "LUT RAM (" + cell + ")";
  if (cell.find("URAM") != std::string::npos) return "UltraRAM (" + cell + ")";
  return cell;
}

// Splits "<module>.<memory>" using the known module names (both may contain dots).
bool split_memory(const std::string& full, const std::set<std::string>& modules,
                  std::string& module, std::string& memory) {
  size_t best = 0;
  for (const std::string& m : modules)
    if (m.size() > best && full.size() > m.size() + 1 && starts_with(full, m) &&
        full[m.size()] == '.')
      best = m.size();
  if (best == 0) return false;
  module = full.substr(0, best);
  memory = full.substr(best + 1);
  return true;
}

std::string below_top(const std::string& module) {
  const std::string prefix = std::string(kTop) + ".";
  return starts_with(module, prefix) ? module.substr(prefix.size()) : module;
}

// Trims whitespace and a trailing colon.
std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == ':' || s.back() == '\r')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

}  // namespace

Resources& Resources::operator+=(const Resources& o) {
  lut += o.lut;
  ff += o.ff;
  bram18 += o.bram18;
  dsp += o.dsp;
  lutram += o.lutram;
  carry += o.carry;
  inv += o.inv;
  latches += o.latches;
  unmapped += o.unmapped;
  return *this;
}

Resources count_cells(const std::map<std::string, uint64_t>& cells_by_type) {
  Resources r;
  for (const auto& [type, n] : cells_by_type) {
    if (starts_with(type, "LUT") && type.size() == 4 && type[3] >= '1' && type[3] <= '6')
      r.lut += n;
    else if (type == "INV")
      r.inv += n;
    else if (starts_with(type, "FD"))
      r.ff += n;
    else if (type == "RAMB18E1" || type == "RAMB18E2")
      r.bram18 += n;
    else if (type == "RAMB36E1" || type == "RAMB36E2")
      r.bram18 += 2 * n;
    else if (starts_with(type, "DSP48"))
      r.dsp += n;
    else if (is_lutram(type))
      r.lutram += n * lutram_luts(type);
    else if (type == "CARRY4" || type == "CARRY8")
      r.carry += n;
    else if (type == "LDCE" || type == "LDPE" || starts_with(type, "$_DLATCH") ||
             starts_with(type, "$dlatch") || starts_with(type, "$adlatch"))
      r.latches += n;
    else if (starts_with(type, "$"))
      r.unmapped += n;
  }
  return r;
}

SynthReport parse_synth_report(std::string_view stat_text, std::string_view log,
                               const NetworkPlan& plan,
                               const std::vector<std::string>& layer_kinds) {
  // `stat -top` text: per module "=== <module> ===", then "Number of cells: N" and one
  // "<type> <count>" row per cell type (submodule instances appear as types named
  // after their modules) up to a blank line; last "=== design hierarchy ===" with the
  // instance tree and the design's cell table. (yosys 0.23's `stat -json` output is
  // not valid JSON, so the text is parsed.)
  std::map<std::string, std::map<std::string, uint64_t>> cells;
  std::map<std::string, uint64_t> design;
  {
    std::istringstream in{std::string(stat_text)};
    std::string row, module;
    bool in_table = false;
    while (std::getline(in, row)) {
      if (starts_with(row, "=== ") && row.size() > 8 && row.compare(row.size() - 4, 4, " ===") == 0) {
        module = unescape(row.substr(4, row.size() - 8));
        in_table = false;
        if (module != "design hierarchy") cells[module];
        continue;
      }
      if (module.empty()) continue;
      if (row.find("Number of cells:") != std::string::npos) {
        in_table = true;
        continue;
      }
      if (!in_table) continue;
      std::istringstream fields(row);
      std::string type;
      uint64_t n = 0;
      if (!(fields >> type >> n)) {
        in_table = false;  // the blank line after the table
        continue;
      }
      (module == "design hierarchy" ? design : cells[module])[unescape(type)] += n;
    }
  }
  if (!cells.count(kTop))
    throw Error("yosys statistics: no section for module rebnet_network");
  std::set<std::string> module_names;
  for (const auto& [name, by_type] : cells) module_names.insert(name);

  // Hierarchical resources of a module (its cells plus its submodules').
  std::map<std::string, Resources> memo;
  std::function<Resources(const std::string&, int)> hier = [&](const std::string& mod,
                                                                 int depth) -> Resources {
    if (depth > 64) throw Error("yosys statistics: module hierarchy too deep at " + mod);
    if (auto it = memo.find(mod); it != memo.end()) return it->second;
    std::map<std::string, uint64_t> leaves;
    Resources r;
    for (const auto& [type, n] : cells.at(mod)) {
      if (module_names.count(type)) {
        const Resources sub = hier(type, depth + 1);
        for (uint64_t i = 0; i < n; ++i) r += sub;
      } else {
        leaves[type] += n;
      }
    }
    r += count_cells(leaves);
    memo[mod] = r;
    return r;
  };

  SynthReport report;
  report.total = hier(kTop, 0);
  report.per_layer.resize(layer_kinds.size());
  for (size_t i = 0; i < layer_kinds.size(); ++i) {
    report.per_layer[i].layer = static_cast<int>(i);
    report.per_layer[i].kind = layer_kinds[i];
  }
  Resources in_layers;
  for (const Stage& s : plan.stages) {
    const std::string mod = std::string(kTop) + "." + s.name;
    if (!cells.count(mod))
      throw Error("yosys statistics: no module " + mod +
                  " (was the design uniquified before synthesis?)");
    StageResources sr{s.name, s.layer, hier(mod, 0)};
    if (s.layer >= 0) {
      if (static_cast<size_t>(s.layer) >= report.per_layer.size())
        throw Error("stage " + s.name + " belongs to layer " + std::to_string(s.layer) +
                    " beyond the model's " + std::to_string(layer_kinds.size()) + " layers");
      report.per_layer[static_cast<size_t>(s.layer)].res += sr.res;
      in_layers += sr.res;
    }
    report.per_stage.push_back(std::move(sr));
  }
  // other = total - layers (the pipeline ends and the top's own cells).
  const Resources& t = report.total;
  report.other = {t.lut - in_layers.lut,       t.ff - in_layers.ff,
                  t.bram18 - in_layers.bram18, t.dsp - in_layers.dsp,
                  t.lutram - in_layers.lutram, t.carry - in_layers.carry,
                  t.inv - in_layers.inv,       t.latches - in_layers.latches,
                  t.unmapped - in_layers.unmapped};

  // Cross-check against yosys's own count of the whole design.
  if (!design.empty() && !(count_cells(design) == report.total)) {
    const Resources f = count_cells(design);
    throw Error("yosys statistics: the module sums (" + std::to_string(report.total.lut) +
                " LUT, " + std::to_string(report.total.ff) + " FF) disagree with the design total (" +
                std::to_string(f.lut) + " LUT, " + std::to_string(f.ff) + " FF)");
  }

  // Memories: memory_libmap says "mapping memory M.N via CELL" (block or LUT RAM) or
  // "using FF mapping for memory M.N" (no RAM cell: memory_map turns it into
  // registers, which for a read-only memory fold into LUT logic, a ROM); memory_map's
  // "write interface: K write mux blocks" with K > 0 marks a written memory (flip-flops).
  std::istringstream lines{std::string(log)};
  std::string line;
  std::map<std::string, MemoryMapping> mems;
  uint64_t latch_messages = 0;
  std::string pending;  // memory_map entry whose write interface is not known yet
  auto add = [&](const std::string& full, const std::string& mapped_to) {
    std::string mod, mem;
    if (!split_memory(full, module_names, mod, mem)) return;
    mems[full] = {below_top(mod), mem, mapped_to};
  };
  while (std::getline(lines, line)) {
    if (starts_with(line, "mapping memory ")) {
      const size_t via = line.find(" via ");
      if (via != std::string::npos)
        add(line.substr(15, via - 15), describe_cell(trim(line.substr(via + 5))));
    } else if (starts_with(line, "using FF mapping for memory ")) {
      add(trim(line.substr(28)), "LUT logic (ROM)");
    } else if (starts_with(line, "Mapping memory ")) {
      const size_t in = line.find(" in module ");
      pending = in == std::string::npos ? std::string()
                                        : unescape(trim(line.substr(in + 11))) + "." +
                                              unescape(line.substr(15, in - 15));
    } else if (!pending.empty() && starts_with(line, "  write interface: ")) {
      if (!starts_with(line, "  write interface: 0 ") && mems.count(pending))
        mems[pending].mapped_to = "flip-flops";
      pending.clear();
    } else if (line.find("Latch inferred for signal") != std::string::npos) {
      ++latch_messages;
    }
  }
  // Inferred latches normally survive as LDCE/LDPE cells; count the messages in case not.
  report.total.latches = std::max(report.total.latches, latch_messages);
  for (auto& [full, m] : mems) report.memories.push_back(m);
  return report;
}

json resources_json(const Resources& r) {
  return {{"lut", r.lut},       {"ff", r.ff},       {"bram18", r.bram18}, {"dsp", r.dsp},
          {"lutram", r.lutram}, {"carry", r.carry}, {"inv", r.inv},    {"latches", r.latches},
          {"unmapped", r.unmapped}};
}

json report_json(const SynthReport& report) {
  json j = resources_json(report.total);
  json layers = json::array();
  for (const LayerResources& l : report.per_layer) {
    json e = resources_json(l.res);
    e["layer"] = l.layer;
    e["kind"] = l.kind;
    layers.push_back(e);
  }
  j["per_layer"] = layers;
  j["other"] = resources_json(report.other);
  json stages = json::array();
  for (const StageResources& s : report.per_stage) {
    json e = resources_json(s.res);
    e["instance"] = s.instance;
    e["layer"] = s.layer;
    stages.push_back(e);
  }
  j["per_stage"] = stages;
  json mems = json::array();
  for (const MemoryMapping& m : report.memories)
    mems.push_back({{"instance", m.instance}, {"memory", m.memory}, {"mapped_to", m.mapped_to}});
  j["memories"] = mems;
  return j;
}

bool YosysProgress::feed(std::string_view chunk) {
  // Passes that mark the stages of synth.ys / synth_xilinx, in order.
  static const char* const kMarks[kMilestones] = {
      "Executing HIERARCHY pass",   "Executing UNIQUIFY pass",    "Executing PROC pass",
      "Executing FSM pass",         "Executing XILINX_DSP pass",  "Executing ALUMACC pass",
      "Executing MEMORY_LIBMAP pass", "Executing MEMORY_MAP pass", "Executing XILINX_SRL pass",
      "Executing ABC pass",         "Executing CLKBUFMAP pass",   "Printing statistics"};
  tail_.append(chunk);
  const int before = milestone_;
  for (int m = milestone_; m < kMilestones; ++m)
    if (tail_.find(kMarks[m]) != std::string::npos) milestone_ = m + 1;
  // The last pass name, for the status text.
  const size_t at = tail_.rfind("Executing ");
  if (at != std::string::npos) {
    const size_t end = tail_.find(" pass", at);
    if (end != std::string::npos && end - at < 60) pass_ = tail_.substr(at + 10, end - at - 10);
  }
  // Keep a short tail so markers split across chunks are still found.
  if (tail_.size() > 256) tail_.erase(0, tail_.size() - 256);
  return milestone_ != before;
}

}  // namespace rebnet::rtlgen
