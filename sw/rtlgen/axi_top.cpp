#include "rtlgen/axi_top.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "rtlgen/sv_text.h"

namespace rebnet::rtlgen {
namespace {

const std::string kPkg = "rebnet_network_pkg::";

// AXI data buses are whole bytes.
uint32_t tdata_bits(uint32_t bits) { return (bits + 7) / 8 * 8; }

}  // namespace

std::string bit_range(uint32_t bits) {
  if (bits <= 1) return {};
  std::string r = "[";  // appended, not "[" + ...: GCC 12 warns (-Wrestrict) on that
  r += std::to_string(bits - 1);
  return r + ":0]";
}

const std::vector<AxiInterface>& axi_interfaces() {
  static const std::vector<AxiInterface> list = {
      {"s_axis", "xilinx.com:interface:axis:1.0"},
      {"m_axis", "xilinx.com:interface:axis:1.0"},
      {"s_axil", "xilinx.com:interface:aximm:1.0"}};
  return list;
}

// The bridge's AXI side, under the same names.
std::vector<AxiPort> axi_ports(const NetworkPlan& plan) {
  return {{true, 1, kClockPort},
          {true, 1, kResetPort},
          {true, tdata_bits(plan.in_bits()), "s_axis_tdata"},
          {true, 1, "s_axis_tvalid"},
          {false, 1, "s_axis_tready"},
          {false, tdata_bits(plan.out_bits()), "m_axis_tdata"},
          {false, 1, "m_axis_tvalid"},
          {true, 1, "m_axis_tready"},
          {true, 4, "s_axil_awaddr"},
          {true, 1, "s_axil_awvalid"},
          {false, 1, "s_axil_awready"},
          {true, 32, "s_axil_wdata"},
          {true, 4, "s_axil_wstrb"},
          {true, 1, "s_axil_wvalid"},
          {false, 1, "s_axil_wready"},
          {false, 2, "s_axil_bresp"},
          {false, 1, "s_axil_bvalid"},
          {true, 1, "s_axil_bready"},
          {true, 4, "s_axil_araddr"},
          {true, 1, "s_axil_arvalid"},
          {false, 1, "s_axil_arready"},
          {false, 32, "s_axil_rdata"},
          {false, 2, "s_axil_rresp"},
          {false, 1, "s_axil_rvalid"},
          {true, 1, "s_axil_rready"}};
}

namespace {

// A wire between the bridge and the network, named after the bridge port.
struct Link {
  std::string range;
  const char* wire;
  const char* bridge_port;
  const char* network_port;
};

const std::vector<Link>& links() {
  static const std::vector<Link> list = {
      {"[3:0]", "levels", "levels_o", "levels_i"},
      {"", "net_in_valid", "net_in_valid_o", "in_valid_i"},
      {"", "net_in_ready", "net_in_ready_i", "in_ready_o"},
      {"[" + kPkg + "InBits-1:0]", "net_in_data", "net_in_data_o", "in_data_i"},
      {"", "net_out_valid", "net_out_valid_i", "out_valid_o"},
      {"", "net_out_ready", "net_out_ready_o", "out_ready_i"},
      {"[" + kPkg + "OutBits-1:0]", "net_out_data", "net_out_data_i", "out_data_o"}};
  return list;
}

}  // namespace

std::string axi_top_sv(const NetworkPlan& plan, const std::string& header) {
  const std::vector<AxiPort> ports = axi_ports(plan);
  std::ostringstream o;
  o << "// " << header << "\n"
    << "// rebnet_axi_top: the board top of rebnet_network (docs/microarchitecture.md, \"AXI\n"
    << "// wrapper\"). u_axi_bridge (rtl/" << kAxiBridgeFile
    << ") turns the AXI ports into the network's\n"
    << "// levels_i and streams; u_network is the generated rebnet_network.sv.\n"
    << "//   s_axis_tdata  " << plan.input_elems << " pixels per beat, pixel e at [8e +: 8]\n"
    << "//   m_axis_tdata  one beat per frame: label at [15:0], score j at [16 + 48j +: 48] (signed),\n"
    << "//                 " << plan.classes << " classes, " << plan.out_bits()
    << " bits used, the rest 0\n"
    << "//   s_axil_*      0x0 LEVELS (1.." << plan.max_levels << "), 0x4 FRAMES, 0x8 MAX_LEVELS\n"
    << "module rebnet_axi_top (\n";
  size_t rw = 0;
  for (const AxiPort& p : ports) rw = std::max(rw, bit_range(p.bits).size());
  for (size_t i = 0; i < ports.size(); ++i)
    o << "  " << (ports[i].input ? "input " : "output") << " logic "
      << pad(bit_range(ports[i].bits), rw) << " " << ports[i].name
      << (i + 1 < ports.size() ? ",\n" : "\n");
  o << ");\n\n";

  size_t lw = 0;
  for (const Link& l : links()) lw = std::max(lw, l.range.size());
  for (const Link& l : links())
    o << "  logic " << pad(l.range, lw) << " " << l.wire << ";\n";

  Connections bridge, network = {{kClockPort, kClockPort}, {kResetPort, kResetPort}};
  for (const AxiPort& p : ports) bridge.push_back({p.name, p.name});
  for (const Link& l : links()) {
    bridge.push_back({l.bridge_port, l.wire});
    network.push_back({l.network_port, l.wire});
  }

  o << "\n  rebnet_axi_bridge #(\n";
  write_connections(o, {{"InBits", kPkg + "InBits"},
                        {"OutBits", kPkg + "OutBits"},
                        {"MaxLevels", kPkg + "MaxLevels"}});
  o << "  ) u_axi_bridge (\n";
  write_connections(o, bridge);
  o << "  );\n\n  rebnet_network u_network (\n";
  write_connections(o, network);
  o << "  );\n\nendmodule\n";
  return o.str();
}

}  // namespace rebnet::rtlgen
