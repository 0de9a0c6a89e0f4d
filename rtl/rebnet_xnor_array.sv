// XOR mismatch of one input level against Pe weight words (contract sections 4-5):
// x[i] = ibuf_i[i*LevelsIn + level_i], PE p: mismatch = wmem_i[p] ^ x.
// Purely combinational (stage S1 of the MVTU); pads are 0 in both operands.
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_xnor_array #(
  parameter int unsigned Simd        = 16,
  parameter int unsigned Pe          = 4,
  parameter int unsigned LevelsIn    = 2,
  localparam int unsigned LevelWidth = rebnet_pkg::idx_width(LevelsIn)
) (
  input  logic [Simd*LevelsIn-1:0] ibuf_i,
  input  logic [LevelWidth-1:0]    level_i,
  input  logic [Pe*Simd-1:0]       wmem_i,
  output logic [Pe*Simd-1:0]       mismatch_o
);

  logic [Simd-1:0] x;

  for (genvar i = 0; i < Simd; i++) begin : g_elem
    logic [LevelsIn-1:0] elem;
    assign elem = ibuf_i[i*LevelsIn +: LevelsIn];
    assign x[i] = elem[level_i];
  end

  for (genvar p = 0; p < Pe; p++) begin : g_pe
    assign mismatch_o[p*Simd +: Simd] = wmem_i[p*Simd +: Simd] ^ x;
  end

endmodule
