#include "rebnet_weight_mem.h"

namespace rebnet::sc {

rebnet_weight_mem::rebnet_weight_mem(sc_core::sc_module_name name, const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      rd_data("rd_data", Bits(cfg.Pe * cfg.Simd)),
      addr_bits_(bits_for(cfg.NF * cfg.SF - 1)),
      fn_(cfg) {
  SC_METHOD(comb);
  sensitive << rd_addr_i;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_weight_mem::comb() { rd_data.d.write(fn_.read(rd_addr_i.read())); }

// rd_data_o is rd_data_q (RTL: assign rd_data_o = rd_data_q), written with it.
void rebnet_weight_mem::clocked() {
  update_regs(rst_ni.read(), rd_data);
  rd_data_o.write(rst_ni.read() ? rd_data.d.read() : rd_data.reset);
}

void rebnet_weight_mem::trace(sc_core::sc_trace_file* tf) const {
  trace_port(tf, rd_addr_i, addr_bits_);
  trace_port(tf, rd_data_o, 0);
  trace_reg(tf, rd_data);
}

}  // namespace rebnet::sc
