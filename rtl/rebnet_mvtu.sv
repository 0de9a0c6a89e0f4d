// Matrix-vector-threshold unit (docs/microarchitecture.md, "rebnet_mvtu"):
// input buffer (2 banks of SF words), level sequencer, weight memory, XOR array,
// popcount tree, threshold unit (accumulator + encoder / score) and the output FIFO.
//
// Pipeline: S0 issue (ibuf_q; u_weight_mem's rd_data_q, the wire wmem here; s1_*),
// S1 (XOR + popcount stage A, s2_*), S2 (popcount stage B, s3_*), S3 (accumulator,
// encoder load). Every stage register loads every cycle (s1_valid_d = issue,
// s1_first_d = group_start, ...; the memory reads from the current addresses); only
// acc_q and the encoder registers have load conditions (s3_valid, s3_last).
//
// Scales: packed, G_1 in bits [7:0], G_l in bits [8*(l-1) +: 8].
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_mvtu #(
  parameter int unsigned           MatrixW       = 64,
  parameter int unsigned           MatrixH       = 16,
  parameter int unsigned           Simd          = 16,
  parameter int unsigned           Pe            = 4,
  parameter int unsigned           LevelsIn      = 2,
  parameter int unsigned           LevelsOut     = 2,
  parameter bit                    PixelInput    = 1'b0,
  parameter logic [8*LevelsIn-1:0] Scales        = {LevelsIn{8'd1}},
  parameter int unsigned           OutFifoDepth  = 8,
  parameter                        WeightFile    = "",
  parameter                        ThresholdFile = "",
  parameter                        ScoreFile     = "",
  parameter                        WeightMemStyle = "auto",  // rebnet_weight_mem MemStyle
  parameter                        ThresholdMemStyle = "auto",  // lane tables, same words
  localparam int unsigned NF           = MatrixH / Pe,
  localparam int unsigned SF           = (MatrixW + Simd - 1) / Simd,
  localparam int unsigned InWidth      = Simd * LevelsIn,
  localparam int unsigned OutWidth     = (LevelsOut == 0) ? Pe * rebnet_pkg::ScoreWidth
                                                          : Pe * LevelsOut,
  localparam int unsigned NfWidth      = rebnet_pkg::idx_width(NF),
  localparam int unsigned LevelWidth   = rebnet_pkg::idx_width(LevelsIn),
  localparam int unsigned BufAddrWidth = rebnet_pkg::idx_width(2 * SF),
  localparam int unsigned TileWidth    = rebnet_pkg::idx_width(NF * SF),
  localparam int unsigned CountWidth   = rebnet_pkg::count_width(Simd),
  localparam int unsigned LvW          = rebnet_pkg::LevelCountWidth
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [LvW-1:0]      levels_i,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [InWidth-1:0]  in_data_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [OutWidth-1:0] out_data_o
);

  // ------------------------------------------------------------ run-time levels
  logic [LvW-1:0] in_levels, out_levels;
  assign in_levels  = (PixelInput || 32'(levels_i) > LevelsIn) ? LvW'(LevelsIn) : levels_i;
  assign out_levels = (32'(levels_i) > LevelsOut) ? LvW'(LevelsOut) : levels_i;

  // ------------------------------------------------------------ sequencer (S0)
  logic                    buf_we, issue, group_start, step_last, pop;
  logic [BufAddrWidth-1:0] buf_waddr, buf_raddr;
  logic [TileWidth-1:0]    tile;
  logic [LevelWidth-1:0]   level;
  logic [NfWidth-1:0]      nf;

  rebnet_level_sequencer #(
    .NF           (NF),
    .SF           (SF),
    .LevelsIn     (LevelsIn),
    .LevelsOut    (LevelsOut),
    .OutFifoDepth (OutFifoDepth)
  ) u_level_sequencer (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .in_levels_i   (in_levels),
    .out_levels_i  (out_levels),
    .in_valid_i    (in_valid_i),
    .in_ready_o    (in_ready_o),
    .buf_we_o      (buf_we),
    .buf_waddr_o   (buf_waddr),
    .issue_o       (issue),
    .group_start_o (group_start),
    .step_last_o   (step_last),
    .buf_raddr_o   (buf_raddr),
    .tile_o        (tile),
    .level_o       (level),
    .nf_o          (nf),
    .pop_i         (pop)
  );

  // ------------------------------------------------------------ input buffer
  // 2 * SF words, bank b word sf at b*SF + sf; registered read every cycle.
  logic [InWidth-1:0] ibuf_mem [2 * SF];
  logic [InWidth-1:0] ibuf_d, ibuf_q;

  always_ff @(posedge clk_i) begin
    if (buf_we) ibuf_mem[buf_waddr] <= in_data_i;
  end

  assign ibuf_d = ibuf_mem[buf_raddr];

  // Memory output register: no reset (maps onto the RAM's output register).
  always_ff @(posedge clk_i) begin
    ibuf_q <= ibuf_d;
  end

  // ------------------------------------------------------------ weight memory
  logic [Pe*Simd-1:0] wmem;  // u_weight_mem.rd_data_q

  rebnet_weight_mem #(
    .Pe         (Pe),
    .Simd       (Simd),
    .NF         (NF),
    .SF         (SF),
    .WeightFile (WeightFile),
    .MemStyle   (WeightMemStyle)
  ) u_weight_mem (
    .clk_i     (clk_i),
    .rd_addr_i (tile),
    .rd_data_o (wmem)
  );

  // ------------------------------------------------------------ stage control
  logic                  s1_valid_d, s1_valid_q, s2_valid_d, s2_valid_q, s3_valid_d, s3_valid_q;
  logic                  s1_first_d, s1_first_q, s2_first_d, s2_first_q, s3_first_d, s3_first_q;
  logic                  s1_last_d,  s1_last_q,  s2_last_d,  s2_last_q,  s3_last_d,  s3_last_q;
  logic [LevelWidth-1:0] s1_level_d, s1_level_q, s2_level_d, s2_level_q, s3_level_d, s3_level_q;
  logic [NfWidth-1:0]    s1_nf_d,    s1_nf_q,    s2_nf_d,    s2_nf_q,    s3_nf_d,    s3_nf_q;

  always_comb begin
    s1_valid_d = issue;
    s1_first_d = group_start;
    s1_last_d  = step_last;
    s1_level_d = level;
    s1_nf_d    = nf;
    s2_valid_d = s1_valid_q;
    s2_first_d = s1_first_q;
    s2_last_d  = s1_last_q;
    s2_level_d = s1_level_q;
    s2_nf_d    = s1_nf_q;
    s3_valid_d = s2_valid_q;
    s3_first_d = s2_first_q;
    s3_last_d  = s2_last_q;
    s3_level_d = s2_level_q;
    s3_nf_d    = s2_nf_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;  s2_valid_q <= 1'b0;  s3_valid_q <= 1'b0;
      s1_first_q <= 1'b0;  s2_first_q <= 1'b0;  s3_first_q <= 1'b0;
      s1_last_q  <= 1'b0;  s2_last_q  <= 1'b0;  s3_last_q  <= 1'b0;
      s1_level_q <= '0;    s2_level_q <= '0;    s3_level_q <= '0;
      s1_nf_q    <= '0;    s2_nf_q    <= '0;    s3_nf_q    <= '0;
    end else begin
      s1_valid_q <= s1_valid_d;  s2_valid_q <= s2_valid_d;  s3_valid_q <= s3_valid_d;
      s1_first_q <= s1_first_d;  s2_first_q <= s2_first_d;  s3_first_q <= s3_first_d;
      s1_last_q  <= s1_last_d;   s2_last_q  <= s2_last_d;   s3_last_q  <= s3_last_d;
      s1_level_q <= s1_level_d;  s2_level_q <= s2_level_d;  s3_level_q <= s3_level_d;
      s1_nf_q    <= s1_nf_d;     s2_nf_q    <= s2_nf_d;     s3_nf_q    <= s3_nf_d;
    end
  end

  // ------------------------------------------------------------ S1, S2: XOR + popcount
  logic [Pe*Simd-1:0]       mismatch;
  logic [Pe*CountWidth-1:0] count;

  rebnet_xnor_array #(
    .Simd     (Simd),
    .Pe       (Pe),
    .LevelsIn (LevelsIn)
  ) u_xnor_array (
    .ibuf_i     (ibuf_q),
    .level_i    (s1_level_q),
    .wmem_i     (wmem),
    .mismatch_o (mismatch)
  );

  rebnet_popcount_tree #(
    .Simd (Simd),
    .Pe   (Pe)
  ) u_popcount_tree (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .mismatch_i (mismatch),
    .count_o    (count)
  );

  // ------------------------------------------------------------ S3: threshold unit
  logic                push_valid, push_ready;
  logic [OutWidth-1:0] push_data;

  rebnet_threshold_unit #(
    .MatrixW       (MatrixW),
    .Simd          (Simd),
    .Pe            (Pe),
    .NF            (NF),
    .LevelsIn      (LevelsIn),
    .LevelsOut     (LevelsOut),
    .Scales        (Scales),
    .ThresholdFile (ThresholdFile),
    .ThresholdMemStyle (ThresholdMemStyle),
    .ScoreFile     (ScoreFile)
  ) u_threshold_unit (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .in_levels_i  (in_levels),
    .out_levels_i (out_levels),
    .s3_valid_i   (s3_valid_q),
    .s3_first_i   (s3_first_q),
    .s3_last_i    (s3_last_q),
    .s3_level_i   (s3_level_q),
    .s3_nf_i      (s3_nf_q),
    .count_i      (count),
    .push_valid_o (push_valid),
    .push_data_o  (push_data)
  );

  // ------------------------------------------------------------ output FIFO
  rebnet_stream_fifo #(
    .Width (OutWidth),
    .Depth (OutFifoDepth)
  ) u_out_fifo (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (push_valid),
    .in_ready_o  (push_ready),
    .in_data_i   (push_data),
    .out_valid_o (out_valid_o),
    .out_ready_i (out_ready_i),
    .out_data_o  (out_data_o)
  );

  assign pop = out_valid_o && out_ready_i;

  // ------------------------------------------------------------ parameter legality
  if (Pe == 0 || MatrixH % Pe != 0) begin : g_bad_pe
    $error("rebnet_mvtu: Pe = %0d must divide MatrixH = %0d", Pe, MatrixH);
  end
  if (MatrixW == 0 || Simd == 0) begin : g_bad_simd
    $error("rebnet_mvtu: MatrixW and Simd must be at least 1");
  end
  if (LevelsIn == 0 || LevelsIn > rebnet_pkg::MaxLevels || LevelsOut > rebnet_pkg::MaxLevels) begin : g_bad_levels
    $error("rebnet_mvtu: need 1 <= LevelsIn <= 8 and LevelsOut <= 8");
  end
  if (!rebnet_pkg::scales_legal(64'(Scales), LevelsIn)) begin : g_bad_scales
    $error("rebnet_mvtu: every scale G_l must lie in [1, 255]");
  end
  if (PixelInput && !rebnet_pkg::scales_are_pixel(64'(Scales), LevelsIn)) begin : g_bad_pixel
    $error("rebnet_mvtu: PixelInput needs the pixel scales 128, 64, ..., 2^(8-LevelsIn)");
  end
  if (OutFifoDepth == 0) begin : g_bad_depth
    $error("rebnet_mvtu: OutFifoDepth must be at least 1");
  end

`ifndef SYNTHESIS
  // Stream rules (AXI4-Stream): valid stays high and data stable until ready.
  a_in_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i))
    else $error("rebnet_mvtu: input valid dropped or data changed before ready");
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_mvtu: output valid dropped or data changed before ready");
  // Credits: the output FIFO never overflows.
  a_fifo_no_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni)
      push_valid |-> push_ready)
    else $error("rebnet_mvtu: output FIFO overflow");
  // Contract section 5: pad elements of the last word of a vector are 0.
  if (SF * Simd != MatrixW) begin : g_pad_check
    localparam int unsigned PadLo = (MatrixW - (SF - 1) * Simd) * LevelsIn;
    a_pads_zero: assert property (@(posedge clk_i) disable iff (!rst_ni)
        buf_we && 32'(buf_waddr) % SF == SF - 1 |-> in_data_i[InWidth-1:PadLo] == '0)
      else $error("rebnet_mvtu: pad bits of the last input word are not 0");
  end
  a_levels_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      levels_i >= LvW'(1) && 32'(levels_i) <= rebnet_pkg::MaxLevels)
    else $error("rebnet_mvtu: levels_i = %0d outside 1..8", levels_i);
`endif

endmodule
