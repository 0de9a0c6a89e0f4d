#include "rtlgen/accel_wrapper.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

#include "contract/error.h"
#include "rtlgen/axi_top.h"
#include "rtlgen/sv_text.h"

namespace rebnet::rtlgen {
namespace {

// The interface a top port belongs to and its logical signal name (TDATA, AWADDR).
struct Tag {
  const AxiInterface* interface = nullptr;
  std::string logical;
};

Tag tag_of(const AxiPort& port) {
  const std::string name = port.name;
  for (const AxiInterface& i : axi_interfaces()) {
    const std::string prefix = std::string(i.name) + "_";
    if (name.rfind(prefix, 0) != 0) continue;
    Tag t{&i, name.substr(prefix.size())};
    for (char& c : t.logical) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
  }
  throw Error(std::string("port ") + port.name + " of rebnet_axi_top belongs to no AXI interface");
}

std::string attribute(const char* name, const std::string& value) {
  return "(* " + std::string(name) + " = \"" + value + "\" *)";
}

uint32_t port_bits(const std::vector<AxiPort>& ports, const std::string& name) {
  for (const AxiPort& p : ports)
    if (name == p.name) return p.bits;
  throw Error("rebnet_axi_top has no port " + name);
}

// Interface-wide parameters: an aximm interface is AXI4-Lite (named, not left to
// inference from the missing burst signals), with the widths of its ports.
std::string interface_parameter(const AxiInterface& i, const std::vector<AxiPort>& ports) {
  const std::string name = i.name;
  if (std::string(i.vlnv).find(":aximm:") == std::string::npos) return {};
  return "XIL_INTERFACENAME " + name + ", PROTOCOL AXI4LITE, DATA_WIDTH " +
         std::to_string(port_bits(ports, name + "_wdata")) + ", ADDR_WIDTH " +
         std::to_string(port_bits(ports, name + "_awaddr"));
}

bool ends_with(const std::string& s, const char* tail) {
  const std::string t = tail;
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

// A VALID or READY the wrapper drives: held low while the design is in reset.
bool handshake_output(const AxiPort& port, const Tag& tag) {
  return !port.input && (ends_with(tag.logical, "VALID") || ends_with(tag.logical, "READY"));
}

// The wire between rebnet_axi_top's handshake output and the wrapper's port.
std::string unmasked(const AxiPort& port) { return std::string(port.name) + "_unmasked"; }

// The port list: clock, reset, then the AXI ports with their interface attributes.
std::string port_declarations(const std::vector<AxiPort>& ports, const std::string& busifs) {
  size_t rw = 0;
  for (const AxiPort& p : ports) rw = std::max(rw, bit_range(p.bits).size());
  std::vector<std::string> decls;
  // One port declaration, its attributes on the lines above it.
  auto declare = [&](const std::vector<std::string>& attributes, bool input, uint32_t bits,
                     const std::string& name) {
    std::string d;
    for (const std::string& a : attributes) d += "  " + a + "\n";
    decls.push_back(d + "  " + (input ? "input " : "output") + " wire " +
                    pad(bit_range(bits), rw) + " " + name);
  };
  declare({attribute("X_INTERFACE_INFO", std::string("xilinx.com:signal:clock:1.0 ") +
                                             kAccelClock + " CLK"),
           attribute("X_INTERFACE_PARAMETER", std::string("XIL_INTERFACENAME ") + kAccelClock +
                                                  ", ASSOCIATED_BUSIF " + busifs +
                                                  ", ASSOCIATED_RESET " + kAccelReset)},
          true, 1, kAccelClock);
  declare({attribute("X_INTERFACE_INFO", std::string("xilinx.com:signal:reset:1.0 ") +
                                             kAccelReset + " RST"),
           attribute("X_INTERFACE_PARAMETER",
                     std::string("XIL_INTERFACENAME ") + kAccelReset + ", POLARITY ACTIVE_LOW")},
          true, 1, kAccelReset);
  std::vector<const AxiInterface*> described;
  for (const AxiPort& p : ports) {
    if (std::string(p.name) == kClockPort || std::string(p.name) == kResetPort) continue;
    const Tag t = tag_of(p);
    std::vector<std::string> attributes = {attribute(
        "X_INTERFACE_INFO", std::string(t.interface->vlnv) + " " + t.interface->name + " " +
                                t.logical)};
    // An interface-wide parameter goes on one port of the interface, the first.
    const std::string param = interface_parameter(*t.interface, ports);
    if (!param.empty() &&
        std::find(described.begin(), described.end(), t.interface) == described.end()) {
      attributes.push_back(attribute("X_INTERFACE_PARAMETER", param));
      described.push_back(t.interface);
    }
    declare(attributes, p.input, p.bits, p.name);
  }
  std::string text;
  for (size_t i = 0; i < decls.size(); ++i)
    text += decls[i] + (i + 1 < decls.size() ? ",\n" : "\n");
  return text;
}

std::string reset_synchroniser() {
  const std::string clk = kAccelClock, rst = kAccelReset;
  return "  // Reset synchroniser. " + rst + " comes from another clock domain (on Zynq the PS\n"
         "  // reset, released at any time relative to " + clk + "). It asserts rst_ni at once,\n"
         "  // asynchronously (the design is held in reset even without a running clock), and\n"
         "  // releases it synchronously: rst_ni rises at the second rising edge of " + clk + "\n"
         "  // after " + rst + " rises, so every flip-flop leaves reset in the same cycle and\n"
         "  // the release meets their recovery and removal times. The first stage may go\n"
         "  // metastable and has a cycle to settle; ASYNC_REG keeps Vivado from optimising\n"
         "  // the pair and places both flip-flops in one slice.\n"
         "  (* ASYNC_REG = \"TRUE\" *) reg [1:0] rst_sync_q;\n"
         "  wire rst_ni = rst_sync_q[1];\n\n"
         "  always @(posedge " + clk + " or negedge " + rst + ") begin\n"
         "    if (!" + rst + ") rst_sync_q <= 2'b00;\n"
         "    else rst_sync_q <= {rst_sync_q[0], 1'b1};\n"
         "  end\n";
}

}  // namespace

std::string accel_wrapper_v(const NetworkPlan& plan, const std::string& header) {
  const std::vector<AxiPort> ports = axi_ports(plan);
  std::string busifs;  // ASSOCIATED_BUSIF: colon-separated
  for (const AxiInterface& i : axi_interfaces()) {
    if (!busifs.empty()) busifs += ':';
    busifs += i.name;
  }
  Connections top = {{kClockPort, kAccelClock}, {kResetPort, kResetPort}};
  std::vector<AxiPort> masked;
  for (const AxiPort& p : ports) {
    if (std::string(p.name) == kClockPort || std::string(p.name) == kResetPort) continue;
    if (!handshake_output(p, tag_of(p))) {
      top.push_back({p.name, p.name});
      continue;
    }
    top.push_back({p.name, unmasked(p)});
    masked.push_back(p);
  }

  std::ostringstream o;
  o << "// " << header << "\n"
    << "// " << kAccelModule
    << ": the Verilog-2001 top for Vivado (IP integrator module reference, IP\n"
    << "// packager) around the SystemVerilog rebnet_axi_top (docs/board.md, \"Top-level wrapper\n"
    << "// and reset\"). Its X_INTERFACE_* attributes declare the interfaces " << busifs
    << "\n// on clock " << kAccelClock << " and the active-low reset " << kAccelReset << ".\n"
    << "module " << kAccelModule << " (\n"
    << port_declarations(ports, busifs) << ");\n\n"
    << reset_synchroniser() << "\n"
    << "  // The design leaves reset two edges after " << kAccelReset
    << ", but an AXI master may start a\n"
    << "  // transfer at the first edge: until rst_ni rises every VALID and READY of the\n"
    << "  // wrapper stays low, so nothing is offered or taken in between.\n";
  for (const AxiPort& p : masked) o << "  wire " << unmasked(p) << ";\n";
  for (const AxiPort& p : masked)
    o << "  assign " << p.name << " = " << unmasked(p) << " & rst_ni;\n";
  o << "\n  rebnet_axi_top u_axi_top (\n";
  write_connections(o, top);
  o << "  );\n\nendmodule\n";
  return o.str();
}

}  // namespace rebnet::rtlgen
