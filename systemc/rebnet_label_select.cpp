#include "rebnet_label_select.h"

namespace rebnet::sc {

void LabelSelect::comb(const LabelSelectRegs& q, bool in_valid, const Bits& in_data, bool out_ready,
                       LabelSelectRegs& d, bool& in_ready) const {
  const uint32_t Pe = cfg_.Pe, NF = cfg_.NF(), Levels = cfg_.Levels();
  const uint32_t nf_bits = cfg_.nf_bits(), label_bits = cfg_.label_bits();
  const bool last = q.nf == NF - 1;
  in_ready = !(last && q.pending);
  const bool take = in_valid && in_ready;
  const bool pop = q.out_valid && out_ready;

  d.nf = take ? (last ? 0 : q.nf + 1) : q.nf;
  d.pending = (q.pending && !pop) || (take && last);
  d.out_scores = q.out_scores;
  d.out_valid = q.out_valid && !pop;
  // The frame's earlier words: each enters at the top and moves the older ones down.
  d.scores = q.scores;
  if (take && NF > 1) {
    d.scores.shift_down(Pe * kScoreBits);
    d.scores.put_range((cfg_.Classes - 2 * Pe) * kScoreBits, in_data, 0, Pe * kScoreBits);
  }
  if (take && last) {
    d.out_scores.put_range(0, q.scores, 0, (cfg_.Classes - Pe) * kScoreBits);
    d.out_scores.put_range((cfg_.Classes - Pe) * kScoreBits, in_data, 0, Pe * kScoreBits);
  }

  // Levels 0..Levels side by side, as the RTL's lvl_*: level 0 is the word being taken
  // (its score p is class nf*Pe + p), levels 1..Levels the tree registers.
  auto valid = [&](uint32_t l) { return l == 0 ? take : ((q.tree_valid >> (l - 1)) & 1u) != 0; };
  auto nf_at = [&](uint32_t l) {
    return l == 0 ? q.nf : static_cast<uint32_t>(q.tree_nf.get((l - 1) * nf_bits, nf_bits));
  };
  auto score = [&](uint32_t c) {  // c: index over all levels (level_base)
    return c < Pe ? in_data.get_signed(c * kScoreBits, kScoreBits)
                  : q.tree_score.get_signed((c - Pe) * kScoreBits, kScoreBits);
  };
  auto label = [&](uint32_t c) {
    return c < Pe ? q.nf * Pe + c
                  : static_cast<uint32_t>(q.tree_label.get((c - Pe) * label_bits, label_bits));
  };

  // Compare tree: level l loads when level l-1 holds a word; the right neighbour (the
  // higher class) wins only when strictly larger, a lone one passes unchanged.
  d.tree_valid = ((q.tree_valid << 1) | (take ? 1u : 0u)) & ((1u << Levels) - 1);
  d.tree_nf = q.tree_nf;
  d.tree_score = q.tree_score;
  d.tree_label = q.tree_label;
  for (uint32_t l = 1; l <= Levels; ++l) {
    if (!valid(l - 1)) continue;
    d.tree_nf.put((l - 1) * nf_bits, nf_bits, nf_at(l - 1));
    for (uint32_t i = 0; i < cfg_.cands(l); ++i) {
      const uint32_t a = cfg_.level_base(l - 1) + 2 * i;
      const uint32_t dst = cfg_.level_base(l) - Pe + i;
      const bool right = 2 * i + 1 < cfg_.cands(l - 1) && score(a + 1) > score(a);
      const uint32_t win = right ? a + 1 : a;
      d.tree_score.put(dst * kScoreBits, kScoreBits, static_cast<uint64_t>(score(win)));
      d.tree_label.put(dst * label_bits, label_bits, label(win));
    }
  }

  // Running best of the frame at the root; the frame's last word completes it.
  d.best = q.best;
  d.label = q.label;
  d.out_label = q.out_label;
  if (valid(Levels)) {
    const uint32_t root = cfg_.level_base(Levels);
    const uint32_t root_nf = nf_at(Levels);
    if (root_nf == 0 || score(root) > q.best) {
      d.best = score(root);
      d.label = label(root);
    }
    if (root_nf == NF - 1) {
      d.out_label = d.label;
      d.out_valid = true;
    }
  }
}

void LabelSelect::output(const LabelSelectRegs& q, Bits& out_data) const {
  out_data.put(0, kLabelBits, q.out_label);
  out_data.put_range(kLabelBits, q.out_scores, 0, cfg_.Classes * kScoreBits);
}

rebnet_label_select::rebnet_label_select(sc_core::sc_module_name name, const LabelSelectConfig& cfg)
    : sc_core::sc_module(name),
      nf("nf", 0),
      scores("scores", Bits((cfg.Classes - cfg.Pe) * kScoreBits)),
      pending("pending", false),
      tree_valid("tree_valid", 0),
      tree_nf("tree_nf", Bits(cfg.Levels() * cfg.nf_bits())),
      tree_score("tree_score", Bits(cfg.tree_cands() * kScoreBits)),
      tree_label("tree_label", Bits(cfg.tree_cands() * cfg.label_bits())),
      best("best", Bits(kScoreBits)),
      label("label", 0),
      out_scores("out_scores", Bits(cfg.Classes * kScoreBits)),
      out_label("out_label", 0),
      out_valid("out_valid", false),
      cfg_(cfg),
      fn_(cfg),
      best_d_(kScoreBits),
      out_data_(cfg.out_bits()) {
  cfg.check();
  SC_METHOD(comb);
  sensitive << in_valid_i << in_data_i << out_ready_i << nf.q << scores.q << pending.q
            << tree_valid.q << tree_nf.q << tree_score.q << tree_label.q << best.q << label.q
            << out_scores.q << out_label.q << out_valid.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_label_select::comb() {
  q_.nf = nf.q.read();
  q_.scores = scores.q.read();
  q_.pending = pending.q.read();
  q_.tree_valid = tree_valid.q.read();
  q_.tree_nf = tree_nf.q.read();
  q_.tree_score = tree_score.q.read();
  q_.tree_label = tree_label.q.read();
  q_.best = best.q.read().get_signed(0, kScoreBits);
  q_.label = label.q.read();
  q_.out_scores = out_scores.q.read();
  q_.out_label = out_label.q.read();
  q_.out_valid = out_valid.q.read();
  bool in_ready = false;
  fn_.comb(q_, in_valid_i.read(), in_data_i.read(), out_ready_i.read(), d_, in_ready);
  best_d_.put(0, kScoreBits, static_cast<uint64_t>(d_.best));
  nf.d.write(d_.nf);
  scores.d.write(d_.scores);
  pending.d.write(d_.pending);
  tree_valid.d.write(d_.tree_valid);
  tree_nf.d.write(d_.tree_nf);
  tree_score.d.write(d_.tree_score);
  tree_label.d.write(d_.tree_label);
  best.d.write(best_d_);
  label.d.write(d_.label);
  out_scores.d.write(d_.out_scores);
  out_label.d.write(d_.out_label);
  out_valid.d.write(d_.out_valid);
  fn_.output(q_, out_data_);
  in_ready_o.write(in_ready);
  out_valid_o.write(q_.out_valid);
  out_data_o.write(out_data_);
}

void rebnet_label_select::clocked() {
  update_regs(rst_ni.read(), nf, scores, pending, tree_valid, tree_nf, tree_score, tree_label,
              best, label, out_scores, out_label, out_valid);
}

void rebnet_label_select::trace(sc_core::sc_trace_file* tf) const {
  trace_ports(tf, clk_i, rst_ni);
  trace_stream_ports(tf, *this);
  trace_reg(tf, nf, cfg_.nf_bits());
  if (cfg_.NF() > 1) trace_reg(tf, scores);  // the RTL has it in g_hold only
  trace_reg(tf, pending);
  trace_reg(tf, tree_valid, cfg_.Levels());
  trace_reg(tf, tree_nf);
  trace_reg(tf, tree_score);
  trace_reg(tf, tree_label);
  trace_reg(tf, best);
  trace_reg(tf, label, cfg_.label_bits());
  trace_reg(tf, out_scores);
  trace_reg(tf, out_label, cfg_.label_bits());
  trace_reg(tf, out_valid);
}

}  // namespace rebnet::sc
