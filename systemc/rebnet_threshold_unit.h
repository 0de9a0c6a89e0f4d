// rebnet_threshold_unit: stage S3 (per PE accumulator in mismatch form) and the
// output encoder (docs/microarchitecture.md, "Datapath" and "Encoder").
//
// S3, when s3_valid_i:  acc_q[p] = (s3_first_i ? MatrixW * sum_{l<in_levels_i} G_l
//                                               : acc_q[p]) - 2 * G[s3_level_i] * count_i[p]
// and when s3_last_i too (a load) enc_nf_q = s3_nf_i and enc_load_q = 1: the next cycle
// acc_q holds the final accumulator (acc_q has no reset in the RTL).
//
// Hidden layer: in the enc_load_q cycle acc_q loads enc_acc_q and the encoder starts
// its walk of each PE's threshold tree on cfg.EncLanes lanes of cfg.EncSlots PEs (PE
// lane * EncSlots + slot), level-major. Step (level, slot) is issued in one cycle
// (level 0, slot 0 in the enc_load_q cycle, else enc_level_q, enc_slot_q while
// enc_active_q): each lane reads its table word (enc_nf_q * SlotSpan + slot) *
// NodeSpan + (node + 1) % NodeSpan into enc_thr_q. The next cycle (enc_cmp_*_q)
// compares enc_acc_q[p] >= enc_thr_q[lane], stores the bit at level enc_cmp_level_q of
// enc_bits_q[p] and moves the PE on to node 2*node + 1 + bit (enc_node_q holds
// node + 1: the bit is shifted in). The cycle after the compare of the last step
// (out_levels_i - 1, EncSlots - 1), enc_push_q pushes enc_bits_q.
// Last layer: the enc_load_q cycle pushes A_p[enc_nf_q] * acc_q[p] + C_p[enc_nf_q]
// (48-bit).
//
// Packing: acc_q, enc_acc_q: PE p at [p*AccWidth +: AccWidth] (two's
// complement); enc_thr_q: lane l at [l*AccWidth +: AccWidth]; enc_node_q, enc_bits_q:
// PE p at [p*LevelsOut +: LevelsOut]; push_data_o as out_data_o of the MVTU (0 while
// push_valid_o is 0).
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The function: scales and score memory (asynchronous read); the threshold tables
// are read through MvtuConfig::lane_threshold.
class ThresholdUnit {
 public:
  explicit ThresholdUnit(const MvtuConfig& cfg);
  // S3 for one PE.
  int64_t accumulate(bool first, int64_t acc, uint32_t level, uint64_t count,
                     uint32_t in_levels) const {
    return (first ? cfg_.acc_start(in_levels) : acc) -
           2 * int64_t{cfg_.Scales[level]} * int64_t(count);
  }
  // Last layer: A_p[nf] * acc + C_p[nf].
  int64_t score(uint32_t p, uint32_t nf, int64_t acc) const {
    return int64_t{cfg_.score_scale[p][nf]} * acc + cfg_.score_bias[p][nf];
  }

 private:
  const MvtuConfig& cfg_;
};

SC_MODULE(rebnet_threshold_unit) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<uint32_t> in_levels_i{"in_levels_i"};
  sc_core::sc_in<uint32_t> out_levels_i{"out_levels_i"};
  sc_core::sc_in<bool> s3_valid_i{"s3_valid_i"};
  sc_core::sc_in<bool> s3_first_i{"s3_first_i"};
  sc_core::sc_in<bool> s3_last_i{"s3_last_i"};
  sc_core::sc_in<uint32_t> s3_level_i{"s3_level_i"};
  sc_core::sc_in<uint32_t> s3_nf_i{"s3_nf_i"};
  sc_core::sc_in<Bits> count_i{"count_i"};  // the popcount tree's count_q
  sc_core::sc_out<bool> push_valid_o{"push_valid_o"};
  sc_core::sc_out<Bits> push_data_o{"push_data_o"};

  Reg<Bits> acc;
  Reg<Bits> enc_acc;
  Reg<uint32_t> enc_nf;
  Reg<bool> enc_load;  // acc_q holds a group's final accumulator
  Reg<bool> enc_active;
  Reg<uint32_t> enc_level;
  Reg<uint32_t> enc_slot;
  Reg<bool> enc_cmp_valid;
  Reg<uint32_t> enc_cmp_level;
  Reg<uint32_t> enc_cmp_slot;
  Reg<bool> enc_push;
  Reg<Bits> enc_node;
  Reg<Bits> enc_bits;
  Reg<Bits> enc_thr;  // the RTL's lane tables' output registers

  rebnet_threshold_unit(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_threshold_unit);
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();
  void encode(bool start);
  void clocked();

  const MvtuConfig cfg_;
  ThresholdUnit fn_;
  Bits acc_d_, enc_acc_d_, enc_node_d_, enc_bits_d_, enc_thr_d_, push_data_;
};

}  // namespace rebnet::sc
