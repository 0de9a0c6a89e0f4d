// AXI side of the board top (docs/microarchitecture.md, "AXI wrapper"): `rebnet export-rtl`
// generates rebnet_axi_top, which connects this bridge to the generated rebnet_network.
//   s_axis_*  AXI4-Stream slave, pixels: InputElems bytes per beat, pixel e at [8e +: 8]
//   m_axis_*  AXI4-Stream master, one beat per frame: label at [15:0], score j at
//             [16 + 48j +: 48] (signed), zero-padded to a whole number of bytes
//   s_axil_*  AXI4-Lite slave, 32-bit registers:
//     0x0 LEVELS     RW  run-time level count k, bits [3:0]; reset MaxLevels. Writes of 0
//                        or of more than MaxLevels are refused (SLVERR, value kept).
//                        Write it only while no frame is in flight (the network's rule).
//     0x4 FRAMES     RO  result beats sent on m_axis since reset (wraps at 2^32)
//     0x8 MAX_LEVELS RO  MaxLevels
//   Other addresses, and writes to read-only registers, answer SLVERR.
//   levels_o, net_in_*, net_out_*  the network's levels_i, in_* and out_* (the streams
//             pass straight through, without registers)
// The AXI ports keep the AMBA names (s_axis_tdata, ...) so that vendor tools infer the
// interfaces; clock and reset follow the house style (clk_i, rst_ni: asynchronous,
// active low; AXI's ARESETn drives rst_ni directly).
//
// AXI4-Lite handshake: a write is accepted when its address and data are both valid
// and no response is pending (awready = wready, AXI allows waiting for both); the
// response is held until bready. A read is accepted when no read data is pending.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_axi_bridge #(
  parameter int unsigned  InBits       = 64,   // rebnet_network_pkg::InBits
  parameter int unsigned  OutBits      = 496,  // rebnet_network_pkg::OutBits
  parameter int unsigned  MaxLevels    = 2,    // rebnet_network_pkg::MaxLevels
  localparam int unsigned InTdataBits  = (InBits + 7) / 8 * 8,
  localparam int unsigned OutTdataBits = (OutBits + 7) / 8 * 8,
  localparam int unsigned AxilAddrBits = 4,
  localparam int unsigned LvW          = 4
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  // AXI4-Stream slave: pixels
  input  logic [InTdataBits-1:0]  s_axis_tdata,
  input  logic                    s_axis_tvalid,
  output logic                    s_axis_tready,
  // AXI4-Stream master: results
  output logic [OutTdataBits-1:0] m_axis_tdata,
  output logic                    m_axis_tvalid,
  input  logic                    m_axis_tready,
  // AXI4-Lite slave: control and status
  input  logic [AxilAddrBits-1:0] s_axil_awaddr,
  input  logic                    s_axil_awvalid,
  output logic                    s_axil_awready,
  input  logic [31:0]             s_axil_wdata,
  input  logic [3:0]              s_axil_wstrb,
  input  logic                    s_axil_wvalid,
  output logic                    s_axil_wready,
  output logic [1:0]              s_axil_bresp,
  output logic                    s_axil_bvalid,
  input  logic                    s_axil_bready,
  input  logic [AxilAddrBits-1:0] s_axil_araddr,
  input  logic                    s_axil_arvalid,
  output logic                    s_axil_arready,
  output logic [31:0]             s_axil_rdata,
  output logic [1:0]              s_axil_rresp,
  output logic                    s_axil_rvalid,
  input  logic                    s_axil_rready,
  // the network: run-time level count, input stream, output stream
  output logic [LvW-1:0]          levels_o,
  output logic                    net_in_valid_o,
  input  logic                    net_in_ready_i,
  output logic [InBits-1:0]       net_in_data_o,
  input  logic                    net_out_valid_i,
  output logic                    net_out_ready_o,
  input  logic [OutBits-1:0]      net_out_data_i
);

  localparam logic [1:0] RespOkay   = 2'b00;
  localparam logic [1:0] RespSlverr = 2'b10;
  localparam logic [AxilAddrBits-1:0] AddrLevels    = AxilAddrBits'(4'h0);
  localparam logic [AxilAddrBits-1:0] AddrFrames    = AxilAddrBits'(4'h4);
  localparam logic [AxilAddrBits-1:0] AddrMaxLevels = AxilAddrBits'(4'h8);

  // ------------------------------------------------------------ registers
  logic [LvW-1:0] levels_d, levels_q;
  logic [31:0]    frames_d, frames_q;
  logic           bvalid_d, bvalid_q;
  logic [1:0]     bresp_d, bresp_q;
  logic           rvalid_d, rvalid_q;
  logic [1:0]     rresp_d, rresp_q;
  logic [31:0]    rdata_d, rdata_q;

  logic           write, read, level_ok, result_sent;
  logic [31:0]    wdata_levels;

  assign s_axil_awready = s_axil_awvalid && s_axil_wvalid && !bvalid_q;
  assign s_axil_wready  = s_axil_awready;
  assign write          = s_axil_awready;  // both valid and accepted this cycle
  assign s_axil_arready = !rvalid_q;
  assign read           = s_axil_arvalid && s_axil_arready;
  assign wdata_levels   = s_axil_wdata;
  assign level_ok       = s_axil_wstrb[0] && wdata_levels >= 32'd1 && wdata_levels <= MaxLevels;
  assign result_sent    = m_axis_tvalid && m_axis_tready;

  always_comb begin
    levels_d = levels_q;
    frames_d = result_sent ? frames_q + 32'd1 : frames_q;
    bvalid_d = bvalid_q && !s_axil_bready;
    bresp_d  = bresp_q;
    rvalid_d = rvalid_q && !s_axil_rready;
    rresp_d  = rresp_q;
    rdata_d  = rdata_q;
    if (write) begin
      bvalid_d = 1'b1;
      bresp_d  = RespSlverr;
      if (s_axil_awaddr == AddrLevels && level_ok) begin
        levels_d = LvW'(wdata_levels);
        bresp_d  = RespOkay;
      end
    end
    if (read) begin
      rvalid_d = 1'b1;
      rresp_d  = RespOkay;
      unique case (s_axil_araddr)
        AddrLevels:    rdata_d = 32'(levels_q);
        AddrFrames:    rdata_d = frames_q;
        AddrMaxLevels: rdata_d = 32'(MaxLevels);
        default: begin
          rdata_d = '0;
          rresp_d = RespSlverr;
        end
      endcase
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      levels_q <= LvW'(MaxLevels);
      frames_q <= '0;
      bvalid_q <= 1'b0;
      bresp_q  <= RespOkay;
      rvalid_q <= 1'b0;
      rresp_q  <= RespOkay;
      rdata_q  <= '0;
    end else begin
      levels_q <= levels_d;
      frames_q <= frames_d;
      bvalid_q <= bvalid_d;
      bresp_q  <= bresp_d;
      rvalid_q <= rvalid_d;
      rresp_q  <= rresp_d;
      rdata_q  <= rdata_d;
    end
  end

  assign s_axil_bvalid = bvalid_q;
  assign s_axil_bresp  = bresp_q;
  assign s_axil_rvalid = rvalid_q;
  assign s_axil_rresp  = rresp_q;
  assign s_axil_rdata  = rdata_q;

  // ------------------------------------------------------------ the network's ports
  assign levels_o        = levels_q;
  assign net_in_valid_o  = s_axis_tvalid;
  assign s_axis_tready   = net_in_ready_i;
  assign net_in_data_o   = s_axis_tdata[InBits-1:0];
  assign m_axis_tvalid   = net_out_valid_i;
  assign net_out_ready_o = m_axis_tready;
  assign m_axis_tdata    = OutTdataBits'(net_out_data_i);

  // Byte padding of s_axis_tdata beyond InBits is ignored.
  if (InTdataBits > InBits) begin : g_in_pad
    logic unused_in_pad;
    assign unused_in_pad = ^s_axis_tdata[InTdataBits-1:InBits];
  end

  // Only the low byte of LEVELS is writable: the other strobes are ignored.
  logic unused_wstrb;
  assign unused_wstrb = ^s_axil_wstrb[3:1];

  // ------------------------------------------------------------ parameter legality
  if (InBits == 0 || OutBits == 0) begin : g_bad_widths
    $error("rebnet_axi_bridge: InBits and OutBits must be at least 1");
  end
  if (MaxLevels == 0 || MaxLevels > 8) begin : g_bad_levels
    $error("rebnet_axi_bridge: MaxLevels = %0d is outside 1..8", MaxLevels);
  end

`ifndef SYNTHESIS
  // AXI4-Stream: valid stays high and data stable until ready.
  a_s_axis_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axis_tvalid && !s_axis_tready |=> s_axis_tvalid && $stable(s_axis_tdata))
    else $error("rebnet_axi_bridge: s_axis valid dropped or data changed before ready");
  a_m_axis_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      m_axis_tvalid && !m_axis_tready |=> m_axis_tvalid && $stable(m_axis_tdata))
    else $error("rebnet_axi_bridge: m_axis valid dropped or data changed before ready");
  // AXI4-Lite: responses are held until taken.
  a_b_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axil_bvalid && !s_axil_bready |=> s_axil_bvalid && $stable(s_axil_bresp))
    else $error("rebnet_axi_bridge: write response dropped before bready");
  a_r_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      s_axil_rvalid && !s_axil_rready |=> s_axil_rvalid && $stable({s_axil_rdata, s_axil_rresp}))
    else $error("rebnet_axi_bridge: read data dropped or changed before rready");
  // The level count stays legal.
  a_levels_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
      levels_q >= LvW'(1) && 32'(levels_q) <= MaxLevels)
    else $error("rebnet_axi_bridge: level count %0d outside 1..%0d", levels_q, MaxLevels);
`endif

endmodule
