// A block run as a table of cycles, for blocks without streams (the MVTU's
// sub-blocks): both twins' tests (tests/systemc/test_<block>.cpp and
// tests/rtl/test_<block>.h) drive the same inputs and hold the outputs to the same
// values at the same cycles. Cycle 0 is the first after reset; in[t] is driven
// during cycle t (before its clock edge), and once settled the outputs must show
// out[t]. The <block>_cases.h headers build the tables from an independent reference.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plan/bits.h"

namespace rebnet::blocktest {

// A port: its name in both twins and its width in the RTL.
struct Port {
  std::string name;
  uint32_t width = 1;
};

// A value of `width` bits.
inline Bits value(uint32_t width, uint64_t v) {
  Bits b(width);
  b.put(0, std::min<uint32_t>(width, 64), v);
  return b;
}

// Equal as unsigned numbers (the SystemC twin's uint32_t ports are wider than the RTL's).
inline bool same_value(const Bits& a, const Bits& b) {
  const uint32_t w = std::max(a.width(), b.width());
  for (uint32_t lsb = 0; lsb < w; lsb += 64) {
    const auto word = [&](const Bits& x) {
      return lsb < x.width() ? x.get(lsb, std::min<uint32_t>(64, x.width() - lsb)) : 0;
    };
    if (word(a) != word(b)) return false;
  }
  return true;
}

class CycleCase {
 public:
  CycleCase(std::string what, std::vector<Port> inputs, std::vector<Port> outputs)
      : what_(std::move(what)), inputs_(std::move(inputs)), outputs_(std::move(outputs)) {}

  // Appends a cycle: input values and expected outputs in port order (nullopt: any value).
  void add(std::vector<Bits> in, std::vector<std::optional<Bits>> out) {
    if (in.size() != inputs_.size() || out.size() != outputs_.size())
      throw std::logic_error(what_ + ": a cycle needs one value per port");
    in_.push_back(std::move(in));
    out_.push_back(std::move(out));
  }

  const std::string& describe() const { return what_; }
  const std::vector<Port>& inputs() const { return inputs_; }
  const std::vector<Port>& outputs() const { return outputs_; }
  size_t cycles() const { return in_.size(); }
  const std::vector<Bits>& in(size_t t) const { return in_.at(t); }
  const std::optional<Bits>& out(size_t t, size_t port) const { return out_.at(t).at(port); }

  // "" when the outputs of cycle t (`got`, in port order) match, else what differs.
  std::string check(size_t t, const std::vector<Bits>& got) const {
    std::string e;
    for (size_t i = 0; i < outputs_.size(); ++i) {
      const std::optional<Bits>& want = out_.at(t).at(i);
      if (want && !same_value(*want, got.at(i)))
        e += (e.empty() ? "cycle " + std::to_string(t) + ":" : ",") + " " + outputs_[i].name +
             " expected " + want->hex() + ", got " + got[i].hex();
    }
    return e;
  }

 private:
  std::string what_;
  std::vector<Port> inputs_, outputs_;
  std::vector<std::vector<Bits>> in_;
  std::vector<std::vector<std::optional<Bits>>> out_;
};

}  // namespace rebnet::blocktest
