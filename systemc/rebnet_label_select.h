// rebnet_label_select: collects the last layer's scores of one frame and emits
// them with the top-1 label (integer contract section 10;
// docs/microarchitecture.md, "Label select"). Input: NF = Classes/Pe words per
// frame, the signed 48-bit score of class nf*Pe + p at [p*48 +: 48]. Output:
// one word per frame, label (16 bits, unsigned) at [15:0], score j at
// [16 + 48*j +: 48]. Label = index of the largest score, ties to the lowest.
//   in_ready_o = !out_valid_q; take = in_valid_i && in_ready_o
//   take: scores shifts down by Pe scores and in_data_i enters at the top (after
//         a frame's last word, score j is at [48*j +: 48]); (best, label) = the
//         running maximum over the word's scores in class order, replaced only by
//         a strictly larger score, starting from (best_q, label_q), or from
//         (-2^47, 0) when nf_q == 0; nf advances and wraps at NF; the last word
//         sets out_valid
//   pop = out_valid_q && out_ready_i clears out_valid
// out_valid_o = out_valid_q, out_data_o = {scores_q, 16'(label_q)}.
#pragma once

#include <cstdint>
#include <systemc>

#include "plan/label_select_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

inline constexpr uint32_t kLabelBits = 16;

struct LabelSelectRegs {
  Bits scores;       // Classes * 48, a shift register (class j at [48*j] after a frame)
  int64_t best = 0;  // signed 48-bit
  uint32_t label = 0;
  uint32_t nf = 0;
  bool out_valid = false;
};

// The function.
class LabelSelect {
 public:
  explicit LabelSelect(const LabelSelectConfig& cfg) : cfg_(cfg) {}
  // d.scores must have Classes * 48 bits.
  void comb(const LabelSelectRegs& q, bool in_valid, const Bits& in_data, bool out_ready,
            LabelSelectRegs& d, bool& in_ready) const;
  // out_data_o from the registers.
  void output(const LabelSelectRegs& q, Bits& out_data) const;

 private:
  LabelSelectConfig cfg_;
};

SC_MODULE(rebnet_label_select) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};  // Pe * 48
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};  // 16 + Classes * 48

  Reg<Bits> scores;
  Reg<Bits> best;  // 48 bits, signed
  Reg<uint32_t> label;
  Reg<uint32_t> nf;
  Reg<bool> out_valid;

  rebnet_label_select(sc_core::sc_module_name name, const LabelSelectConfig& cfg);
  SC_HAS_PROCESS(rebnet_label_select);
  void trace(sc_core::sc_trace_file * tf) const;
  const LabelSelectConfig& config() const { return cfg_; }

 private:
  void comb();
  void clocked();

  const LabelSelectConfig cfg_;
  LabelSelect fn_;
  LabelSelectRegs q_, d_;
  Bits best_d_, out_data_;
};

}  // namespace rebnet::sc
