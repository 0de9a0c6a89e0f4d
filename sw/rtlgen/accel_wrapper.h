// The Verilog-2001 wrapper rebnet_accel (rebnet_accel.v) that `rebnet export-rtl`
// writes around rebnet_axi_top (docs/board.md, "Top-level wrapper and reset"). Vivado's
// IP integrator (module reference) and IP packager take only a Verilog or VHDL top, and
// infer its interfaces reliably only from X_INTERFACE_INFO / X_INTERFACE_PARAMETER
// attributes, so the wrapper:
//   - renames the clock and reset to ap_clk / ap_rst_n (names Vivado also infers alone),
//     with ASSOCIATED_BUSIF listing every AXI interface and ASSOCIATED_RESET ap_rst_n;
//   - marks ap_rst_n POLARITY ACTIVE_LOW;
//   - tags every AXI port with its interface (axi_interfaces()) and logical signal;
//   - synchronises the reset (asynchronous assert, release after two ap_clk edges).
// Ports come from axi_ports() (axi_top.h), so a port added to the top flows through.
#pragma once

#include <string>

#include "plan/network_plan.h"

namespace rebnet::rtlgen {

inline constexpr const char* kAccelModule = "rebnet_accel";
inline constexpr const char* kAccelClock = "ap_clk";
inline constexpr const char* kAccelReset = "ap_rst_n";

// The text of rebnet_accel.v (`header` is the comment line without "//"). Throws
// rebnet::Error for an AXI port of the top that belongs to no interface.
std::string accel_wrapper_v(const NetworkPlan& plan, const std::string& header);

}  // namespace rebnet::rtlgen
