// Testbench of a moved `rebnet export-rtl` directory (tests/rtl/test_rtl_export.cpp):
// drives the Verilog top rebnet_accel through its own ports only. It writes LEVELS over
// AXI4-Lite, streams the input words of +words=<file> ($readmemh, one s_axis beat a
// line) through s_axis with random valid gaps, takes results from m_axis with random
// ready stalls, writes each result beat to +results=<file> as one hex line, then reads
// FRAMES and writes "frames <n>". The test compares the results with the golden model.
//   +words=<file> +results=<file> +beats=<n> +levels=<k> +seed=<s>
// Sizes come from the exported package, so the bench fits any export.
module export_tb;
  localparam int unsigned InTdataBits  = (rebnet_network_pkg::InBits + 7) / 8 * 8;
  localparam int unsigned OutTdataBits = (rebnet_network_pkg::OutBits + 7) / 8 * 8;
  localparam int unsigned Frames       = 64;  // at most, for the word memory
  localparam int unsigned MaxBeats     = Frames * rebnet_network_pkg::FrameInWords;
  localparam int unsigned Timeout      = 200000;  // cycles
  localparam logic [3:0]  AddrLevels   = 4'h0;
  localparam logic [3:0]  AddrFrames   = 4'h4;

  logic                    ap_clk = 1'b0;
  logic                    ap_rst_n = 1'b0;
  logic [InTdataBits-1:0]  s_axis_tdata = '0;
  logic                    s_axis_tvalid = 1'b0;
  logic                    s_axis_tready;
  logic [OutTdataBits-1:0] m_axis_tdata;
  logic                    m_axis_tvalid;
  logic                    m_axis_tready = 1'b0;
  logic [3:0]              s_axil_awaddr = AddrLevels;
  logic                    s_axil_awvalid = 1'b0;
  logic                    s_axil_awready;
  logic [31:0]             s_axil_wdata = '0;
  logic [3:0]              s_axil_wstrb = 4'hf;
  logic                    s_axil_wvalid = 1'b0;
  logic                    s_axil_wready;
  logic [1:0]              s_axil_bresp;
  logic                    s_axil_bvalid;
  logic                    s_axil_bready = 1'b1;
  logic [3:0]              s_axil_araddr = AddrFrames;
  logic                    s_axil_arvalid = 1'b0;
  logic                    s_axil_arready;
  logic [31:0]             s_axil_rdata;
  logic [1:0]              s_axil_rresp;
  logic                    s_axil_rvalid;
  logic                    s_axil_rready = 1'b1;

  rebnet_accel u_accel (.*);

  logic [InTdataBits-1:0] words [MaxBeats];
  string       words_file, results_file;
  int unsigned beats, levels, seed, results_fd;

  initial begin
    if (!$value$plusargs("words=%s", words_file) || !$value$plusargs("results=%s", results_file)
        || !$value$plusargs("beats=%d", beats) || !$value$plusargs("levels=%d", levels)
        || !$value$plusargs("seed=%d", seed))
      $fatal(1, "usage: +words=<file> +results=<file> +beats=<n> +levels=<k> +seed=<s>");
    if (beats == 0 || beats > MaxBeats || beats % rebnet_network_pkg::FrameInWords != 0)
      $fatal(1, "+beats=%0d: a whole number of frames, at most %0d beats", beats, MaxBeats);
    $readmemh(words_file, words, 0, beats - 1);
    results_fd = $fopen(results_file, "w");
    if (results_fd == 0) $fatal(1, "cannot write %s", results_file);
    void'($urandom(seed));
    repeat (3) @(posedge ap_clk);
    @(negedge ap_clk) ap_rst_n = 1'b1;
  end

  initial forever #5 ap_clk = ~ap_clk;

  // One clocked process, so every handshake is sampled before the design's registers
  // move (as a synchronous master would).
  typedef enum logic [1:0] {StLevels, StLevelsResp, StStream, StFrames} tb_state_e;
  tb_state_e   state = StLevels;
  int unsigned sent = 0, received = 0, cycles = 0;

  always @(posedge ap_clk) begin
    cycles <= cycles + 1;
    if (cycles > Timeout) $fatal(1, "timeout: %0d beats sent, %0d results", sent, received);
    if (ap_rst_n) begin
      unique case (state)
        StLevels: begin
          s_axil_wdata   <= levels;
          s_axil_awvalid <= 1'b1;
          s_axil_wvalid  <= 1'b1;
          if (s_axil_awvalid && s_axil_awready && s_axil_wready) begin  // taken together
            s_axil_awvalid <= 1'b0;
            s_axil_wvalid  <= 1'b0;
            state          <= StLevelsResp;
          end
        end
        StLevelsResp: begin
          if (s_axil_bvalid) begin
            if (s_axil_bresp != 2'b00) $fatal(1, "LEVELS = %0d refused", levels);
            state <= StStream;
          end
        end
        StStream: begin
          // AXI4-Stream: valid stays up, data stable, until the beat is taken.
          if (!s_axis_tvalid || s_axis_tready) begin
            automatic int unsigned next = sent + int'(s_axis_tvalid);
            sent          <= next;
            s_axis_tvalid <= next < beats && $urandom_range(99) < 70;
            s_axis_tdata  <= words[next % MaxBeats];
          end
          m_axis_tready <= $urandom_range(99) < 60;
          if (m_axis_tvalid && m_axis_tready) begin
            $fwrite(results_fd, "%h\n", m_axis_tdata);
            received <= received + 1;
            if (received + 1 == beats / rebnet_network_pkg::FrameInWords) begin
              m_axis_tready  <= 1'b0;
              s_axil_arvalid <= 1'b1;
              state          <= StFrames;
            end
          end
        end
        StFrames: begin
          if (s_axil_arready) s_axil_arvalid <= 1'b0;
          if (s_axil_rvalid) begin
            if (s_axil_rresp != 2'b00) $fatal(1, "FRAMES read refused");
            $fwrite(results_fd, "frames %0d\n", s_axil_rdata);
            $fclose(results_fd);
            $finish;
          end
        end
        default: ;
      endcase
    end
  end

endmodule
