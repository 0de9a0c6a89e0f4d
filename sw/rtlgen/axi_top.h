// The board top rebnet_axi_top that `rebnet export-rtl` writes next to rebnet_network
// (docs/microarchitecture.md, "AXI wrapper"): rtl/rebnet_axi_bridge.sv as u_axi_bridge
// (AXI4-Stream pixels and results, AXI4-Lite control) wired to the generated
// rebnet_network as u_network, both with the parameters of rebnet_network_pkg. The
// top has no parameters of its own: its AXI data widths follow from the plan.
#pragma once

#include <string>

#include "plan/network_plan.h"

namespace rebnet::rtlgen {

// rtl/ file of the bridge the top instantiates.
inline constexpr const char* kAxiBridgeFile = "rebnet_axi_bridge.sv";

// The text of rebnet_axi_top.sv (`header` is the comment line without "//").
std::string axi_top_sv(const NetworkPlan& plan, const std::string& header);

}  // namespace rebnet::rtlgen
