// Reference for the sliding-window unit (rebnet_sliding_window), shared by its
// SystemC test (tests/systemc/test_sliding_window.cpp) and its RTL test
// (tests/rtl/test_sliding_window.h): the window order of docs/integer-contract.md section 9
// and the no-stall timing of docs/microarchitecture.md ("Sliding-window unit"),
// which the two twins must both meet exactly.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace rebnet::test {

struct SwuShape {
  uint32_t channels = 1, width = 1, height = 1, kernel = 1, simd = 1;
  uint32_t pixel_words() const { return channels / simd; }
  uint32_t row_words() const { return width * pixel_words(); }
  uint32_t out_cols() const { return width - kernel + 1; }
  uint32_t out_rows() const { return height - kernel + 1; }
  uint64_t frame_in_words() const { return uint64_t{height} * row_words(); }
  // K * K * PixelWords * OutRows * OutCols.
  uint64_t frame_out_words() const {
    return uint64_t{kernel} * kernel * pixel_words() * out_rows() * out_cols();
  }
};

// For each output word of a frame, in order, the index (within the frame) of the
// input word it carries: output pixel (oy, ox) in raster order, then ky, kx and the
// pixel's words w: input pixel (oy + ky, ox + kx), word w.
inline std::vector<uint64_t> swu_window_order(const SwuShape& s) {
  std::vector<uint64_t> order;
  order.reserve(s.frame_out_words());
  const uint32_t K = s.kernel, PW = s.pixel_words();
  for (uint32_t oy = 0; oy < s.out_rows(); ++oy)
    for (uint32_t ox = 0; ox < s.out_cols(); ++ox)
      for (uint32_t ky = 0; ky < K; ++ky)
        for (uint32_t kx = 0; kx < K; ++kx)
          for (uint32_t w = 0; w < PW; ++w)
            order.push_back((uint64_t{oy + ky} * s.width + (ox + kx)) * PW + w);
  return order;
}

// The expected output stream for frames sent back to back (`in` holds whole frames).
template <class Word>
std::vector<Word> swu_expected(const SwuShape& s, const std::vector<Word>& in) {
  const std::vector<uint64_t> order = swu_window_order(s);
  std::vector<Word> out;
  for (uint64_t base = 0; base + s.frame_in_words() <= in.size(); base += s.frame_in_words())
    for (uint64_t i : order) out.push_back(in[base + i]);
  return out;
}

// The no-stall timing (input valid and output ready in every cycle), given the
// clock edges at which each input and output word moved:
//  - the words of one frame leave in frame_out_words() consecutive cycles;
//  - frame f's first word leaves 2 edges after the input word completing its row
//    K-1 (its (K * RowWords)-th word), or 1 edge after frame f-1's last word,
//    whichever is later.
// With input offered in every cycle this makes the frame interval (first word to
// first word) exactly frame_out_words() + (K-1) * RowWords, which is checked too:
// a frame's rows 1..K-1 enter only after the previous frame's last window row has
// been read, while its row 0 enters earlier, into the line buffer's spare row.
// Returns "" when the edges follow these rules, else the first few deviations.
inline std::string swu_check_timing(const SwuShape& s, const std::vector<uint64_t>& in_edges,
                                    const std::vector<uint64_t>& out_edges) {
  std::ostringstream err;
  int errors = 0;
  auto fail = [&](const std::string& what) {
    if (errors++ < 5) err << what << "\n";
  };
  const uint64_t fin = s.frame_in_words(), fout = s.frame_out_words();
  if (in_edges.size() % fin != 0 || out_edges.size() != in_edges.size() / fin * fout)
    return "word counts do not match whole frames";
  const uint64_t fill = uint64_t{s.kernel} * s.row_words();  // words up to row K-1
  for (uint64_t f = 0; f < in_edges.size() / fin; ++f) {
    const uint64_t first = out_edges[f * fout];
    uint64_t want = in_edges[f * fin + fill - 1] + 2;
    if (f > 0 && out_edges[f * fout - 1] + 1 > want) want = out_edges[f * fout - 1] + 1;
    if (first != want)
      fail("frame " + std::to_string(f) + ": first word at edge " + std::to_string(first) +
           ", expected " + std::to_string(want));
    const uint64_t interval = fout + uint64_t{s.kernel - 1} * s.row_words();
    if (f > 0 && first != out_edges[(f - 1) * fout] + interval)
      fail("frame " + std::to_string(f) + ": first word " +
           std::to_string(first - out_edges[(f - 1) * fout]) +
           " edges after the previous frame's, expected " + std::to_string(interval));
    for (uint64_t j = 1; j < fout; ++j)
      if (out_edges[f * fout + j] != first + j) {
        fail("frame " + std::to_string(f) + ": word " + std::to_string(j) + " at edge " +
             std::to_string(out_edges[f * fout + j]) + ", expected " + std::to_string(first + j));
        break;
      }
  }
  return err.str();
}

}  // namespace rebnet::test
