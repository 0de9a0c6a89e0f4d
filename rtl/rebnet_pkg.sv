// Shared constants and elaboration-time helpers of the ReBNet RTL
// (docs/microarchitecture.md, docs/integer-contract.md).
package rebnet_pkg;

  // Contract limits used as widths (integer-contract.md sections 10 and 12).
  localparam int unsigned MaxLevels        = 8;   // levels per activation code
  localparam int unsigned LevelCountWidth  = 4;   // run-time level count k, 1..8
  localparam int unsigned ScoreWidth       = 48;  // last-layer score, s48
  localparam int unsigned ScoreScaleWidth  = 16;  // A_j, s16
  localparam int unsigned ScoreBiasWidth   = 48;  // C_j, s47 held in 48 bits
  // One score-parameter word per PE: C in bits [47:0], A in bits [63:48].
  localparam int unsigned ScoreParamWidth  = ScoreScaleWidth + ScoreBiasWidth;
  // Popcount tree stage A works on chunks of this many bits.
  localparam int unsigned PopChunkBits     = 16;

  // Bits of an index over n values (at least 1, so a signal always exists).
  function automatic int unsigned idx_width(int unsigned n);
    idx_width = (n > 1) ? $clog2(n) : 1;
  endfunction

  // The next power of two >= n (1 for n <= 1).
  function automatic int unsigned pow2_at_least(int unsigned n);
    pow2_at_least = (n > 1) ? (32'd1 << $clog2(n)) : 32'd1;
  endfunction

  // PEs an encoder lane walks in turn (docs/microarchitecture.md, "Encoder"): as many
  // as never lengthen a neuron group (slots * out_levels <= SF * in_levels at every
  // run-time level count), spread evenly over ceil(pe / slots) lanes. Mirrors
  // enc_slots() in systemc/rebnet_mvtu_config.cpp.
  function automatic int unsigned enc_slots(int unsigned pe, int unsigned sf,
                                            int unsigned levels_in, int unsigned levels_out);
    int unsigned most, lanes;
    most = (levels_out > levels_in) ? (sf * levels_in) / levels_out : sf;
    if (most < 1) most = 1;
    if (most > pe) most = pe;
    lanes = (pe + most - 1) / most;
    enc_slots = (levels_out == 0) ? 1 : (pe + lanes - 1) / lanes;
  endfunction

  // Bits of an unsigned count 0..n (at least 1).
  function automatic int unsigned count_width(int unsigned n);
    count_width = (n > 0) ? $clog2(n + 1) : 1;
  endfunction

  // Scale G_{l+1} (level l, counted from 0) of a packed scale vector, G_1 in bits [7:0].
  function automatic int unsigned scale_at(logic [8*MaxLevels-1:0] scales, int unsigned l);
    scale_at = 32'(scales[8*l +: 8]);
  endfunction

  // sum_{l < levels} G_l.
  function automatic int unsigned scale_sum(logic [8*MaxLevels-1:0] scales, int unsigned levels);
    scale_sum = 0;
    for (int unsigned l = 0; l < MaxLevels; l++) begin
      if (l < levels) scale_sum = scale_sum + scale_at(scales, l);
    end
  endfunction

  // Signed width holding every accumulator and threshold of a layer:
  // clog2(B + 2) + 1 with B = MatrixW * sum(G) (contract section 4).
  function automatic int unsigned acc_width(int unsigned matrix_w,
                                            logic [8*MaxLevels-1:0] scales,
                                            int unsigned levels);
    acc_width = $clog2(matrix_w * scale_sum(scales, levels) + 2) + 1;
  endfunction

  // 1 if every used scale lies in [1, 255] and every unused byte is 0.
  function automatic bit scales_legal(logic [8*MaxLevels-1:0] scales, int unsigned levels);
    scales_legal = 1'b1;
    for (int unsigned l = 0; l < MaxLevels; l++) begin
      if (l < levels && scale_at(scales, l) == 0) scales_legal = 1'b0;
      if (l >= levels && scale_at(scales, l) != 0) scales_legal = 1'b0;
    end
  endfunction

  // 1 if the scales are the pixel code's, G_l = 2^(8-l) (contract section 3).
  function automatic bit scales_are_pixel(logic [8*MaxLevels-1:0] scales, int unsigned levels);
    scales_are_pixel = 1'b1;
    for (int unsigned l = 0; l < MaxLevels; l++) begin
      if (l < levels && scale_at(scales, l) != (32'd128 >> l)) scales_are_pixel = 1'b0;
    end
  endfunction

endpackage
