// Sliding-window unit (docs/microarchitecture.md, "Sliding-window unit"): a frame of
// InHeight x InWidth pixels (raster order, PixelWords = Channels / Simd words of Simd
// elements per pixel, element e at [e*ElemBits +: ElemBits]) comes in; for every
// output pixel (oy, ox) of the OutRows x OutCols output, raster order, its window
// leaves as Kernel * Kernel * PixelWords words in contract order (ky, kx, c).
//
// Line buffer lb_mem: Kernel + 1 row slots of RowWords words (slot s at s*RowWords),
// written in order (wr_addr_q wraps at Depth), read through the register rdata_q
// (no reset: block RAM or LUT RAM plus its output register). rows_q counts complete
// rows not yet released; the input writes while a slot is free (rows_q != Kernel + 1);
// an output row is read once rows_q >= Kernel and releases its top row when done (the
// frame's last output row releases all Kernel rows). A 2-entry output buffer
// obuf_q with bypass from rdata_q keeps out_valid_o and the read issue independent of
// out_ready_i and sustains one word per cycle.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_sliding_window #(
  parameter int unsigned  Channels    = 4,
  parameter int unsigned  InWidth     = 6,
  parameter int unsigned  InHeight    = 5,
  parameter int unsigned  Kernel      = 3,
  parameter int unsigned  Simd        = 2,
  parameter int unsigned  ElemBits    = 1,
  localparam int unsigned PixelWords  = Channels / Simd,
  localparam int unsigned RowWords    = InWidth * PixelWords,
  localparam int unsigned Depth       = (Kernel + 1) * RowWords,
  localparam int unsigned OutCols     = InWidth - Kernel + 1,
  localparam int unsigned OutRows     = InHeight - Kernel + 1,
  localparam int unsigned KColWords   = Kernel * PixelWords,
  localparam int unsigned WordWidth   = Simd * ElemBits,
  localparam int unsigned AddrWidth   = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned ColWidth    = (RowWords > 1) ? $clog2(RowWords) : 1,
  localparam int unsigned RowsWidth   = $clog2(Kernel + 2),
  localparam int unsigned OyWidth     = (OutRows > 1) ? $clog2(OutRows) : 1,
  localparam int unsigned OxWidth     = (OutCols > 1) ? $clog2(OutCols) : 1,
  localparam int unsigned KyWidth     = (Kernel > 1) ? $clog2(Kernel) : 1,
  localparam int unsigned KColWidth   = (KColWords > 1) ? $clog2(KColWords) : 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 in_valid_i,
  output logic                 in_ready_o,
  input  logic [WordWidth-1:0] in_data_i,
  output logic                 out_valid_o,
  input  logic                 out_ready_i,
  output logic [WordWidth-1:0] out_data_o
);

  logic [AddrWidth-1:0]   wr_addr_d, wr_addr_q;
  logic [ColWidth-1:0]    wr_col_d, wr_col_q;
  logic [RowsWidth-1:0]   rows_d, rows_q;
  logic [OyWidth-1:0]     oy_d, oy_q;
  logic [OxWidth-1:0]     ox_d, ox_q;
  logic [KyWidth-1:0]     ky_d, ky_q;
  logic [KColWidth-1:0]   kcol_d, kcol_q;
  logic [ColWidth-1:0]    rd_col_d, rd_col_q;
  logic [AddrWidth-1:0]   top_base_d, top_base_q;
  logic [AddrWidth-1:0]   row_base_d, row_base_q;
  logic [WordWidth-1:0]   rdata_d, rdata_q;
  logic                   rvalid_d, rvalid_q;
  logic [2*WordWidth-1:0] obuf_d, obuf_q;
  logic [1:0]             obuf_count_d, obuf_count_q;

  logic                   write, issue, pop;
  logic [AddrWidth-1:0]   rd_addr;
  logic                   row_written, row_released, shift, take;
  logic [RowsWidth-1:0]   released;
  logic [1:0]             slot;

  // next_base(b): the next row slot's base address, wrapping at Depth.
  function automatic logic [AddrWidth-1:0] next_base(logic [AddrWidth-1:0] base);
    next_base = (32'(base) == Depth - RowWords) ? '0 : base + AddrWidth'(RowWords);
  endfunction

  assign in_ready_o  = 32'(rows_q) != Kernel + 1;
  assign write       = in_valid_i && in_ready_o;
  assign row_written = write && 32'(wr_col_q) == RowWords - 1;
  assign issue       = 32'(rows_q) >= Kernel && 2'(obuf_count_q) + 2'(rvalid_q) < 2'd2;
  assign rd_addr     = row_base_q + AddrWidth'(rd_col_q) + AddrWidth'(kcol_q);
  assign out_valid_o = obuf_count_q != '0 || rvalid_q;
  assign out_data_o  = (obuf_count_q != '0) ? obuf_q[WordWidth-1:0] : rdata_q;
  assign pop         = out_valid_o && out_ready_i;
  assign shift       = pop && obuf_count_q != '0;
  assign take        = rvalid_q && !(pop && obuf_count_q == '0);

  // ------------------------------------------------------------ input side
  always_comb begin
    wr_addr_d = wr_addr_q;
    wr_col_d  = wr_col_q;
    if (write) begin
      wr_addr_d = (32'(wr_addr_q) == Depth - 1) ? '0 : wr_addr_q + AddrWidth'(1);
      wr_col_d  = row_written ? '0 : wr_col_q + ColWidth'(1);
    end
  end

  // ------------------------------------------------------------ read loops
  // for oy < OutRows, ox < OutCols, ky < Kernel, kcol < KColWords: one word per issue.
  always_comb begin
    oy_d         = oy_q;
    ox_d         = ox_q;
    ky_d         = ky_q;
    kcol_d       = kcol_q;
    rd_col_d     = rd_col_q;
    top_base_d   = top_base_q;
    row_base_d   = row_base_q;
    row_released = 1'b0;
    if (issue) begin
      if (32'(kcol_q) != KColWords - 1) begin
        kcol_d = kcol_q + KColWidth'(1);
      end else begin
        kcol_d = '0;
        if (32'(ky_q) != Kernel - 1) begin
          ky_d       = ky_q + KyWidth'(1);
          row_base_d = next_base(row_base_q);
        end else begin
          ky_d = '0;
          if (32'(ox_q) != OutCols - 1) begin
            ox_d       = ox_q + OxWidth'(1);
            rd_col_d   = rd_col_q + ColWidth'(PixelWords);
            row_base_d = top_base_q;
          end else begin
            ox_d         = '0;
            rd_col_d     = '0;
            row_released = 1'b1;
            if (32'(oy_q) != OutRows - 1) begin
              oy_d       = oy_q + OyWidth'(1);
              top_base_d = next_base(top_base_q);
            end else begin
              oy_d       = '0;
              top_base_d = next_base(row_base_q);  // the row after the frame's last row
            end
            row_base_d = top_base_d;
          end
        end
      end
    end
  end

  always_comb begin
    released = '0;
    if (row_released) released = (32'(oy_q) == OutRows - 1) ? RowsWidth'(Kernel) : RowsWidth'(1);
    rows_d = rows_q + RowsWidth'(row_written) - released;
  end

  // ------------------------------------------------------------ output stage
  always_comb begin
    rvalid_d     = issue;
    obuf_d       = obuf_q;
    obuf_count_d = obuf_count_q + 2'(take) - 2'(shift);
    slot         = obuf_count_q - 2'(shift);
    if (shift) obuf_d[WordWidth-1:0] = obuf_q[2*WordWidth-1:WordWidth];  // entry 1 stays
    if (take && slot == 2'd0) obuf_d[WordWidth-1:0] = rdata_q;
    if (take && slot == 2'd1) obuf_d[2*WordWidth-1:WordWidth] = rdata_q;
  end

  // ------------------------------------------------------------ line buffer
  logic [WordWidth-1:0] lb_mem [Depth];

  always_ff @(posedge clk_i) begin
    if (write) lb_mem[wr_addr_q] <= in_data_i;
  end

  assign rdata_d = lb_mem[rd_addr];

  // Memory output register: no reset (maps onto the RAM's output register).
  always_ff @(posedge clk_i) begin
    rdata_q <= rdata_d;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_addr_q    <= '0;
      wr_col_q     <= '0;
      rows_q       <= '0;
      oy_q         <= '0;
      ox_q         <= '0;
      ky_q         <= '0;
      kcol_q       <= '0;
      rd_col_q     <= '0;
      top_base_q   <= '0;
      row_base_q   <= '0;
      rvalid_q     <= 1'b0;
      obuf_q       <= '0;
      obuf_count_q <= '0;
    end else begin
      wr_addr_q    <= wr_addr_d;
      wr_col_q     <= wr_col_d;
      rows_q       <= rows_d;
      oy_q         <= oy_d;
      ox_q         <= ox_d;
      ky_q         <= ky_d;
      kcol_q       <= kcol_d;
      rd_col_q     <= rd_col_d;
      top_base_q   <= top_base_d;
      row_base_q   <= row_base_d;
      rvalid_q     <= rvalid_d;
      obuf_q       <= obuf_d;
      obuf_count_q <= obuf_count_d;
    end
  end

  if (Channels == 0 || Simd == 0 || Channels % Simd != 0 || ElemBits == 0 || ElemBits > 8 ||
      Kernel == 0 || Kernel > 15 || InWidth < Kernel || InHeight < Kernel) begin : g_bad_params
    $error("rebnet_sliding_window: need Simd (%0d) dividing Channels (%0d), ElemBits (%0d) in 1..8, Kernel (%0d) in 1..15 and at most InWidth (%0d) and InHeight (%0d)",
           Simd, Channels, ElemBits, Kernel, InWidth, InHeight);
  end

`ifndef SYNTHESIS
  a_in_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i))
    else $error("rebnet_sliding_window: input valid dropped or data changed before ready");
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_sliding_window: output valid dropped or data changed before ready");
  a_rows_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(rows_q) <= Kernel + 1 && 32'(rd_addr) < Depth)
    else $error("rebnet_sliding_window: rows_q %0d or rd_addr %0d out of range", rows_q, rd_addr);
  a_obuf_no_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni)
      obuf_count_q <= 2'd2 && !(take && slot == 2'd2))
    else $error("rebnet_sliding_window: output buffer overflow (issue rule broken)");
`endif

endmodule
