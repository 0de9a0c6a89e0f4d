// Weight memory of an MVTU: NF * SF words of Pe * Simd bits, word `tile = nf * SF + sf`,
// PE p's Simd weight bits at [p*Simd +: Simd] (bit i = synapse sf*Simd + i; pads 0).
// Read-only, registered read every cycle (block RAM for large sizes, LUTs for small).
// WeightFile: $readmemh image, one hex word per line; "" leaves the memory
// uninitialised (a test may then fill `mem` through its verilator public hook).
module rebnet_weight_mem #(
  parameter int unsigned Pe         = 4,
  parameter int unsigned Simd       = 16,
  parameter int unsigned NF         = 1,
  parameter int unsigned SF         = 1,
  parameter              WeightFile = "",
  localparam int unsigned Depth     = NF * SF,
  localparam int unsigned Width     = Pe * Simd,
  localparam int unsigned AddrWidth = rebnet_pkg::idx_width(Depth)
) (
  input  logic                 clk_i,
  input  logic [AddrWidth-1:0] rd_addr_i,
  output logic [Width-1:0]     rd_data_o
);

  logic [Width-1:0] mem [Depth] /* verilator public */;
  logic [Width-1:0] rd_data_d, rd_data_q;

  initial begin
    if (WeightFile != "") $readmemh(WeightFile, mem);
  end

  assign rd_data_d = mem[rd_addr_i];

  // Memory output register, loaded every cycle; no reset, so that it maps onto the
  // block RAM's own output register.
  always_ff @(posedge clk_i) begin
    rd_data_q <= rd_data_d;
  end

  assign rd_data_o = rd_data_q;

  if (Pe == 0 || Simd == 0 || NF == 0 || SF == 0) begin : g_bad_shape
    $error("rebnet_weight_mem: Pe, Simd, NF and SF must be at least 1");
  end

`ifndef SYNTHESIS
  a_addr_in_range: assert property (@(posedge clk_i) 32'(rd_addr_i) < Depth)
    else $error("rebnet_weight_mem: read address %0d beyond %0d words", rd_addr_i, Depth);
`endif

endmodule
