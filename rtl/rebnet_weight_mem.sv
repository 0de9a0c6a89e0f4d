// Weight memory of an MVTU: NF * SF words of Pe * Simd bits, word `tile = nf * SF + sf`,
// PE p's Simd weight bits at [p*Simd +: Simd] (bit i = synapse sf*Simd + i; pads 0).
// Read-only, registered read every cycle. rebnet_threshold_unit uses the same block
// (Pe = 1, Simd = AccWidth, SF = 1) for each encoder lane's threshold table.
// WeightFile: $readmemh image, one hex word per line; "" leaves the memory
// uninitialised (a test may then fill `mem` through its verilator public hook).
// MemStyle: what synthesis builds the ROM from, as its rom_style attribute:
//   "block"        block RAM (RAMB18/RAMB36; the output register is the RAM's own)
//   "distributed"  LUTs (a LUT ROM; yosys spells it "logic", see below)
//   "auto"         the synthesis tool decides
// rebnet export-rtl chooses block or distributed from the memory's size
// (docs/synthesis.md, "Weight memories").
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_weight_mem #(
  parameter int unsigned Pe         = 4,
  parameter int unsigned Simd       = 16,
  parameter int unsigned NF         = 1,
  parameter int unsigned SF         = 1,
  parameter              WeightFile = "",
  parameter              MemStyle   = "auto",
  localparam int unsigned Depth     = NF * SF,
  localparam int unsigned Width     = Pe * Simd,
  localparam int unsigned AddrWidth = rebnet_pkg::idx_width(Depth)
) (
  input  logic                 clk_i,
  input  logic [AddrWidth-1:0] rd_addr_i,
  output logic [Width-1:0]     rd_data_o
);

  // MemStyle as a fixed-width string, for comparisons.
  localparam logic [8*11-1:0] Style = 88'(MemStyle);

  // yosys 0.23 reads rom_style "distributed" as LUT RAM, which cannot hold a ROM
  // ("no valid mapping"); its word for a LUT ROM is "logic". Vivado knows
  // "distributed" and not "logic".
`ifdef YOSYS
  (* rom_style = (Style == 88'("distributed")) ? "logic" : MemStyle *)
`else
  (* rom_style = MemStyle *)
`endif
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
  if (Style != 88'("auto") && Style != 88'("block") && Style != 88'("distributed"))
  begin : g_bad_style
    $error("rebnet_weight_mem: MemStyle must be \"auto\", \"block\" or \"distributed\"");
  end

`ifndef SYNTHESIS
  a_addr_in_range: assert property (@(posedge clk_i) 32'(rd_addr_i) < Depth)
    else $error("rebnet_weight_mem: read address %0d beyond %0d words", rd_addr_i, Depth);
`endif

endmodule
