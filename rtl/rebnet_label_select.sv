// Label select (docs/microarchitecture.md, "Label select"; integer contract section
// 10): collects the NF = Classes / Pe score words of a frame (score of class nf*Pe + p
// at in_data_i[p*48 +: 48], signed) and emits one word per frame: the top-1 label
// (index of the largest score, ties to the lowest index) in out_data_o[15:0] and
// score j at out_data_o[16 + 48*j +: 48].
//
// scores_q is a shift register of Classes scores: each word enters at the top and
// moves the older ones down by Pe scores, so after the last word of a frame score j
// is at [48*j +: 48] (no write decoder). The running maximum is kept in best_q /
// label_q; each word's scores are visited in
// class order and replace it only when strictly larger, so the lowest index wins a
// tie. The first word of a frame starts from (-2^47, 0): every 48-bit score is at
// least that. in_ready_o = !out_valid_q, so the output word is valid the cycle after
// the last input word and the next frame starts the cycle after it is taken.
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

  logic [ScoresBits-1:0]       scores_d, scores_q;
  logic signed [ScoreBits-1:0] best_d, best_q;
  logic [LabelWidth-1:0]       label_d, label_q;
  logic [NfWidth-1:0]          nf_d, nf_q;
  logic                        out_valid_d, out_valid_q;

  logic                        take, pop;
  logic [ScoresBits-1:0]       scores_shifted;

  // Shift register: a word enters at the top; after the NF-th word of the frame,
  // score j sits at [48*j +: 48].
  if (NF > 1) begin : g_shift
    assign scores_shifted = {in_data_i, scores_q[ScoresBits-1:InWidth]};
  end else begin : g_single
    assign scores_shifted = in_data_i;
  end

  assign in_ready_o  = !out_valid_q;
  assign take        = in_valid_i && in_ready_o;
  assign pop         = out_valid_q && out_ready_i;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = {scores_q, LabelBits'(label_q)};

  always_comb begin
    scores_d    = scores_q;
    best_d      = best_q;
    label_d     = label_q;
    nf_d        = nf_q;
    out_valid_d = out_valid_q && !pop;
    if (take) begin
      scores_d = scores_shifted;
      if (nf_q == '0) begin
        best_d  = {1'b1, {(ScoreBits - 1){1'b0}}};  // -2^47
        label_d = '0;
      end
      for (int unsigned p = 0; p < Pe; p++) begin
        if ($signed(in_data_i[p*ScoreBits +: ScoreBits]) > best_d) begin
          best_d  = $signed(in_data_i[p*ScoreBits +: ScoreBits]);
          label_d = LabelWidth'(32'(nf_q) * Pe + p);
        end
      end
      if (32'(nf_q) == NF - 1) begin
        nf_d        = '0;
        out_valid_d = 1'b1;
      end else begin
        nf_d = nf_q + NfWidth'(1);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      scores_q    <= '0;
      best_q      <= '0;
      label_q     <= '0;
      nf_q        <= '0;
      out_valid_q <= 1'b0;
    end else begin
      scores_q    <= scores_d;
      best_q      <= best_d;
      label_q     <= label_d;
      nf_q        <= nf_d;
      out_valid_q <= out_valid_d;
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
`endif

endmodule
