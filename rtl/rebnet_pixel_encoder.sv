// Pixel encoder (docs/microarchitecture.md, "Pixel encoder"; integer contract
// section 3): Elems 8-bit pixels per word in, Elems PixelLevels-bit codes out.
// Byte e at in_data_i[e*8 +: 8]; code e at out_data_o[e*PixelLevels +: PixelLevels],
// level l (bit l-1 of the code) = bit 8-l of the byte. Combinational: no clock,
// no registers, the handshake passes straight through.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_pixel_encoder #(
  parameter int unsigned  Elems       = 4,
  parameter int unsigned  PixelLevels = 8,
  localparam int unsigned InWidth     = Elems * 8,
  localparam int unsigned OutWidth    = Elems * PixelLevels
) (
  input  logic                in_valid_i,
  output logic                in_ready_o,
  input  logic [InWidth-1:0]  in_data_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [OutWidth-1:0] out_data_o
);

  assign out_valid_o = in_valid_i;
  assign in_ready_o  = out_ready_i;

  for (genvar e = 0; e < Elems; e++) begin : g_elem
    for (genvar l = 1; l <= PixelLevels; l++) begin : g_level
      assign out_data_o[e*PixelLevels + l - 1] = in_data_i[e*8 + 8 - l];
    end
  end

  // P < 8: the low 8-P bits of every pixel are dropped on purpose (contract section 3).
  if (PixelLevels < 8) begin : g_dropped
    localparam int unsigned Dropped = 8 - PixelLevels;
    logic [Elems*Dropped-1:0] dropped;
    for (genvar e = 0; e < Elems; e++) begin : g_elem
      assign dropped[e*Dropped +: Dropped] = in_data_i[e*8 +: Dropped];
    end
    logic unused_dropped;
    assign unused_dropped = ^dropped;
  end

  if (Elems == 0 || PixelLevels == 0 || PixelLevels > 8) begin : g_bad_params
    $error("rebnet_pixel_encoder: Elems = %0d must be at least 1, PixelLevels = %0d must be 1..8",
           Elems, PixelLevels);
  end

endmodule
