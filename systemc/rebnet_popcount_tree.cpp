#include "rebnet_popcount_tree.h"

namespace rebnet::sc {

void PopcountTree::stage_a(const Bits& mismatch, Bits& chunk) const {
  // 64 bits at a time: SWAR byte counts, then pairs of bytes give the counts of
  // the four 16-bit chunks of the word (a shorter last chunk sees zeros).
  for (uint32_t p = 0; p < pe_; ++p)
    for (uint32_t base = 0; base < simd_; base += 64) {
      const uint32_t n = std::min<uint32_t>(64, simd_ - base);
      uint64_t x = mismatch.get(p * simd_ + base, n);
      x = x - ((x >> 1) & 0x5555555555555555ull);
      x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
      x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
      x = (x + (x >> 8)) & 0x00ff00ff00ff00ffull;
      for (uint32_t c = base / kChunkBits, lane = 0; lane < 4 && c < chunks_; ++c, ++lane)
        chunk.put((p * chunks_ + c) * kChunkCountBits, kChunkCountBits, (x >> (16 * lane)) & 0xff);
    }
}

void PopcountTree::stage_b(const Bits& chunk, Bits& count) const {
  for (uint32_t p = 0; p < pe_; ++p) {
    uint64_t sum = 0;
    for (uint32_t c = 0; c < chunks_; ++c)
      sum += chunk.get((p * chunks_ + c) * kChunkCountBits, kChunkCountBits);
    count.put(p * count_bits_, count_bits_, sum);
  }
}

rebnet_popcount_tree::rebnet_popcount_tree(sc_core::sc_module_name name, const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      chunk("chunk", Bits(cfg.Pe * cfg.chunks() * kChunkCountBits)),
      count("count", Bits(cfg.Pe * cfg.count_bits())),
      fn_(cfg.Simd, cfg.Pe),
      chunk_d_(cfg.Pe * cfg.chunks() * kChunkCountBits),
      count_d_(cfg.Pe * cfg.count_bits()) {
  SC_METHOD(comb);
  sensitive << mismatch_i << chunk.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

// Stage A depends only on mismatch_i and stage B only on chunk_q; the method
// runs when either changes and recomputes only the stage whose input did
// (both on the first run).
void rebnet_popcount_tree::comb() {
  if (!evaluated_ || mismatch_i.event()) {
    fn_.stage_a(mismatch_i.read(), chunk_d_);
    chunk.d.write(chunk_d_);
  }
  if (!evaluated_ || chunk.q.event()) {
    fn_.stage_b(chunk.q.read(), count_d_);
    count.d.write(count_d_);
  }
  evaluated_ = true;
}

// count_o is count_q (RTL: assign count_o = count_q), written with it.
void rebnet_popcount_tree::clocked() {
  update_regs(rst_ni.read(), chunk, count);
  count_o.write(rst_ni.read() ? count.d.read() : count.reset);
}

void rebnet_popcount_tree::trace(sc_core::sc_trace_file* tf) const {
  trace_port(tf, mismatch_i, 0);
  trace_port(tf, count_o, 0);
  trace_reg(tf, chunk);
  trace_reg(tf, count);
}

}  // namespace rebnet::sc
