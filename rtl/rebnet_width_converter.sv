// Stream width converter (docs/microarchitecture.md, "Width converter"): regroups a
// vector of VectorElems elements of ElemBits bits, arriving as VectorElems / InElems
// words of InElems elements, into ceil(VectorElems / OutElems) words of OutElems
// elements, the last one zero-padded. Element e of a word at [e*ElemBits +: ElemBits].
//
// buf_q holds fill_q elements at its front; what lies past fill_q is stale and is
// never cleared (so most buffer bits need no logic beyond their load enables): a
// vector's short last word is zero-padded on the way out instead. fill_at_q is fill_q
// one-hot in granules (bit j: fill_q == j * Gran, see below): a register, so that where
// a push lands is decoded before the cycle instead of from fill_q's arithmetic.
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

  // Element counts here (fill_q, remain) are multiples of Gran = gcd(InElems, OutElems):
  // pushes add InElems, pops drop OutElems, or the whole rest of a vector when fewer are
  // left. So a push lands at one of OutElems / Gran + 1 granule positions, and a full pop
  // moves InElems / Gran granules to the front: muxes over granule positions rather than
  // barrel shifters by fill_q * ElemBits. Nothing is ever cleared, so a granule that only
  // a push can write (every one past InElems when InElems divides OutElems) is plain
  // flip-flops with a load enable.
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
  localparam int unsigned InGrans  = InElems / Gran;
  localparam int unsigned OutGrans = OutElems / Gran;
  localparam int unsigned CapGrans = CapElems / Gran;
  // A vector's short last word holds VectorElems % OutElems elements (pops before it
  // are full), the first TailGrans granules: the rest of that word is padding.
  localparam int unsigned TailGrans = (VectorElems % OutElems) / Gran;

  logic [BufWidth-1:0]  buf_d, buf_q;
  logic [FillWidth-1:0] fill_d, fill_q;
  logic [CapGrans:0]    fill_at_d, fill_at_q;
  logic [RecvWidth-1:0] recv_d, recv_q;

  logic                 vector_done, full, push, pop;
  logic [FillWidth-1:0] remain;
  logic [OutGrans:0]    push_at;  // push_at[g]: this cycle's push lands at granule g

  assign vector_done = 32'(recv_q) == VectorElems;
  assign full        = 32'(fill_q) >= OutElems;
  assign out_valid_o = full || (vector_done && fill_q != '0);
  assign in_ready_o  = 32'(fill_q) <= OutElems && !vector_done;
  assign push        = in_valid_i && in_ready_o;
  assign pop         = out_valid_o && out_ready_i;

  always_comb begin
    out_data_o = buf_q[OutWidth-1:0];
    if (TailGrans != 0 && !full)
      for (int unsigned g = TailGrans; g < OutGrans; g++) out_data_o[g*GranBits +: GranBits] = '0;
  end

  always_comb begin
    // What remains after a pop: OutElems fewer, or nothing (a vector's short last word).
    // A full pop moves the granules past OutElems to the front.
    remain = fill_q;
    buf_d  = buf_q;
    if (pop) begin
      remain = full ? fill_q - FillWidth'(OutElems) : '0;
      if (full)
        for (int unsigned g = 0; g + OutGrans < CapGrans; g++)
          buf_d[g*GranBits +: GranBits] = buf_q[(g + OutGrans)*GranBits +: GranBits];
    end
    // Append behind what remains: granule position remain / Gran, read off fill_at_q.
    // A pop of a full word leaves remain <= InElems (a push needs fill_q <= OutElems).
    for (int unsigned g = 0; g <= OutGrans; g++) begin
      if (!pop) push_at[g] = push && fill_at_q[g];
      else if (!full) push_at[g] = push && g == 0;
      else if (g + OutGrans <= CapGrans) push_at[g] = push && fill_at_q[g + OutGrans];
      else push_at[g] = 1'b0;
    end
    // A push at granule p writes input granule i to granule p + i.
    for (int unsigned p = 0; p <= OutGrans; p++)
      for (int unsigned i = 0; i < InGrans; i++)
        if (push_at[p]) buf_d[(p + i)*GranBits +: GranBits] = in_data_i[i*GranBits +: GranBits];
    fill_d = remain;
    recv_d = recv_q;
    if (push) begin
      fill_d = remain + FillWidth'(InElems);
      recv_d = recv_q + RecvWidth'(InElems);
    end
    // The vector is complete and fully emitted: accept the next one.
    if (vector_done && remain == '0) recv_d = '0;
    for (int unsigned j = 0; j <= CapGrans; j++) fill_at_d[j] = 32'(fill_d) == j * Gran;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q     <= '0;
      fill_q    <= '0;
      fill_at_q <= (CapGrans + 1)'(1);
      recv_q    <= '0;
    end else begin
      buf_q     <= buf_d;
      fill_q    <= fill_d;
      fill_at_q <= fill_at_d;
      recv_q    <= recv_d;
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
      32'(fill_q) % Gran == 0 && fill_at_q == (CapGrans + 1)'(1) << (32'(fill_q) / Gran))
    else $error("rebnet_width_converter: fill_q %0d breaks the granule rule (Gran %0d) or fill_at_q %0h",
                fill_q, Gran, fill_at_q);
  a_padding_zero: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o |-> (out_data_o >> (32'(fill_q) * ElemBits)) == '0)
    else $error("rebnet_width_converter: output elements past fill_q are not 0");
`endif

endmodule
