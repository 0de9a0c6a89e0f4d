// Sequencer of an MVTU (docs/microarchitecture.md, "Registers of the sequencer"):
// input-buffer bank bookkeeping, the loop counters
//   for nf < NF, for level < in_levels, for sf < SF,
// output-FIFO credits and the encoder pacing counter hold_q.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_level_sequencer #(
  parameter int unsigned NF            = 1,
  parameter int unsigned SF            = 1,
  parameter int unsigned LevelsIn      = 2,
  parameter int unsigned LevelsOut     = 2,
  parameter int unsigned OutFifoDepth  = 8,
  localparam int unsigned NfWidth      = rebnet_pkg::idx_width(NF),
  localparam int unsigned SfWidth      = rebnet_pkg::idx_width(SF),
  localparam int unsigned LevelWidth   = rebnet_pkg::idx_width(LevelsIn),
  localparam int unsigned BufAddrWidth = rebnet_pkg::idx_width(2 * SF),
  localparam int unsigned TileWidth    = rebnet_pkg::idx_width(NF * SF),
  localparam int unsigned CreditWidth  = rebnet_pkg::count_width(OutFifoDepth),
  // Longest group: max(SF * LevelsIn, LevelsOut) cycles; hold_q counts up to that - 1.
  localparam int unsigned MaxGroup     = (SF * LevelsIn > LevelsOut) ? SF * LevelsIn : LevelsOut,
  localparam int unsigned HoldWidth    = rebnet_pkg::idx_width(MaxGroup),
  localparam int unsigned LvW          = rebnet_pkg::LevelCountWidth
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // run-time level counts (from levels_i), 1..LevelsIn and 0..LevelsOut
  input  logic [LvW-1:0]          in_levels_i,
  input  logic [LvW-1:0]          out_levels_i,
  // input stream handshake and input-buffer write port
  input  logic                    in_valid_i,
  output logic                    in_ready_o,
  output logic                    buf_we_o,
  output logic [BufAddrWidth-1:0] buf_waddr_o,
  // issue of one step: input-buffer read address, weight tile, loop position
  output logic                    issue_o,
  output logic                    group_start_o,
  output logic                    step_last_o,
  output logic [BufAddrWidth-1:0] buf_raddr_o,
  output logic [TileWidth-1:0]    tile_o,
  output logic [LevelWidth-1:0]   level_o,
  output logic [NfWidth-1:0]      nf_o,
  // output FIFO pop (returns one credit)
  input  logic                    pop_i
);

  logic                   wr_bank_d, wr_bank_q;
  logic [SfWidth-1:0]     wr_sf_d, wr_sf_q;
  logic [1:0]             bank_full_d, bank_full_q;
  logic                   rd_bank_d, rd_bank_q;
  logic [NfWidth-1:0]     nf_d, nf_q;
  logic [LevelWidth-1:0]  level_d, level_q;
  logic [SfWidth-1:0]     sf_d, sf_q;
  logic [CreditWidth-1:0] credit_d, credit_q;
  logic [HoldWidth-1:0]   hold_d, hold_q;

  logic write, group_start, issue, step_last, vector_last;
  logic sf_last, level_last;
  logic [HoldWidth-1:0] group_hold;  // max(SF * in_levels, out_levels) - 1

  always_comb begin
    logic [31:0] steps;
    steps      = SF * 32'(in_levels_i);
    group_hold = HoldWidth'((steps > 32'(out_levels_i) ? steps : 32'(out_levels_i)) - 32'd1);
  end

  assign in_ready_o  = !bank_full_q[wr_bank_q];
  assign write       = in_valid_i && in_ready_o;
  assign group_start = level_q == '0 && sf_q == '0;
  assign issue       = bank_full_q[rd_bank_q] &&
                       (!group_start || (credit_q != '0 && hold_q == '0));
  assign sf_last     = 32'(sf_q) == SF - 1;
  assign level_last  = 32'(level_q) == 32'(in_levels_i) - 32'd1;
  assign step_last   = issue && sf_last && level_last;
  assign vector_last = step_last && 32'(nf_q) == NF - 1;

  always_comb begin
    wr_bank_d   = wr_bank_q;
    wr_sf_d     = wr_sf_q;
    bank_full_d = bank_full_q;
    rd_bank_d   = rd_bank_q;
    nf_d        = nf_q;
    level_d     = level_q;
    sf_d        = sf_q;
    credit_d    = credit_q;
    hold_d      = (hold_q != '0) ? hold_q - HoldWidth'(1) : '0;

    if (write) begin
      if (32'(wr_sf_q) == SF - 1) begin
        bank_full_d[wr_bank_q] = 1'b1;
        wr_bank_d              = !wr_bank_q;
        wr_sf_d                = '0;
      end else begin
        wr_sf_d = wr_sf_q + SfWidth'(1);
      end
    end

    if (issue) begin
      if (sf_last) begin
        sf_d = '0;
        if (level_last) begin
          level_d = '0;
          nf_d    = (32'(nf_q) == NF - 1) ? '0 : nf_q + NfWidth'(1);
        end else begin
          level_d = level_q + LevelWidth'(1);
        end
      end else begin
        sf_d = sf_q + SfWidth'(1);
      end
      if (group_start) hold_d = group_hold;
    end

    if (vector_last) begin
      bank_full_d[rd_bank_q] = 1'b0;
      rd_bank_d              = !rd_bank_q;
    end

    credit_d = credit_q - CreditWidth'(issue && group_start) + CreditWidth'(pop_i);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_bank_q   <= 1'b0;
      wr_sf_q     <= '0;
      bank_full_q <= '0;
      rd_bank_q   <= 1'b0;
      nf_q        <= '0;
      level_q     <= '0;
      sf_q        <= '0;
      credit_q    <= CreditWidth'(OutFifoDepth);
      hold_q      <= '0;
    end else begin
      wr_bank_q   <= wr_bank_d;
      wr_sf_q     <= wr_sf_d;
      bank_full_q <= bank_full_d;
      rd_bank_q   <= rd_bank_d;
      nf_q        <= nf_d;
      level_q     <= level_d;
      sf_q        <= sf_d;
      credit_q    <= credit_d;
      hold_q      <= hold_d;
    end
  end

  assign buf_we_o      = write;
  assign buf_waddr_o   = BufAddrWidth'(wr_bank_q ? SF : 0) + BufAddrWidth'(wr_sf_q);
  assign issue_o       = issue;
  assign group_start_o = group_start;
  assign step_last_o   = step_last;
  assign buf_raddr_o   = BufAddrWidth'(rd_bank_q ? SF : 0) + BufAddrWidth'(sf_q);
  assign tile_o        = TileWidth'(32'(nf_q) * SF + 32'(sf_q));
  assign level_o       = level_q;
  assign nf_o          = nf_q;

  if (NF == 0 || SF == 0 || LevelsIn == 0 || LevelsIn > rebnet_pkg::MaxLevels ||
      LevelsOut > rebnet_pkg::MaxLevels || OutFifoDepth == 0) begin : g_bad_params
    $error("rebnet_level_sequencer: need NF, SF >= 1, 1 <= LevelsIn <= 8, LevelsOut <= 8, OutFifoDepth >= 1");
  end

`ifndef SYNTHESIS
  // Run-time level counts in range.
  a_in_levels: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_levels_i >= LvW'(1) && 32'(in_levels_i) <= LevelsIn)
    else $error("rebnet_level_sequencer: in_levels %0d outside 1..%0d", in_levels_i, LevelsIn);
  a_out_levels: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(out_levels_i) <= LevelsOut && (LevelsOut == 0 || out_levels_i != '0))
    else $error("rebnet_level_sequencer: out_levels %0d outside 1..%0d", out_levels_i, LevelsOut);
  // The level counts change only while the unit is empty: no input word held, every
  // credit back (nothing in the pipeline, the encoder or the output FIFO).
  logic unit_empty;
  assign unit_empty = bank_full_q == '0 && wr_sf_q == '0 &&
                      32'(credit_q) == OutFifoDepth && level_q == '0 && sf_q == '0 && nf_q == '0;
  a_levels_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !$stable(in_levels_i) || !$stable(out_levels_i) |-> $past(unit_empty))
    else $error("rebnet_level_sequencer: level count changed while the unit is busy");
  // Credits never exceed the FIFO depth (no pop without a pushed group).
  a_credit_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(credit_q) <= OutFifoDepth)
    else $error("rebnet_level_sequencer: credit_q %0d exceeds %0d", credit_q, OutFifoDepth);
  a_no_credit_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni)
      pop_i && !(issue && group_start) |-> 32'(credit_q) < OutFifoDepth)
    else $error("rebnet_level_sequencer: pop without an outstanding credit");
`endif

endmodule
