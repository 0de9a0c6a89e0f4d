// Stage S3 of an MVTU and its output encoder (docs/microarchitecture.md).
//
// Accumulator, per PE p, only when s3_valid_i:
//   acc_q[p] = (s3_first_i ? MatrixW * sum_{l < in_levels} G_l : acc_q[p])
//              - 2 * G[s3_level_i] * count_i[p]
// and when s3_last_i (a load) enc_nf_q takes s3_nf_i; the next cycle (enc_load_q) the
// final acc_q loads enc_acc_q[p] and starts the encoder.
//
// Hidden layer (LevelsOut > 0): the output encoder walks each PE's threshold tree,
// one level per step, on EncLanes comparators shared by EncSlots PEs each (g_hidden).
// Last layer (LevelsOut == 0): in the cycle after the load (enc_load_q),
// score = A_p[enc_nf_q] * acc_q[p] + C_p[enc_nf_q] is pushed.
//
// Memories (read-only):
//   thresholds: one table per lane (rebnet_weight_mem, registered read), ThrDepth words
//               of AccWidth bits; word (nf * SlotSpan + slot) * NodeSpan +
//               (node + 1) % NodeSpan holds the signed threshold nf * Nodes + node of
//               PE lane * EncSlots + slot (0 where that PE or node does not exist).
//               Image: ThresholdFile + "_lane" + the lane as 3 digits + ".mem".
//   scores:     NF words of Pe * 64 bits, PE p at [p*64 +: 64]: C (s48) in [47:0],
//               A (s16) in [63:48]; asynchronous read.
// ThresholdFile / ScoreFile: $readmemh images ("" = not initialised).
// ThresholdMemStyle: the lane tables' MemStyle (rebnet_weight_mem).
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
  parameter                         ThresholdMemStyle = "auto",
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
  logic                   enc_load_q;  // acc_q holds a group's final accumulator
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

  // The final accumulator is taken from acc_q, the cycle after the load: acc_d then
  // feeds acc_q alone, and acc_q has no reset (a group's first step ignores it), so
  // yosys packs the accumulator, start-value mux included, into the DSP48 (its P
  // register and OPMODE): no LUT and no flip-flop per accumulator bit.
  always_comb begin
    enc_acc_d = enc_load_q ? acc_q : enc_acc_q;
    enc_nf_d  = load ? s3_nf_i : enc_nf_q;
  end

  always_ff @(posedge clk_i) begin
    acc_q <= acc_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      enc_acc_q    <= '0;
      enc_nf_q     <= '0;
      enc_load_q   <= 1'b0;
    end else begin
      enc_acc_q    <= enc_acc_d;
      enc_nf_q     <= enc_nf_d;
      enc_load_q   <= load;
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
      assign acc_ext = SW'($signed(acc_q[p*AccWidth +: AccWidth]));
      // |A * acc| < 2^42 and |score| < 2^47: 48-bit two's complement is exact.
      assign product = SW'(scale_a) * acc_ext;
      assign push_data_o[p*SW +: SW] = product + SW'(bias_c);
    end

    // The score of the group whose accumulator acc_q holds (enc_nf_q is its nf until
    // the next load's edge); enc_acc_q is not needed here.
    assign push_valid_o = enc_load_q;

    // The last layer has no output levels (out_levels_i is 0).
    logic unused_out_levels;
    assign unused_out_levels = ^out_levels_i;

  end else begin : g_hidden
    // ------------------------------------------------------------ hidden: encoder
    // EncLanes comparators; lane l walks PEs l * EncSlots + slot in turn, level-major:
    // step (level, slot) is issued (its threshold read) one cycle and compared the next.
    // The walk issues its first step when enc_acc_q is being loaded (enc_load_q), so a
    // group loaded in cycle c compares in c+2 .. c+EncSlots*out_levels+1 and is pushed
    // the cycle after.
    // enc_slots() makes EncSlots * out_levels <= the group's own issue cycles, so the
    // walk has ended before the next load (when EncSlots > 1; with one slot it is the
    // level sequencer's pacing, as before).
    localparam int unsigned SF            = (MatrixW + Simd - 1) / Simd;
    localparam int unsigned EncSlots      = rebnet_pkg::enc_slots(Pe, SF, LevelsIn, LevelsOut);
    localparam int unsigned EncLanes      = (Pe + EncSlots - 1) / EncSlots;
    localparam int unsigned SlotSpan      = rebnet_pkg::pow2_at_least(EncSlots);
    localparam int unsigned NodeSpan      = rebnet_pkg::pow2_at_least(Nodes);
    localparam int unsigned ThrDepth      = NF * SlotSpan * NodeSpan;
    localparam int unsigned ThrAddrWidth  = rebnet_pkg::idx_width(ThrDepth);
    localparam int unsigned NodeWidth     = LevelsOut;  // positions 1 .. 2^LevelsOut - 1
    localparam int unsigned SlotWidth     = rebnet_pkg::idx_width(EncSlots);
    localparam int unsigned OutLevelWidth = LvW;        // enc_level_q reaches out_levels

    logic                      enc_active_d, enc_active_q;  // steps left to issue
    logic [OutLevelWidth-1:0]  enc_level_d, enc_level_q;  // next step to issue
    logic [SlotWidth-1:0]      enc_slot_d, enc_slot_q;
    logic                      enc_cmp_valid_q;          // the step compared this cycle
    logic [OutLevelWidth-1:0]  enc_cmp_level_q;
    logic [SlotWidth-1:0]      enc_cmp_slot_q;
    logic                      enc_push_q;               // the walk finished last cycle
    // A PE's position in its threshold tree is kept as node + 1 (root 1): a step then
    // just shifts its bit in, 2 * (node + 1) + bit = (2 * node + 1 + bit) + 1.
    logic [Pe*NodeWidth-1:0]   enc_node_d, enc_node_q;
    logic [Pe*LevelsOut-1:0]   enc_bits_d, enc_bits_q;
    logic [EncLanes*AccWidth-1:0] enc_thr_q;  // the lane tables' output registers
    logic [Pe*NodeWidth-1:0]   enc_node_walk;  // enc_node_q after this cycle's compares
    logic                      issue, issue_last, cmp_last;
    logic [NfWidth-1:0]        issue_nf;
    logic [OutLevelWidth-1:0]  issue_level;
    logic [SlotWidth-1:0]      issue_slot;

    assign issue       = enc_load_q || enc_active_q;
    assign issue_nf    = enc_nf_q;
    assign issue_level = enc_load_q ? '0 : enc_level_q;
    assign issue_slot  = enc_load_q ? '0 : enc_slot_q;
    assign issue_last  = 32'(issue_level) == 32'(out_levels_i) - 32'd1 &&
                         32'(issue_slot) == EncSlots - 1;
    assign cmp_last    = enc_cmp_valid_q && 32'(enc_cmp_slot_q) == EncSlots - 1 &&
                         32'(enc_cmp_level_q) == 32'(out_levels_i) - 32'd1;

    for (genvar l = 0; l < EncLanes; l++) begin : g_lane
      logic [ThrAddrWidth-1:0] thr_addr;
      logic [NodeWidth-1:0]    node;  // the issued PE's node + 1 (1 at level 0)
      logic                    bit_l;

      // A step's node comes from the previous level's compare: EncSlots cycles earlier,
      // or, with one slot, in this very cycle.
      always_comb begin
        node = NodeWidth'(1);
        for (int unsigned j = 0; j < EncSlots; j++) begin
          if (l * EncSlots + j < Pe && 32'(issue_slot) == j && issue_level != '0) begin
            node = (EncSlots == 1) ? enc_node_walk[(l*EncSlots + j)*NodeWidth +: NodeWidth]
                                   : enc_node_q[(l*EncSlots + j)*NodeWidth +: NodeWidth];
          end
        end
      end
      // node + 1 < NodeSpan, except with one node (LevelsOut = 1, NodeSpan = 1): 0.
      assign thr_addr = ThrAddrWidth'((32'(issue_nf) * SlotSpan + 32'(issue_slot)) * NodeSpan +
                                      32'(node) % NodeSpan);

      rebnet_weight_mem #(
        .Pe         (1),
        .Simd       (AccWidth),
        .NF         (ThrDepth),
        .SF         (1),
        .WeightFile ((ThresholdFile == "") ? "" :
                     {ThresholdFile, "_lane", 8'(48 + l / 100), 8'(48 + l / 10 % 10),
                      8'(48 + l % 10), ".mem"}),
        .MemStyle   (ThresholdMemStyle)
      ) u_thr_mem (
        .clk_i     (clk_i),
        .rd_addr_i (thr_addr),
        .rd_data_o (enc_thr_q[l*AccWidth +: AccWidth])
      );

      // The compared PE's accumulator against the threshold read last cycle.
      logic signed [AccWidth-1:0] acc;
      always_comb begin
        acc = '0;
        for (int unsigned j = 0; j < EncSlots; j++) begin
          if (l * EncSlots + j < Pe && 32'(enc_cmp_slot_q) == j) begin
            acc = $signed(enc_acc_q[(l*EncSlots + j)*AccWidth +: AccWidth]);
          end
        end
      end
      assign bit_l = acc >= $signed(enc_thr_q[l*AccWidth +: AccWidth]);

      for (genvar j = 0; j < EncSlots; j++) begin : g_slot
        localparam int unsigned P = l * EncSlots + j;
        if (P < Pe) begin : g_pe
          logic                 here;
          logic [NodeWidth-1:0] node_q;
          assign here   = enc_cmp_valid_q && 32'(enc_cmp_slot_q) == j;
          assign node_q = enc_node_q[P*NodeWidth +: NodeWidth];
          assign enc_node_walk[P*NodeWidth +: NodeWidth] = here ? NodeWidth'({node_q, bit_l})
                                                                : node_q;
          // Each walk writes every level below out_levels of every PE before the push;
          // the levels above stay 0. No reset on a load: the finished word is pushed
          // from enc_bits_q the cycle after the last compare, while the next walk's
          // first compare may be writing.
          for (genvar v = 0; v < LevelsOut; v++) begin : g_level
            assign enc_bits_d[P*LevelsOut + v] =
                (v >= 32'(out_levels_i)) ? 1'b0 :
                (here && 32'(enc_cmp_level_q) == v) ? bit_l : enc_bits_q[P*LevelsOut + v];
          end
        end
      end
    end

    assign push_valid_o = enc_push_q;
    assign push_data_o  = enc_bits_q;

    always_comb begin
      enc_active_d = enc_active_q;
      enc_level_d  = enc_level_q;
      enc_slot_d   = enc_slot_q;
      if (issue) begin
        enc_active_d = !issue_last;
        enc_slot_d   = (32'(issue_slot) == EncSlots - 1) ? '0 : issue_slot + SlotWidth'(1);
        enc_level_d  = (32'(issue_slot) == EncSlots - 1) ? issue_level + OutLevelWidth'(1)
                                                         : issue_level;
      end
      // A new walk starts at the roots (overriding the previous group's last compare
      // in this cycle, whose node is no longer needed).
      enc_node_d = enc_load_q ? {Pe{NodeWidth'(1)}} : enc_node_walk;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        enc_active_q    <= 1'b0;
        enc_level_q     <= '0;
        enc_slot_q      <= '0;
        enc_cmp_valid_q <= 1'b0;
        enc_cmp_level_q <= '0;
        enc_cmp_slot_q  <= '0;
        enc_push_q      <= 1'b0;
      end else begin
        enc_active_q    <= enc_active_d;
        enc_level_q     <= enc_level_d;
        enc_slot_q      <= enc_slot_d;
        enc_cmp_valid_q <= issue;
        enc_cmp_level_q <= issue_level;
        enc_cmp_slot_q  <= issue_slot;
        enc_push_q      <= cmp_last;
      end
    end

    // No reset: a load sets every node before its first use, and every bit is
    // written (or held at 0) before a push. Without one, the load and the level
    // count map onto the flip-flops' synchronous reset and set pins (FDRE/FDSE) and
    // a step onto their clock enable, no LUT per bit.
    always_ff @(posedge clk_i) begin
      enc_node_q <= enc_node_d;
      enc_bits_q <= enc_bits_d;
    end

    if (EncLanes > 999) begin : g_bad_lanes
      $error("rebnet_threshold_unit: more than 999 encoder lanes (lane images have 3 digits)");
    end

`ifndef SYNTHESIS
    // hold_q pacing and enc_slots(): a new group never reaches the encoder mid-walk.
    a_encoder_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
        enc_load_q |-> !enc_active_q)
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
