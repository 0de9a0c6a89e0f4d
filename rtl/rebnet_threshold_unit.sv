// Stage S3 of an MVTU and its output encoder (docs/microarchitecture.md).
//
// Accumulator, per PE p, only when s3_valid_i:
//   acc_q[p] = (s3_first_i ? MatrixW * sum_{l < in_levels} G_l : acc_q[p])
//              - 2 * G[s3_level_i] * count_i[p]
// and when s3_last_i the same value loads enc_acc_q[p], enc_nf_q and starts the encoder.
//
// Hidden layer (LevelsOut > 0): a serial threshold-table walk, one level per cycle;
// in the cycle where enc_level_q == out_levels - 1 the finished word is pushed and
// enc_active_q clears (that cycle steps enc_level_q / enc_node_q / enc_bits_q like any
// other; only a load resets them to 0).
// Last layer (LevelsOut == 0): in the cycle after the load,
// score = A_p[enc_nf_q] * enc_acc_q[p] + C_p[enc_nf_q] is pushed.
//
// Memories (read-only, asynchronous read, one lane per PE):
//   thresholds: NF * Nodes words of Pe * AccWidth bits, word nf*Nodes + node,
//               PE p's signed threshold at [p*AccWidth +: AccWidth]
//   scores:     NF words of Pe * 64 bits, PE p at [p*64 +: 64]: C (s48) in [47:0],
//               A (s16) in [63:48]
// ThresholdFile / ScoreFile: $readmemh images ("" = not initialised).
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_threshold_unit #(
  parameter int unsigned            MatrixW       = 64,
  parameter int unsigned            Simd          = 16,
  parameter int unsigned            Pe            = 4,
  parameter int unsigned            NF            = 1,
  parameter int unsigned            LevelsIn      = 2,
  parameter int unsigned            LevelsOut     = 2,
  parameter logic [8*LevelsIn-1:0]  Scales        = {LevelsIn{8'd1}},
  parameter                         ThresholdFile = "",
  parameter                         ScoreFile     = "",
  localparam int unsigned AccWidth   = rebnet_pkg::acc_width(MatrixW, 64'(Scales), LevelsIn),
  localparam int unsigned Nodes      = (1 << LevelsOut) - 1,
  localparam int unsigned NfWidth    = rebnet_pkg::idx_width(NF),
  localparam int unsigned LevelWidth = rebnet_pkg::idx_width(LevelsIn),
  localparam int unsigned CountWidth = rebnet_pkg::count_width(Simd),
  localparam int unsigned OutWidth   = (LevelsOut == 0) ? Pe * rebnet_pkg::ScoreWidth
                                                        : Pe * LevelsOut,
  localparam int unsigned LvW        = rebnet_pkg::LevelCountWidth
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  input  logic [LvW-1:0]                in_levels_i,
  input  logic [LvW-1:0]                out_levels_i,
  // stage S3 control and the popcounts of stage B
  input  logic                          s3_valid_i,
  input  logic                          s3_first_i,
  input  logic                          s3_last_i,
  input  logic [LevelWidth-1:0]         s3_level_i,
  input  logic [NfWidth-1:0]            s3_nf_i,
  input  logic [Pe*CountWidth-1:0]      count_i,
  // finished output word (pushed into the output FIFO; credits guarantee room)
  output logic                          push_valid_o,
  output logic [OutWidth-1:0]           push_data_o
);

  // Per-PE quantities are flat buses, PE p at [p*W +: W].
  logic [Pe*AccWidth-1:0] acc_d, acc_q;
  logic [Pe*AccWidth-1:0] enc_acc_d, enc_acc_q;
  logic [NfWidth-1:0]     enc_nf_d, enc_nf_q;
  logic                   enc_active_d, enc_active_q;
  logic                   load;

  // ---------------------------------------------------------------- accumulator
  logic [AccWidth-1:0] base;    // MatrixW * sum_{l < in_levels} G_l
  logic [AccWidth-1:0] scale2;  // 2 * G[s3_level_i]

  always_comb begin
    base   = '0;
    scale2 = '0;
    for (int unsigned l = 0; l < LevelsIn; l++) begin
      if (l < 32'(in_levels_i)) base = base + AccWidth'(MatrixW * 32'(Scales[8*l +: 8]));
      if (l == 32'(s3_level_i)) scale2 = AccWidth'(2 * 32'(Scales[8*l +: 8]));
    end
  end

  assign load = s3_valid_i && s3_last_i;

  // Modular AccWidth-bit arithmetic is exact: every partial sum lies in [-B, B]
  // (contract section 4), and count <= MatrixW < 2^(AccWidth-1). The product is added
  // with the scale negated, not subtracted: yosys then packs the addition into the
  // DSP48's post-adder with the multiply (about 16 LUTs and 4 CARRY4 less per PE).
  logic [AccWidth-1:0] neg_scale2;
  assign neg_scale2 = -scale2;

  always_comb begin
    acc_d = acc_q;
    if (s3_valid_i) begin
      for (int unsigned p = 0; p < Pe; p++) begin
        acc_d[p*AccWidth +: AccWidth] = (s3_first_i ? base : acc_q[p*AccWidth +: AccWidth]) +
            AccWidth'(neg_scale2 * AccWidth'(count_i[p*CountWidth +: CountWidth]));
      end
    end
  end

  always_comb begin
    enc_acc_d = load ? acc_d : enc_acc_q;
    enc_nf_d  = load ? s3_nf_i : enc_nf_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q        <= '0;
      enc_acc_q    <= '0;
      enc_nf_q     <= '0;
      enc_active_q <= 1'b0;
    end else begin
      acc_q        <= acc_d;
      enc_acc_q    <= enc_acc_d;
      enc_nf_q     <= enc_nf_d;
      enc_active_q <= enc_active_d;
    end
  end

  if (LevelsOut == 0) begin : g_last
    // ------------------------------------------------------------ last layer: score
    localparam int unsigned SW = rebnet_pkg::ScoreWidth;
    localparam int unsigned PW = rebnet_pkg::ScoreParamWidth;
    localparam int unsigned CW = rebnet_pkg::ScoreBiasWidth;
    localparam int unsigned AW = rebnet_pkg::ScoreScaleWidth;

    logic [Pe*PW-1:0] score_mem [NF] /* verilator public */;

    initial begin
      if (ScoreFile != "") $readmemh(ScoreFile, score_mem);
    end

    logic [Pe*PW-1:0] score_word;
    assign score_word = score_mem[enc_nf_q];

    for (genvar p = 0; p < Pe; p++) begin : g_pe
      logic signed [AW-1:0] scale_a;
      logic signed [CW-1:0] bias_c;
      logic signed [SW-1:0] acc_ext, product;
      assign bias_c  = score_word[p*PW +: CW];
      assign scale_a = score_word[p*PW + CW +: AW];
      assign acc_ext = SW'($signed(enc_acc_q[p*AccWidth +: AccWidth]));
      // |A * acc| < 2^42 and |score| < 2^47: 48-bit two's complement is exact.
      assign product = SW'(scale_a) * acc_ext;
      assign push_data_o[p*SW +: SW] = product + SW'(bias_c);
    end

    assign push_valid_o = enc_active_q;
    assign enc_active_d = load;

    // The last layer has no output levels (out_levels_i is 0).
    logic unused_out_levels;
    assign unused_out_levels = ^out_levels_i;

  end else begin : g_hidden
    // ------------------------------------------------------------ hidden: encoder
    localparam int unsigned NodeWidth     = LevelsOut;  // nodes 0 .. 2^LevelsOut - 2
    localparam int unsigned OutLevelWidth = LvW;        // enc_level_q reaches out_levels
    localparam int unsigned ThrAddrWidth  = rebnet_pkg::idx_width(NF * Nodes);

    logic [Pe*AccWidth-1:0] thr_mem [NF * Nodes] /* verilator public */;

    initial begin
      if (ThresholdFile != "") $readmemh(ThresholdFile, thr_mem);
    end

    logic [OutLevelWidth-1:0]  enc_level_d, enc_level_q;
    logic [Pe*NodeWidth-1:0]   enc_node_d, enc_node_q;
    logic [Pe*LevelsOut-1:0]   enc_bits_d, enc_bits_q;
    logic [Pe-1:0]             enc_bit;
    logic [Pe*LevelsOut-1:0]   enc_word;  // enc_bits_q with this cycle's bit inserted
    logic                      finish;

    for (genvar p = 0; p < Pe; p++) begin : g_pe
      logic [ThrAddrWidth-1:0]    thr_addr;
      logic signed [AccWidth-1:0] thr, acc;
      logic [LevelsOut-1:0]       bits, word;
      assign thr_addr   = ThrAddrWidth'(32'(enc_nf_q) * Nodes +
                                        32'(enc_node_q[p*NodeWidth +: NodeWidth]));
      assign thr        = $signed(thr_mem[thr_addr][p*AccWidth +: AccWidth]);
      assign acc        = $signed(enc_acc_q[p*AccWidth +: AccWidth]);
      assign enc_bit[p] = acc >= thr;
      assign bits       = enc_bits_q[p*LevelsOut +: LevelsOut];
      assign word       = bits | (LevelsOut'(enc_bit[p]) << enc_level_q);
      assign enc_word[p*LevelsOut +: LevelsOut] = word;
    end

    assign finish       = enc_active_q && 32'(enc_level_q) == 32'(out_levels_i) - 32'd1;
    assign push_valid_o = finish;
    assign push_data_o  = enc_word;

    always_comb begin
      enc_active_d = enc_active_q;
      enc_level_d  = enc_level_q;
      enc_node_d   = enc_node_q;
      enc_bits_d   = enc_bits_q;
      if (enc_active_q) begin
        enc_level_d = enc_level_q + OutLevelWidth'(1);
        enc_bits_d  = enc_word;
        for (int unsigned p = 0; p < Pe; p++) begin
          enc_node_d[p*NodeWidth +: NodeWidth] =
              NodeWidth'(2 * 32'(enc_node_q[p*NodeWidth +: NodeWidth]) + 1 + 32'(enc_bit[p]));
        end
      end
      // The final cycle updates like any other (level, node and bits step on; the
      // node wraps in its LevelsOut bits) and clears enc_active; a load, possibly in
      // the same cycle, restarts the walk on the next cycle.
      if (finish) enc_active_d = 1'b0;
      if (load) begin
        enc_active_d = 1'b1;
        enc_level_d  = '0;
        enc_node_d   = '0;
        enc_bits_d   = '0;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        enc_level_q <= '0;
        enc_node_q  <= '0;
        enc_bits_q  <= '0;
      end else begin
        enc_level_q <= enc_level_d;
        enc_node_q  <= enc_node_d;
        enc_bits_q  <= enc_bits_d;
      end
    end

`ifndef SYNTHESIS
    // hold_q pacing: a new group never reaches the encoder while it is still walking.
    a_encoder_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
        load && enc_active_q |-> finish)
      else $error("rebnet_threshold_unit: encoder busy when a group's accumulator is final");
`endif
  end

  if (!rebnet_pkg::scales_legal(64'(Scales), LevelsIn)) begin : g_bad_scales
    $error("rebnet_threshold_unit: every scale G_l must lie in [1, 255]");
  end
  if (AccWidth > 28) begin : g_bad_bound
    $error("rebnet_threshold_unit: accumulator bound MatrixW * sum(Scales) exceeds 2^26 - 1");
  end

endmodule
