// 2x2 max pool, stride 2 (docs/microarchitecture.md, "Max pool"; integer contract
// section 8). Input: frames of InHeight x InWidth pixels in raster order, a pixel as
// Groups = Channels / Elems words of Elems elements of ElemBits bits (element i of a
// word at [i*ElemBits +: ElemBits], channels ascending). Output: floor(InHeight/2) x
// floor(InWidth/2) pixels in the same format. Per element the output is the
// lexicographic maximum of its 2x2 window, level 1 (bit 0) most significant, i.e. the
// numeric maximum of the bit-reversed codes. The odd last row and column are consumed
// and dropped. Frames follow each other back to back.
//
// rowbuf_mem (LUT RAM, asynchronous read, no reset) holds the running maximum of the
// current pooled row, word grp of pooled column px at px*Groups + grp: the first word
// of a window writes it, the next two update it, and the fourth (x and y odd) loads
// the output register instead. One input word per cycle; only the fourth word of a
// window waits for a full, stalled output register.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_max_pool #(
  parameter int unsigned  Channels   = 4,
  parameter int unsigned  InWidth    = 4,
  parameter int unsigned  InHeight   = 4,
  parameter int unsigned  Elems      = 4,
  parameter int unsigned  ElemBits   = 1,
  localparam int unsigned Groups     = (Elems > 0) ? Channels / Elems : 1,
  localparam int unsigned PoolWidth  = InWidth / 2,
  localparam int unsigned PoolHeight = InHeight / 2,
  localparam int unsigned Depth      = (PoolWidth * Groups > 0) ? PoolWidth * Groups : 1,
  localparam int unsigned WordBits   = Elems * ElemBits,
  localparam int unsigned GrpWidth   = (Groups > 1) ? $clog2(Groups) : 1,
  localparam int unsigned XWidth     = (InWidth > 1) ? $clog2(InWidth) : 1,
  localparam int unsigned YWidth     = (InHeight > 1) ? $clog2(InHeight) : 1,
  localparam int unsigned AddrWidth  = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [WordBits-1:0] in_data_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [WordBits-1:0] out_data_o
);

  logic [GrpWidth-1:0]  grp_d, grp_q;
  logic [XWidth-1:0]    x_d, x_q;
  logic [YWidth-1:0]    y_d, y_q;
  logic                 out_valid_d, out_valid_q;
  logic [WordBits-1:0]  out_data_d, out_data_q;

  logic [WordBits-1:0]  rowbuf_mem [Depth];
  logic                 rowbuf_we;
  logic [AddrWidth-1:0] rowbuf_addr;
  logic [WordBits-1:0]  rowbuf_rdata, rowbuf_wdata, pool_max;

  logic keep, first, emit_pos, take, pop;

  // Position of the next input word in its frame and 2x2 window.
  assign keep     = 32'(x_q) < 2 * PoolWidth && 32'(y_q) < 2 * PoolHeight;
  assign first    = keep && !x_q[0] && !y_q[0];
  assign emit_pos = keep && x_q[0] && y_q[0];

  assign in_ready_o  = !emit_pos || !out_valid_q || out_ready_i;
  assign take        = in_valid_i && in_ready_o;
  assign pop         = out_valid_q && out_ready_i;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_data_q;

  // Row buffer: read and written at the same address (LUT RAM).
  assign rowbuf_addr  = keep ? AddrWidth'((32'(x_q) >> 1) * Groups + 32'(grp_q)) : '0;
  assign rowbuf_rdata = rowbuf_mem[rowbuf_addr];
  assign rowbuf_we    = take && keep;
  assign rowbuf_wdata = first ? in_data_i : pool_max;

  always_ff @(posedge clk_i) begin
    if (rowbuf_we) rowbuf_mem[rowbuf_addr] <= rowbuf_wdata;
  end

  // Lexicographic maximum per element: compare the codes with level 1 as the MSB.
  for (genvar e = 0; e < Elems; e++) begin : g_elem
    logic [ElemBits-1:0] in_code, held_code, in_rev, held_rev;
    assign in_code   = in_data_i[e*ElemBits +: ElemBits];
    assign held_code = rowbuf_rdata[e*ElemBits +: ElemBits];
    for (genvar l = 0; l < ElemBits; l++) begin : g_level
      assign in_rev[l]   = in_code[ElemBits-1-l];
      assign held_rev[l] = held_code[ElemBits-1-l];
    end
    assign pool_max[e*ElemBits +: ElemBits] = (held_rev > in_rev) ? held_code : in_code;
  end

  always_comb begin
    grp_d       = grp_q;
    x_d         = x_q;
    y_d         = y_q;
    out_valid_d = out_valid_q && !pop;
    out_data_d  = out_data_q;
    if (take) begin
      if (32'(grp_q) == Groups - 1) begin
        grp_d = '0;
        if (32'(x_q) == InWidth - 1) begin
          x_d = '0;
          y_d = (32'(y_q) == InHeight - 1) ? '0 : y_q + YWidth'(1);
        end else begin
          x_d = x_q + XWidth'(1);
        end
      end else begin
        grp_d = grp_q + GrpWidth'(1);
      end
      if (emit_pos) begin
        out_valid_d = 1'b1;
        out_data_d  = pool_max;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      grp_q       <= '0;
      x_q         <= '0;
      y_q         <= '0;
      out_valid_q <= 1'b0;
      out_data_q  <= '0;
    end else begin
      grp_q       <= grp_d;
      x_q         <= x_d;
      y_q         <= y_d;
      out_valid_q <= out_valid_d;
      out_data_q  <= out_data_d;
    end
  end

  if (Channels == 0 || Elems == 0 || Channels % Elems != 0) begin : g_bad_elems
    $error("rebnet_max_pool: Elems = %0d must divide Channels = %0d", Elems, Channels);
  end
  if (InWidth < 2 || InHeight < 2) begin : g_bad_size
    $error("rebnet_max_pool: InWidth = %0d and InHeight = %0d must be at least 2",
           InWidth, InHeight);
  end
  if (ElemBits == 0 || ElemBits > 8) begin : g_bad_bits
    $error("rebnet_max_pool: ElemBits = %0d must be 1..8", ElemBits);
  end

`ifndef SYNTHESIS
  a_in_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i))
    else $error("rebnet_max_pool: input valid dropped or data changed before ready");
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_max_pool: output valid dropped or data changed before ready");
  a_pos_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(grp_q) < Groups && 32'(x_q) < InWidth && 32'(y_q) < InHeight)
    else $error("rebnet_max_pool: position (%0d, %0d, %0d) out of range", y_q, x_q, grp_q);
  a_no_overwrite: assert property (@(posedge clk_i) disable iff (!rst_ni)
      take && emit_pos |-> !out_valid_q || pop)
    else $error("rebnet_max_pool: output register overwritten before it was taken");
`endif

endmodule
