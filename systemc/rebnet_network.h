// rebnet_network: the whole accelerator, assembled at run time from a
// NetworkPlan (a model and a folding), so one build explores every folding.
//
// Ports: clk_i, rst_ni, levels_i (run-time k; change only while empty),
// in_* (input_elems 8-bit pixels per word, the first in bits 7:0) and out_*
// (one word per frame: label in [15:0], score j at [16 + 48j +: 48]).
// Between consecutive stages runs the stream <stage.stream>_valid/_ready/_data;
// the same names appear in the generated RTL top (rebnet export-rtl), so
// co-simulation and waveforms line up.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <systemc>

#include "plan/network_plan.h"
#include "rebnet_bits.h"
#include "rebnet_label_select.h"
#include "rebnet_max_pool.h"
#include "rebnet_mvtu.h"
#include "rebnet_pixel_encoder.h"
#include "rebnet_sliding_window.h"
#include "rebnet_width_converter.h"

namespace rebnet::sc {

// The three signals of one stream between two stages.
struct StreamSignals {
  StreamSignals(const std::string& base, uint32_t width)
      : valid((base + "_valid").c_str(), false),
        ready((base + "_ready").c_str(), false),
        data((base + "_data").c_str(), Bits(width)) {}
  sc_core::sc_signal<bool> valid;
  sc_core::sc_signal<bool> ready;
  sc_core::sc_signal<Bits> data;
};

SC_MODULE(rebnet_network) {
 public:
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<uint32_t> levels_i{"levels_i"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};

  rebnet_network(sc_core::sc_module_name name, NetworkPlan plan);

  const NetworkPlan& plan() const { return plan_; }
  // The output stream of stage i (i < stages - 1; the last stage drives out_*).
  const StreamSignals& stream(size_t i) const { return *streams_.at(i); }
  // Traces every port, stream and block register with the RTL's widths.
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  const NetworkPlan plan_;
  std::vector<std::unique_ptr<StreamSignals>> streams_;
  std::vector<std::unique_ptr<sc_core::sc_module>> blocks_;
  std::vector<std::function<void(sc_core::sc_trace_file*)>> tracers_;
};

}  // namespace rebnet::sc
