// rebnet_label_select: collects the last layer's scores of one frame and emits
// them with the top-1 label (integer contract section 10;
// docs/microarchitecture.md, "Label select"). Input: NF = Classes/Pe words per
// frame, the signed 48-bit score of class nf*Pe + p at [p*48 +: 48]. Output:
// one word per frame, label (16 bits, unsigned) at [15:0], score j at
// [16 + 48*j +: 48]. Label = index of the largest score, ties to the lowest.
//   last = nf_q == NF-1; in_ready_o = !(last && pending_q); take = in_valid_i && in_ready_o
//   take: nf advances and wraps at NF; scores shifts down by Pe scores with in_data_i
//         on top (NF > 1); the last word loads out_scores with the whole frame and
//         sets pending
//   compare tree, Levels = max(1, ceil(log2 Pe)) register levels: level l loads when
//         level l-1 holds a word (level 0: the word taken, class nf*Pe + p); its
//         candidate i is the larger of candidates 2i, 2i+1 of level l-1, the right one
//         only when strictly larger, a lone 2i passed on
//   root (level Levels) valid: (best, label) = root when its nf is 0 or its score is
//         strictly larger than best_q; when its nf is NF-1, out_label = that label and
//         out_valid is set
//   pop = out_valid_q && out_ready_i clears out_valid and pending
// out_valid_o = out_valid_q, out_data_o = {out_scores_q, 16'(out_label_q)}.
#pragma once

#include <cstdint>
#include <systemc>

#include "plan/label_select_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

inline constexpr uint32_t kLabelBits = 16;

struct LabelSelectRegs {
  uint32_t nf = 0;
  Bits scores;  // (Classes - Pe) * 48: the frame's earlier words (NF > 1 only)
  bool pending = false;
  uint32_t tree_valid = 0;  // bit l-1: tree level l holds a word
  Bits tree_nf;             // Levels * nf_bits
  Bits tree_score;          // tree_cands * 48, signed
  Bits tree_label;          // tree_cands * label_bits
  int64_t best = 0;         // signed 48-bit
  uint32_t label = 0;
  Bits out_scores;  // Classes * 48
  uint32_t out_label = 0;
  bool out_valid = false;
};

// The function.
class LabelSelect {
 public:
  explicit LabelSelect(const LabelSelectConfig& cfg) : cfg_(cfg) {}
  // d's Bits must have the registers' widths.
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

  Reg<uint32_t> nf;
  Reg<Bits> scores;  // the RTL has it in g_hold (NF > 1) only
  Reg<bool> pending;
  Reg<uint32_t> tree_valid;
  Reg<Bits> tree_nf;
  Reg<Bits> tree_score;
  Reg<Bits> tree_label;
  Reg<Bits> best;  // 48 bits, signed
  Reg<uint32_t> label;
  Reg<Bits> out_scores;
  Reg<uint32_t> out_label;
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
