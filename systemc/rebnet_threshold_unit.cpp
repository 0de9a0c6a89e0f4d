#include "rebnet_threshold_unit.h"

namespace rebnet::sc {

ThresholdUnit::ThresholdUnit(const MvtuConfig& cfg) : cfg_(cfg) {}

rebnet_threshold_unit::rebnet_threshold_unit(sc_core::sc_module_name name,
                                             const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      acc("acc", Bits(cfg.Pe * cfg.AccWidth)),
      enc_acc("enc_acc", Bits(cfg.Pe * cfg.AccWidth)),
      enc_nf("enc_nf", 0),
      enc_load("enc_load", false),
      enc_active("enc_active", false),
      enc_level("enc_level", 0),
      enc_slot("enc_slot", 0),
      enc_cmp_valid("enc_cmp_valid", false),
      enc_cmp_level("enc_cmp_level", 0),
      enc_cmp_slot("enc_cmp_slot", 0),
      enc_push("enc_push", false),
      enc_node("enc_node", Bits(cfg.Pe * cfg.LevelsOut)),
      enc_bits("enc_bits", Bits(cfg.Pe * cfg.LevelsOut)),
      enc_thr("enc_thr", Bits(cfg.EncLanes * cfg.AccWidth)),
      cfg_(cfg),
      fn_(cfg_),
      acc_d_(cfg.Pe * cfg.AccWidth),
      enc_acc_d_(cfg.Pe * cfg.AccWidth),
      enc_node_d_(cfg.Pe * cfg.LevelsOut),
      enc_bits_d_(cfg.Pe * cfg.LevelsOut),
      enc_thr_d_(cfg.EncLanes * cfg.AccWidth),
      push_data_(cfg.out_bits()) {
  SC_METHOD(comb);
  sensitive << in_levels_i << out_levels_i << s3_valid_i << s3_first_i << s3_last_i
            << s3_level_i << s3_nf_i << count_i << acc.q << enc_acc.q << enc_nf.q << enc_load.q
            << enc_active.q << enc_level.q << enc_slot.q << enc_cmp_valid.q << enc_cmp_level.q
            << enc_cmp_slot.q << enc_push.q << enc_node.q << enc_bits.q << enc_thr.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_threshold_unit::comb() {
  const uint32_t Pe = cfg_.Pe, W = cfg_.AccWidth;
  const Bits& acc_q = acc.q.read();
  const bool load = s3_valid_i.read() && s3_last_i.read();

  // S3.
  acc_d_ = acc_q;
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
  // The cycle after a load (enc_load_q), acc_q holds the group's final accumulator.
  const bool start = enc_load.q.read();
  enc_acc_d_ = start ? acc_q : enc_acc.q.read();
  acc.d.write(acc_d_);
  enc_acc.d.write(enc_acc_d_);
  enc_nf.d.write(load ? s3_nf_i.read() : enc_nf.q.read());
  enc_load.d.write(load);

  push_data_.clear();
  if (cfg_.last()) {
    // Score of the group whose accumulator acc_q holds.
    if (start)
      for (uint32_t p = 0; p < Pe; ++p)
        push_data_.put(p * kScoreBits, kScoreBits,
                       static_cast<uint64_t>(fn_.score(p, enc_nf.q.read(),
                                                       acc_q.get_signed(p * W, W))));
    push_valid_o.write(start);
    push_data_o.write(push_data_);
  } else {
    encode(start);
  }
}

void rebnet_threshold_unit::encode(bool start) {
  const uint32_t Pe = cfg_.Pe, W = cfg_.AccWidth, Lo = cfg_.LevelsOut;
  const uint32_t slots = cfg_.EncSlots, out_levels = out_levels_i.read();
  const Bits& enc_acc_q = enc_acc.q.read();
  const Bits& node_q = enc_node.q.read();
  const Bits& bits_q = enc_bits.q.read();
  const Bits& thr_q = enc_thr.q.read();

  // Compare stage: the step issued last cycle, one PE per lane. enc_node holds a
  // PE's node + 1, so a step shifts its bit in.
  const uint32_t cmp_level = enc_cmp_level.q.read(), cmp_slot = enc_cmp_slot.q.read();
  enc_node_d_ = node_q;  // enc_node_walk in the RTL
  enc_bits_d_ = bits_q;
  if (enc_cmp_valid.q.read()) {
    for (uint32_t l = 0; l < cfg_.EncLanes; ++l) {
      const uint32_t p = l * slots + cmp_slot;
      if (p >= Pe) continue;
      const bool bit = enc_acc_q.get_signed(p * W, W) >= thr_q.get_signed(l * W, W);
      enc_bits_d_.put(p * Lo + cmp_level, 1, bit);
      enc_node_d_.put(p * Lo, Lo, (node_q.get(p * Lo, Lo) << 1) | bit);
    }
  }
  for (uint32_t p = 0; p < Pe; ++p)  // levels from out_levels on stay 0
    for (uint32_t v = out_levels; v < Lo; ++v) enc_bits_d_.put(p * Lo + v, 1, 0);
  const bool cmp_last = enc_cmp_valid.q.read() && cmp_slot == slots - 1 &&
                        cmp_level == out_levels - 1;
  // The word finished by last cycle's compare.
  const bool push = enc_push.q.read();
  if (push) push_data_ = bits_q;

  // Issue stage: a start issues step (0, 0) of its group at once.
  if (start && enc_active.q.read())
    SC_REPORT_ERROR(name(), "encoder overrun: a group finished before the previous walk");
  const bool issue = start || enc_active.q.read();
  const uint32_t nf = enc_nf.q.read();
  const uint32_t level = start ? 0 : enc_level.q.read();
  const uint32_t slot = start ? 0 : enc_slot.q.read();
  // A step's node comes from the previous level's compare: `slots` cycles earlier,
  // or, with one slot, in this very cycle.
  const Bits& node_src = slots == 1 ? enc_node_d_ : node_q;
  for (uint32_t l = 0; l < cfg_.EncLanes; ++l) {
    const uint32_t p = l * slots + slot;
    const uint64_t node = (p < Pe && level != 0) ? node_src.get(p * Lo, Lo) : 1;
    const uint64_t addr = (uint64_t{nf} * cfg_.SlotSpan + slot) * cfg_.NodeSpan + node % cfg_.NodeSpan;
    enc_thr_d_.put(l * W, W, static_cast<uint64_t>(cfg_.lane_threshold(l, addr)));
  }
  bool active = enc_active.q.read();
  uint32_t level_d = enc_level.q.read(), slot_d = enc_slot.q.read();
  if (issue) {
    active = !(level == out_levels - 1 && slot == slots - 1);
    const bool wrap = slot == slots - 1;
    slot_d = wrap ? 0 : slot + 1;
    level_d = wrap ? level + 1 : level;
  }
  if (start)  // back to the roots; the bits need no reset (see the RTL)
    for (uint32_t p = 0; p < Pe; ++p) enc_node_d_.put(p * Lo, Lo, 1);

  enc_active.d.write(active);
  enc_level.d.write(level_d);
  enc_slot.d.write(slot_d);
  enc_cmp_valid.d.write(issue);
  enc_cmp_level.d.write(level);
  enc_cmp_slot.d.write(slot);
  enc_push.d.write(cmp_last);
  enc_node.d.write(enc_node_d_);
  enc_bits.d.write(enc_bits_d_);
  enc_thr.d.write(enc_thr_d_);
  push_valid_o.write(push);
  push_data_o.write(push_data_);
}

void rebnet_threshold_unit::clocked() {
  update_regs(rst_ni.read(), acc, enc_acc, enc_nf, enc_load, enc_active, enc_level, enc_slot,
              enc_cmp_valid, enc_cmp_level, enc_cmp_slot, enc_push, enc_node, enc_bits, enc_thr);
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
  trace_reg(tf, enc_load);
  if (cfg_.last()) return;  // the score needs no walk: the RTL has these in g_hidden only
  trace_reg(tf, enc_active);
  const uint32_t slot_bits = bits_for(cfg_.EncSlots - 1);
  trace_reg(tf, enc_level, kLevelsBits);
  trace_reg(tf, enc_slot, slot_bits);
  trace_reg(tf, enc_cmp_valid);
  trace_reg(tf, enc_cmp_level, kLevelsBits);
  trace_reg(tf, enc_cmp_slot, slot_bits);
  trace_reg(tf, enc_push);
  trace_reg(tf, enc_node);
  trace_reg(tf, enc_bits);
  trace_reg(tf, enc_thr);
}

}  // namespace rebnet::sc
