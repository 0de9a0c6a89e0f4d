#include "rebnet_threshold_unit.h"

namespace rebnet::sc {

ThresholdUnit::ThresholdUnit(const MvtuConfig& cfg) : cfg_(cfg) {}

rebnet_threshold_unit::rebnet_threshold_unit(sc_core::sc_module_name name,
                                             const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      acc("acc", Bits(cfg.Pe * cfg.AccWidth)),
      enc_acc("enc_acc", Bits(cfg.Pe * cfg.AccWidth)),
      enc_nf("enc_nf", 0),
      enc_active("enc_active", false),
      enc_level("enc_level", 0),
      enc_node("enc_node", Bits(cfg.Pe * cfg.LevelsOut)),
      enc_bits("enc_bits", Bits(cfg.Pe * cfg.LevelsOut)),
      cfg_(cfg),
      fn_(cfg_),
      acc_d_(cfg.Pe * cfg.AccWidth),
      enc_acc_d_(cfg.Pe * cfg.AccWidth),
      enc_node_d_(cfg.Pe * cfg.LevelsOut),
      enc_bits_d_(cfg.Pe * cfg.LevelsOut),
      push_data_(cfg.out_bits()) {
  SC_METHOD(comb);
  sensitive << in_levels_i << out_levels_i << s3_valid_i << s3_first_i << s3_last_i
            << s3_level_i << s3_nf_i << count_i << acc.q << enc_acc.q << enc_nf.q << enc_active.q << enc_level.q << enc_node.q << enc_bits.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_threshold_unit::comb() {
  const uint32_t Pe = cfg_.Pe, W = cfg_.AccWidth, Lo = cfg_.LevelsOut;
  const Bits& acc_q = acc.q.read();
  const Bits& enc_acc_q = enc_acc.q.read();
  const uint32_t enc_nf_q = enc_nf.q.read();
  const bool enc_active_q = enc_active.q.read();
  const uint32_t enc_level_q = enc_level.q.read();

  // Defaults: every register holds, nothing is pushed.
  acc_d_ = acc_q;
  enc_acc_d_ = enc_acc_q;
  enc_node_d_ = enc_node.q.read();
  enc_bits_d_ = enc_bits.q.read();
  uint32_t enc_nf_d = enc_nf_q, enc_level_d = enc_level_q;
  bool enc_active_d = enc_active_q;
  bool push = false;
  push_data_.clear();

  // Encoder.
  if (enc_active_q) {
    if (cfg_.last()) {
      for (uint32_t p = 0; p < Pe; ++p)
        push_data_.put(p * kScoreBits, kScoreBits,
                       static_cast<uint64_t>(fn_.score(p, enc_nf_q, enc_acc_q.get_signed(p * W, W))));
      push = true;
      enc_active_d = false;
    } else {
      const Bits& node_q = enc_node.q.read();
      const Bits& bits_q = enc_bits.q.read();
      const bool finish = enc_level_q == out_levels_i.read() - 1;
      for (uint32_t p = 0; p < Pe; ++p) {
        const uint32_t node = static_cast<uint32_t>(node_q.get(p * Lo, Lo));
        const bool bit = fn_.compare(p, enc_nf_q, node, enc_acc_q.get_signed(p * W, W));
        const uint64_t word = bits_q.get(p * Lo, Lo) | (uint64_t{bit} << enc_level_q);
        enc_bits_d_.put(p * Lo, Lo, word);
        enc_node_d_.put(p * Lo, Lo, 2 * node + 1 + bit);
        if (finish) push_data_.put(p * Lo, Lo, word);
      }
      enc_level_d = enc_level_q + 1;
      if (finish) {
        push = true;
        enc_active_d = false;
      }
    }
  }

  // S3.
  if (s3_valid_i.read()) {
    const Bits& count_q = count_i.read();
    const uint32_t cb = cfg_.count_bits();
    const bool first = s3_first_i.read();
    const uint32_t level = s3_level_i.read(), in_levels = in_levels_i.read();
    for (uint32_t p = 0; p < Pe; ++p) {
      const int64_t a = fn_.accumulate(first, acc_q.get_signed(p * W, W), level,
                                       count_q.get(p * cb, cb), in_levels);
      acc_d_.put(p * W, W, static_cast<uint64_t>(a));
    }
  }
  if (s3_last_i.read()) {
    if (enc_active_q && !push)
      SC_REPORT_ERROR(name(), "encoder overrun: a group finished before the previous word");
    enc_acc_d_ = acc_d_;
    enc_nf_d = s3_nf_i.read();
    enc_active_d = true;
    enc_level_d = 0;
    enc_node_d_.clear();
    enc_bits_d_.clear();
  }

  acc.d.write(acc_d_);
  enc_acc.d.write(enc_acc_d_);
  enc_nf.d.write(enc_nf_d);
  enc_active.d.write(enc_active_d);
  enc_level.d.write(enc_level_d);
  enc_node.d.write(enc_node_d_);
  enc_bits.d.write(enc_bits_d_);
  push_valid_o.write(push);
  push_data_o.write(push_data_);
}

void rebnet_threshold_unit::clocked() {
  update_regs(rst_ni.read(), acc, enc_acc, enc_nf, enc_active, enc_level, enc_node, enc_bits);
}

void rebnet_threshold_unit::trace(sc_core::sc_trace_file* tf) const {
  const uint32_t nf_bits = bits_for(cfg_.NF - 1);
  trace_port(tf, in_levels_i, kLevelsBits);
  trace_port(tf, out_levels_i, kLevelsBits);
  trace_port(tf, s3_valid_i, 1);
  trace_port(tf, s3_first_i, 1);
  trace_port(tf, s3_last_i, 1);
  trace_port(tf, s3_level_i, bits_for(cfg_.LevelsIn - 1));
  trace_port(tf, s3_nf_i, nf_bits);
  trace_port(tf, count_i, 0);
  trace_port(tf, push_valid_o, 1);
  trace_port(tf, push_data_o, 0);
  trace_reg(tf, acc);
  trace_reg(tf, enc_acc);
  trace_reg(tf, enc_nf, nf_bits);
  trace_reg(tf, enc_active);
  if (cfg_.last()) return;  // the score needs no walk: the RTL has these in g_hidden only
  trace_reg(tf, enc_level, kLevelsBits);
  trace_reg(tf, enc_node);
  trace_reg(tf, enc_bits);
}

}  // namespace rebnet::sc
