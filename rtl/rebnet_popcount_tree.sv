// Per-PE popcount of Simd mismatch bits, latency 2, both stages loaded every cycle:
//   stage A: chunk_q[p][c] = popcount of bits [16c +: 16] of PE p (5 bits, 0..16)
//   stage B: count_q[p]    = sum over c of chunk_q[p][c]
// rtl/ is a library of blocks: linted as a set, each block is a top of its own.
/* verilator lint_off MULTITOP */
module rebnet_popcount_tree #(
  parameter int unsigned Simd         = 16,
  parameter int unsigned Pe           = 4,
  localparam int unsigned ChunkBits   = rebnet_pkg::PopChunkBits,
  localparam int unsigned Chunks      = (Simd + ChunkBits - 1) / ChunkBits,
  localparam int unsigned ChunkWidth  = rebnet_pkg::count_width(ChunkBits),
  localparam int unsigned CountWidth  = rebnet_pkg::count_width(Simd)
) (
  input  logic                           clk_i,
  input  logic                           rst_ni,
  input  logic [Pe*Simd-1:0]             mismatch_i,
  output logic [Pe*CountWidth-1:0]       count_o
);

  // chunk c of PE p at [(p*Chunks + c)*ChunkWidth +: ChunkWidth]; count of PE p at
  // [p*CountWidth +: CountWidth] (flat vectors: one packed bus per quantity).
  logic [Pe*Chunks*ChunkWidth-1:0] chunk_d, chunk_q;
  logic [Pe*CountWidth-1:0]        count_d, count_q;

  always_comb begin
    chunk_d = '0;
    for (int unsigned p = 0; p < Pe; p++) begin
      for (int unsigned c = 0; c < Chunks; c++) begin
        for (int unsigned i = 0; i < ChunkBits; i++) begin
          if (c * ChunkBits + i < Simd) begin
            chunk_d[(p*Chunks + c)*ChunkWidth +: ChunkWidth] =
                chunk_d[(p*Chunks + c)*ChunkWidth +: ChunkWidth] +
                ChunkWidth'(mismatch_i[p*Simd + c*ChunkBits + i]);
          end
        end
      end
    end
  end

  always_comb begin
    count_d = '0;
    for (int unsigned p = 0; p < Pe; p++) begin
      for (int unsigned c = 0; c < Chunks; c++) begin
        count_d[p*CountWidth +: CountWidth] = count_d[p*CountWidth +: CountWidth] +
            CountWidth'(chunk_q[(p*Chunks + c)*ChunkWidth +: ChunkWidth]);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      chunk_q <= '0;
      count_q <= '0;
    end else begin
      chunk_q <= chunk_d;
      count_q <= count_d;
    end
  end

  assign count_o = count_q;

  if (Simd == 0 || Pe == 0) begin : g_bad_shape
    $error("rebnet_popcount_tree: Simd and Pe must be at least 1");
  end

endmodule
