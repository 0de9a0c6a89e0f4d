// Label select (docs/microarchitecture.md, "Label select"; integer contract section
// 10): collects the NF = Classes / Pe score words of a frame (score of class nf*Pe + p
// at in_data_i[p*48 +: 48], signed) and emits one word per frame: the top-1 label
// (index of the largest score, ties to the lowest index) in out_data_o[15:0] and
// score j at out_data_o[16 + 48*j +: 48].
//
// Pipelined so that no register-to-register path holds more than one 48-bit compare
// and a 2:1 mux:
// - a compare tree of Levels = max(1, clog2(Pe)) register levels: level l holds
//   ceil(Pe / 2^l) candidates (score, class), each the larger of two neighbours of
//   level l-1 (level 0 is in_data_i), the lower class kept on a tie, an odd one out
//   passed on unchanged;
// - the running best (best_q, label_q) of the frame's words, replaced only by a
//   strictly larger root of the tree, so the lowest class wins a tie as in the golden
//   model's top1(); the root of a frame's first word starts it afresh;
// - the output word (out_scores_q, out_label_q): the scores are loaded when the last
//   word is taken, the label Levels cycles later, when that word leaves the tree.
// Latency Levels + 1 edges from the last input word to the output word. The next
// frame's words are taken meanwhile; only its last word waits while out_scores_q still
// belongs to an earlier frame (pending_q), so a frame takes max(NF, Levels + 2) cycles.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_label_select #(
  parameter int unsigned  Classes    = 10,
  parameter int unsigned  Pe         = 2,
  localparam int unsigned ScoreBits  = 48,
  localparam int unsigned LabelBits  = 16,
  localparam int unsigned NF         = (Pe > 0) ? Classes / Pe : 1,
  localparam int unsigned InWidth    = Pe * ScoreBits,
  localparam int unsigned ScoresBits = Classes * ScoreBits,
  localparam int unsigned OutWidth   = LabelBits + ScoresBits,
  localparam int unsigned LabelWidth = (Classes > 1) ? $clog2(Classes) : 1,
  localparam int unsigned NfWidth    = (NF > 1) ? $clog2(NF) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [InWidth-1:0]  in_data_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [OutWidth-1:0] out_data_o
);

  // Candidates at tree level l (level 0: the Pe scores of in_data_i).
  function automatic int unsigned cands(int unsigned l);
    cands = (Pe + (32'd1 << l) - 1) >> l;
  endfunction

  // Index of level l's first candidate when levels 0, 1, ... are laid side by side.
  function automatic int unsigned level_base(int unsigned l);
    level_base = 0;
    for (int unsigned k = 0; k < l; k++) level_base += cands(k);
  endfunction

  localparam int unsigned Levels    = (Pe > 1) ? $clog2(Pe) : 1;
  localparam int unsigned TreeCands = level_base(Levels + 1) - Pe;  // levels 1..Levels
  localparam int unsigned AllCands  = Pe + TreeCands;               // levels 0..Levels

  // Tree registers, levels 1..Levels side by side: level l's valid flag at bit l-1, the
  // nf of its word at [(l-1)*NfWidth +: NfWidth], its candidate i at index
  // level_base(l) - Pe + i of tree_score_q (48 bits each) and tree_label_q (its class).
  logic [Levels-1:0]                 tree_valid_d, tree_valid_q;
  logic [Levels*NfWidth-1:0]         tree_nf_d, tree_nf_q;
  logic [TreeCands*ScoreBits-1:0]    tree_score_d, tree_score_q;
  logic [TreeCands*LabelWidth-1:0]   tree_label_d, tree_label_q;
  logic signed [ScoreBits-1:0]       best_d, best_q;
  logic [LabelWidth-1:0]             label_d, label_q;
  logic [NfWidth-1:0]                nf_d, nf_q;
  logic                              pending_d, pending_q;
  logic [ScoresBits-1:0]             out_scores_d, out_scores_q;
  logic [LabelWidth-1:0]             out_label_d, out_label_q;
  logic                              out_valid_d, out_valid_q;

  logic                              last, take, pop;
  logic [ScoresBits-1:0]             frame_scores;
  logic [Pe*LabelWidth-1:0]          in_label;
  // Levels 0..Levels side by side (level 0 is the word being taken), as above.
  logic [Levels:0]                   lvl_valid;
  logic [(Levels+1)*NfWidth-1:0]     lvl_nf;
  logic [AllCands*ScoreBits-1:0]     lvl_score;
  logic [AllCands*LabelWidth-1:0]    lvl_label;
  logic                              root_valid;
  logic signed [ScoreBits-1:0]       root_score;
  logic [LabelWidth-1:0]             root_label;
  logic [NfWidth-1:0]                root_nf;

  // frame_scores: the frame's scores (score j at [48*j +: 48]) when in_data_i is its
  // last word.
  if (NF > 1) begin : g_hold
    // The frame's earlier words: each enters at the top and moves the older ones down
    // by Pe scores.
    logic [ScoresBits-InWidth-1:0] scores_d, scores_q;
    assign frame_scores = {in_data_i, scores_q};
    assign scores_d     = take ? frame_scores[ScoresBits-1:InWidth] : scores_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) scores_q <= '0;
      else         scores_q <= scores_d;
    end
  end else begin : g_single
    assign frame_scores = in_data_i;
  end

  // The last word waits while out_scores_q still holds an earlier frame.
  assign last        = 32'(nf_q) == NF - 1;
  assign in_ready_o  = !(last && pending_q);
  assign take        = in_valid_i && in_ready_o;
  assign pop         = out_valid_q && out_ready_i;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = {out_scores_q, LabelBits'(out_label_q)};

  always_comb begin
    for (int unsigned p = 0; p < Pe; p++)
      in_label[p*LabelWidth +: LabelWidth] = LabelWidth'(32'(nf_q) * Pe + p);
  end

  assign lvl_valid  = {tree_valid_q, take};
  assign lvl_nf     = {tree_nf_q, nf_q};
  assign lvl_score  = {tree_score_q, in_data_i};
  assign lvl_label  = {tree_label_q, in_label};
  // The root: level Levels's one candidate.
  assign root_valid = lvl_valid[Levels];
  assign root_nf    = lvl_nf[Levels*NfWidth +: NfWidth];
  assign root_score = lvl_score[(AllCands-1)*ScoreBits +: ScoreBits];
  assign root_label = lvl_label[(AllCands-1)*LabelWidth +: LabelWidth];

  // Compare tree: level l loads when level l-1 holds a word. Candidate i of level l is
  // the larger of neighbours a = 2i and a + 1 of level l-1; the right one (the higher
  // class) wins only when strictly larger, and a lone a passes unchanged.
  for (genvar l = 1; l <= Levels; l++) begin : g_level
    assign tree_valid_d[l-1] = lvl_valid[l-1];
    assign tree_nf_d[(l-1)*NfWidth +: NfWidth] =
        lvl_valid[l-1] ? lvl_nf[(l-1)*NfWidth +: NfWidth] : tree_nf_q[(l-1)*NfWidth +: NfWidth];
    for (genvar i = 0; i < cands(l); i++) begin : g_cand
      localparam int unsigned A   = level_base(l - 1) + 2 * i;  // in lvl_*
      localparam int unsigned Dst = level_base(l) - Pe + i;     // in tree_*
      logic right;
      if (2 * i + 1 < cands(l - 1)) begin : g_pair
        assign right = $signed(lvl_score[(A+1)*ScoreBits +: ScoreBits]) >
                       $signed(lvl_score[A*ScoreBits +: ScoreBits]);
      end else begin : g_lone
        assign right = 1'b0;
      end
      assign tree_score_d[Dst*ScoreBits +: ScoreBits] =
          !lvl_valid[l-1] ? tree_score_q[Dst*ScoreBits +: ScoreBits] :
          right ? lvl_score[(A+1)*ScoreBits +: ScoreBits] : lvl_score[A*ScoreBits +: ScoreBits];
      assign tree_label_d[Dst*LabelWidth +: LabelWidth] =
          !lvl_valid[l-1] ? tree_label_q[Dst*LabelWidth +: LabelWidth] :
          right ? lvl_label[(A+1)*LabelWidth +: LabelWidth] : lvl_label[A*LabelWidth +: LabelWidth];
    end
  end

  always_comb begin
    nf_d         = nf_q;
    pending_d    = pending_q && !pop;
    out_scores_d = out_scores_q;
    out_valid_d  = out_valid_q && !pop;
    if (take) begin
      nf_d = last ? '0 : nf_q + NfWidth'(1);
      if (last) begin
        pending_d    = 1'b1;
        out_scores_d = frame_scores;
      end
    end
    best_d      = best_q;
    label_d     = label_q;
    out_label_d = out_label_q;
    if (root_valid) begin
      if (root_nf == '0 || root_score > best_q) begin
        best_d  = root_score;
        label_d = root_label;
      end
      if (32'(root_nf) == NF - 1) begin
        out_label_d = label_d;
        out_valid_d = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tree_valid_q <= '0;
      tree_nf_q    <= '0;
      tree_score_q <= '0;
      tree_label_q <= '0;
      best_q       <= '0;
      label_q      <= '0;
      nf_q         <= '0;
      pending_q    <= 1'b0;
      out_scores_q <= '0;
      out_label_q  <= '0;
      out_valid_q  <= 1'b0;
    end else begin
      tree_valid_q <= tree_valid_d;
      tree_nf_q    <= tree_nf_d;
      tree_score_q <= tree_score_d;
      tree_label_q <= tree_label_d;
      best_q       <= best_d;
      label_q      <= label_d;
      nf_q         <= nf_d;
      pending_q    <= pending_d;
      out_scores_q <= out_scores_d;
      out_label_q  <= out_label_d;
      out_valid_q  <= out_valid_d;
    end
  end

  if (Classes == 0 || Classes > 65536 || Pe == 0 || Classes % Pe != 0) begin : g_bad_params
    $error("rebnet_label_select: Classes = %0d must be 1..65536 and a multiple of Pe = %0d",
           Classes, Pe);
  end

`ifndef SYNTHESIS
  a_in_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i))
    else $error("rebnet_label_select: input valid dropped or data changed before ready");
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_label_select: output valid dropped or data changed before ready");
  a_nf_range: assert property (@(posedge clk_i) disable iff (!rst_ni) 32'(nf_q) < NF)
    else $error("rebnet_label_select: nf_q %0d out of range", nf_q);
  // pending_q admits one frame at a time to the output word: when a frame's label
  // arrives, the output word is free and holds that frame's scores.
  a_out_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
      root_valid && 32'(root_nf) == NF - 1 |-> pending_q && !out_valid_q)
    else $error("rebnet_label_select: a label arrived while the output word was taken");
`endif

endmodule
