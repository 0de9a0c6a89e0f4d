// The board top rebnet_axi_top that `rebnet export-rtl` writes next to rebnet_network
// (docs/microarchitecture.md, "AXI wrapper"): rtl/rebnet_axi_bridge.sv as u_axi_bridge
// (AXI4-Stream pixels and results, AXI4-Lite control) wired to the generated
// rebnet_network as u_network, both with the parameters of rebnet_network_pkg. The
// top has no parameters of its own: its AXI data widths follow from the plan.
// Its port table is the one description of the board-facing ports: the Verilog wrapper
// rebnet_accel (accel_wrapper.h) is generated from it too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/network_plan.h"

namespace rebnet::rtlgen {

// rtl/ file of the bridge the top instantiates.
inline constexpr const char* kAxiBridgeFile = "rebnet_axi_bridge.sv";

// The top's clock and reset (house names; the wrapper renames them for Vivado).
inline constexpr const char* kClockPort = "clk_i";
inline constexpr const char* kResetPort = "rst_ni";

struct AxiPort {
  bool input;
  uint32_t bits;     // 1: a scalar
  const char* name;  // <interface>_<signal> for AXI ports: s_axis_tdata
};

// An AXI interface of the top: its ports are those named <name>_<signal>.
struct AxiInterface {
  const char* name;  // s_axis
  const char* vlnv;  // Vivado bus definition: xilinx.com:interface:axis:1.0
};

// The top's ports in declaration order: clock, reset, then the AXI interfaces' ports.
std::vector<AxiPort> axi_ports(const NetworkPlan& plan);
// The top's AXI interfaces, in port order.
const std::vector<AxiInterface>& axi_interfaces();

// "[bits-1:0]", or "" for a scalar.
std::string bit_range(uint32_t bits);

// The text of rebnet_axi_top.sv (`header` is the comment line without "//").
std::string axi_top_sv(const NetworkPlan& plan, const std::string& header);

}  // namespace rebnet::rtlgen
