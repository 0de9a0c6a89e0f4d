// Synchronous show-ahead stream FIFO: out_valid_o = count_q != 0 and out_data_o is
// the oldest entry (asynchronous read: LUT RAM). in_ready_o = count_q != Depth.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_stream_fifo #(
  parameter int unsigned  Width      = 8,
  parameter int unsigned  Depth      = 8,
  localparam int unsigned PtrWidth   = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned CountWidth = $clog2(Depth + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o
);

  logic [Width-1:0]      mem [Depth];
  logic [PtrWidth-1:0]   wr_ptr_d, wr_ptr_q;
  logic [PtrWidth-1:0]   rd_ptr_d, rd_ptr_q;
  logic [CountWidth-1:0] count_d, count_q;
  logic                  push, pop;

  assign in_ready_o  = 32'(count_q) != Depth;
  assign out_valid_o = count_q != '0;
  assign out_data_o  = mem[rd_ptr_q];
  assign push        = in_valid_i && in_ready_o;
  assign pop         = out_valid_o && out_ready_i;

  always_comb begin
    wr_ptr_d = wr_ptr_q;
    rd_ptr_d = rd_ptr_q;
    if (push) wr_ptr_d = (32'(wr_ptr_q) == Depth - 1) ? '0 : wr_ptr_q + PtrWidth'(1);
    if (pop)  rd_ptr_d = (32'(rd_ptr_q) == Depth - 1) ? '0 : rd_ptr_q + PtrWidth'(1);
    count_d = count_q + CountWidth'(push) - CountWidth'(pop);
  end

  // Storage: written on push, no reset (LUT RAM).
  always_ff @(posedge clk_i) begin
    if (push) mem[wr_ptr_q] <= in_data_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      count_q  <= '0;
    end else begin
      wr_ptr_q <= wr_ptr_d;
      rd_ptr_q <= rd_ptr_d;
      count_q  <= count_d;
    end
  end

  if (Width == 0 || Depth == 0) begin : g_bad_params
    $error("rebnet_stream_fifo: Width and Depth must be at least 1");
  end

`ifndef SYNTHESIS
  a_count_range: assert property (@(posedge clk_i) disable iff (!rst_ni) 32'(count_q) <= Depth)
    else $error("rebnet_stream_fifo: count %0d exceeds depth %0d", count_q, Depth);
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_stream_fifo: output changed while stalled");
`endif

endmodule
