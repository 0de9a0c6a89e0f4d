// Stream width converter (docs/microarchitecture.md, "Width converter"): regroups a
// vector of VectorElems elements of ElemBits bits, arriving as VectorElems / InElems
// words of InElems elements, into ceil(VectorElems / OutElems) words of OutElems
// elements, the last one zero-padded. Element e of a word at [e*ElemBits +: ElemBits].
//
// buf_q holds fill_q elements at its front; elements at or past fill_q are kept 0,
// so out_data_o is simply the first OutElems elements of buf_q.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_width_converter #(
  parameter int unsigned  InElems     = 4,
  parameter int unsigned  OutElems    = 4,
  parameter int unsigned  VectorElems = 16,
  parameter int unsigned  ElemBits    = 1,
  localparam int unsigned CapElems    = InElems + OutElems,
  localparam int unsigned InWidth     = InElems * ElemBits,
  localparam int unsigned OutWidth    = OutElems * ElemBits,
  localparam int unsigned BufWidth    = CapElems * ElemBits,
  localparam int unsigned FillWidth   = $clog2(CapElems + 1),
  localparam int unsigned RecvWidth   = $clog2(VectorElems + 1)
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

  // Element counts here (fill_q, drop, remain) are multiples of Gran = gcd(InElems,
  // OutElems): pushes add InElems, pops drop OutElems or what is left of a vector,
  // itself a multiple of Gran. So the shifts move whole granules: a mux over the
  // granule positions rather than a barrel shifter by fill_q * ElemBits. When
  // OutElems divides VectorElems, every pop drops exactly OutElems (what is left of a
  // vector is a multiple of OutElems), so the drop shift has two positions.
  function automatic int unsigned gcd(int unsigned a, int unsigned b);
    int unsigned x, y, t;
    x = a;
    y = b;
    for (int unsigned i = 0; i < 64; i++) begin  // Euclid: far fewer steps than 64
      if (y != 0) begin
        t = x % y;
        x = y;
        y = t;
      end
    end
    gcd = x;
  endfunction

  localparam int unsigned Gran     = gcd(InElems, OutElems);
  localparam int unsigned GranBits = Gran * ElemBits;
  localparam int unsigned OutGrans = OutElems / Gran;
  localparam bit          FullPops = VectorElems % OutElems == 0;

  logic [BufWidth-1:0]  buf_d, buf_q;
  logic [FillWidth-1:0] fill_d, fill_q;
  logic [RecvWidth-1:0] recv_d, recv_q;

  logic                 vector_done, push, pop;
  logic [FillWidth-1:0] drop, remain;

  assign vector_done = 32'(recv_q) == VectorElems;
  assign out_valid_o = 32'(fill_q) >= OutElems || (vector_done && fill_q != '0);
  assign out_data_o  = buf_q[OutWidth-1:0];
  assign in_ready_o  = 32'(fill_q) <= OutElems && !vector_done;
  assign push        = in_valid_i && in_ready_o;
  assign pop         = out_valid_o && out_ready_i;

  always_comb begin
    drop   = '0;
    if (pop) drop = (FullPops || 32'(fill_q) >= OutElems) ? FillWidth'(OutElems) : fill_q;
    remain = fill_q - drop;

    // Drop from the front (zeros shift in), then append behind what remains.
    // drop <= OutElems, and a push needs fill_q <= OutElems, so remain <= OutElems.
    buf_d  = '0;
    for (int unsigned g = 0; g <= OutGrans; g++) begin
      if (32'(drop) == g * Gran) buf_d = buf_q >> (g * GranBits);
    end
    fill_d = remain;
    recv_d = recv_q;
    if (push) begin
      for (int unsigned g = 0; g <= OutGrans; g++) begin
        if (32'(remain) == g * Gran) buf_d = buf_d | (BufWidth'(in_data_i) << (g * GranBits));
      end
      fill_d = remain + FillWidth'(InElems);
      recv_d = recv_q + RecvWidth'(InElems);
    end
    // The vector is complete and fully emitted: accept the next one.
    if (vector_done && remain == '0) recv_d = '0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q  <= '0;
      fill_q <= '0;
      recv_q <= '0;
    end else begin
      buf_q  <= buf_d;
      fill_q <= fill_d;
      recv_q <= recv_d;
    end
  end

  if (InElems == 0 || OutElems == 0 || ElemBits == 0 || VectorElems == 0 ||
      VectorElems % InElems != 0) begin : g_bad_params
    $error("rebnet_width_converter: VectorElems = %0d must be a positive multiple of InElems = %0d",
           VectorElems, InElems);
  end

`ifndef SYNTHESIS
  a_in_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i && !in_ready_o |=> in_valid_i && $stable(in_data_i))
    else $error("rebnet_width_converter: input valid dropped or data changed before ready");
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o))
    else $error("rebnet_width_converter: output valid dropped or data changed before ready");
  a_fill_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(fill_q) <= CapElems && 32'(recv_q) <= VectorElems)
    else $error("rebnet_width_converter: fill_q %0d or recv_q %0d out of range", fill_q, recv_q);
  a_fill_granules: assert property (@(posedge clk_i) disable iff (!rst_ni)
      32'(fill_q) % Gran == 0 && (!FullPops || !pop || 32'(fill_q) >= OutElems))
    else $error("rebnet_width_converter: fill_q %0d breaks the granule rule (Gran %0d)",
                fill_q, Gran);
  a_tail_zero: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (buf_q >> (32'(fill_q) * ElemBits)) == '0)
    else $error("rebnet_width_converter: buffer elements past fill_q are not 0");
`endif

endmodule
