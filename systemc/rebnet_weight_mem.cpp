#include "rebnet_weight_mem.h"

namespace rebnet::sc {

rebnet_weight_mem::rebnet_weight_mem(sc_core::sc_module_name name, const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      wmem("wmem", Bits(cfg.Pe * cfg.Simd)),
      tile_bits_(bits_for(cfg.NF * cfg.SF - 1)),
      fn_(cfg) {
  SC_METHOD(comb);
  sensitive << tile_i;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_weight_mem::comb() { wmem.d.write(fn_.read(tile_i.read())); }

// wmem_o is wmem_q (RTL: assign wmem_o = wmem_q), written with it.
void rebnet_weight_mem::clocked() {
  update_regs(rst_ni.read(), wmem);
  wmem_o.write(rst_ni.read() ? wmem.d.read() : wmem.reset);
}

void rebnet_weight_mem::trace(sc_core::sc_trace_file* tf) const {
  trace_port(tf, tile_i, tile_bits_);
  trace_port(tf, wmem_o, 0);
  trace_reg(tf, wmem);
}

}  // namespace rebnet::sc
