#include "rebnet_label_select.h"

namespace rebnet::sc {

void LabelSelect::comb(const LabelSelectRegs& q, bool in_valid, const Bits& in_data, bool out_ready,
                       LabelSelectRegs& d, bool& in_ready) const {
  const uint32_t Pe = cfg_.Pe;
  in_ready = !q.out_valid;
  const bool take = in_valid && in_ready;
  const bool pop = q.out_valid && out_ready;
  d.scores = q.scores;
  d.best = q.best;
  d.label = q.label;
  d.nf = q.nf;
  d.out_valid = q.out_valid && !pop;
  if (!take) return;
  // Shift register: the word enters at the top, the older scores move down.
  d.scores.shift_down(Pe * kScoreBits);
  d.scores.put_range((cfg_.Classes - Pe) * kScoreBits, in_data, 0, Pe * kScoreBits);
  int64_t best = q.nf == 0 ? -(int64_t{1} << (kScoreBits - 1)) : q.best;
  uint32_t label = q.nf == 0 ? 0 : q.label;
  for (uint32_t p = 0; p < Pe; ++p) {
    const int64_t s = in_data.get_signed(p * kScoreBits, kScoreBits);
    if (s > best) {
      best = s;
      label = q.nf * Pe + p;
    }
  }
  d.best = best;
  d.label = label;
  if (q.nf == cfg_.NF() - 1) {
    d.nf = 0;
    d.out_valid = true;
  } else {
    d.nf = q.nf + 1;
  }
}

void LabelSelect::output(const LabelSelectRegs& q, Bits& out_data) const {
  out_data.put(0, kLabelBits, q.label);
  out_data.put_range(kLabelBits, q.scores, 0, cfg_.Classes * kScoreBits);
}

rebnet_label_select::rebnet_label_select(sc_core::sc_module_name name, const LabelSelectConfig& cfg)
    : sc_core::sc_module(name),
      scores("scores", Bits(cfg.Classes * kScoreBits)),
      best("best", Bits(kScoreBits)),
      label("label", 0),
      nf("nf", 0),
      out_valid("out_valid", false),
      cfg_(cfg),
      fn_(cfg),
      best_d_(kScoreBits),
      out_data_(cfg.out_bits()) {
  cfg.check();
  d_.scores = Bits(cfg.Classes * kScoreBits);
  SC_METHOD(comb);
  sensitive << in_valid_i << in_data_i << out_ready_i << scores.q << best.q << label.q << nf.q
            << out_valid.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_label_select::comb() {
  q_.scores = scores.q.read();
  q_.best = best.q.read().get_signed(0, kScoreBits);
  q_.label = label.q.read();
  q_.nf = nf.q.read();
  q_.out_valid = out_valid.q.read();
  bool in_ready = false;
  fn_.comb(q_, in_valid_i.read(), in_data_i.read(), out_ready_i.read(), d_, in_ready);
  best_d_.put(0, kScoreBits, static_cast<uint64_t>(d_.best));
  scores.d.write(d_.scores);
  best.d.write(best_d_);
  label.d.write(d_.label);
  nf.d.write(d_.nf);
  out_valid.d.write(d_.out_valid);
  fn_.output(q_, out_data_);
  in_ready_o.write(in_ready);
  out_valid_o.write(q_.out_valid);
  out_data_o.write(out_data_);
}

void rebnet_label_select::clocked() {
  update_regs(rst_ni.read(), scores, best, label, nf, out_valid);
}

void rebnet_label_select::trace(sc_core::sc_trace_file* tf) const {
  trace_ports(tf, clk_i, rst_ni);
  trace_stream_ports(tf, *this);
  trace_reg(tf, scores);
  trace_reg(tf, best);
  trace_reg(tf, label, bits_for(cfg_.Classes - 1));
  trace_reg(tf, nf, bits_for(cfg_.NF() - 1));
  trace_reg(tf, out_valid);
}

}  // namespace rebnet::sc
