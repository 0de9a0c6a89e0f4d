// A stream block's run as both twins' tests see it (tests/systemc and tests/rtl):
// the input words, the expected output words and the expected cycle timing, so
// the SystemC and the RTL twin are held to the same values and the same cycle
// counts. The <block>_cases.h headers build them from the golden model.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "plan/bits.h"

namespace rebnet::blocktest {

// The words of one stream run: sent to in_data_i, expected from out_data_o.
struct StreamWords {
  uint32_t in_bits = 0, out_bits = 0;
  std::vector<Bits> in, expected;
};

// A block run: its words and the timing with no valid gaps and no ready stalls:
// input i transfers in_step[i] edges after input i-1 (in_step[0] unused), output j
// transfers `latency` edges after input emit[j].
struct StreamCase : StreamWords {
  std::vector<uint64_t> in_step;
  std::vector<size_t> emit;
  uint64_t latency = 0;
};

// "" when the transfer edges match the case's timing, else the first difference.
inline std::string check_timing(const StreamCase& c, const std::vector<uint64_t>& in_edges,
                                const std::vector<uint64_t>& out_edges) {
  std::ostringstream e;
  if (in_edges.size() != c.in.size() || out_edges.size() != c.expected.size()) {
    e << in_edges.size() << " of " << c.in.size() << " inputs, " << out_edges.size() << " of "
      << c.expected.size() << " outputs transferred";
    return e.str();
  }
  for (size_t i = 1; i < in_edges.size(); ++i)
    if (in_edges[i] - in_edges[i - 1] != c.in_step[i]) {
      e << "input " << i << " transferred " << in_edges[i] - in_edges[i - 1]
        << " edges after input " << i - 1 << ", expected " << c.in_step[i];
      return e.str();
    }
  for (size_t j = 0; j < out_edges.size(); ++j)
    if (out_edges[j] != in_edges[c.emit[j]] + c.latency) {
      e << "output " << j << " at edge " << out_edges[j] << ", expected input " << c.emit[j]
        << "'s edge " << in_edges[c.emit[j]] << " + " << c.latency;
      return e.str();
    }
  return "";
}

}  // namespace rebnet::blocktest
