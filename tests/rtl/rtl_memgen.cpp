// Build-time generator of the memory images of one rebnet_mvtu test set:
//   rtl_memgen <out-prefix> <name> <MatrixW> <MatrixH> <Simd> <Pe> <LevelsIn> <LevelsOut>
//              <PixelInput> <OutFifoDepth> <scales G_1,G_2,..> <model-seed>
// writes <out-prefix>weights.mem and <out-prefix>thresholds_lane000.mem .. (one per
// encoder lane) / scores.mem with the generator's own writer (sw/rtlgen/mem_images.h,
// as `rebnet export-rtl` does).
#include <cstdio>
#include <exception>
#include <string>

#include "mvtu_layer.h"
#include "plan/mvtu_config.h"
#include "rtlgen/mem_images.h"

int main(int argc, char** argv) {
  using namespace rebnet::rtltest;
  if (argc != 13) {
    std::fprintf(stderr, "usage: rtl_memgen <out-prefix> <name> <MatrixW> <MatrixH> <Simd> <Pe> "
                         "<LevelsIn> <LevelsOut> <PixelInput> <OutFifoDepth> <scales> <seed>\n");
    return 2;
  }
  try {
    MvtuSet set;
    set.name = argv[2];
    set.matrix_w = std::stoul(argv[3]);
    set.matrix_h = std::stoul(argv[4]);
    set.simd = std::stoul(argv[5]);
    set.pe = std::stoul(argv[6]);
    set.levels_in = std::stoul(argv[7]);
    set.levels_out = std::stoul(argv[8]);
    set.pixel_input = std::stoul(argv[9]) != 0;
    set.out_fifo_depth = std::stoul(argv[10]);
    set.scales = parse_list(argv[11]);
    set.model_seed = std::stoull(argv[12]);
    const MvtuModel m = make_model(set);
    const rebnet::MvtuConfig cfg = rebnet::make_mvtu_config(
        m.layer(), {set.pe, set.simd}, set.pixel_input, set.out_fifo_depth);
    rebnet::rtlgen::write_mvtu_images(cfg, argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rtl_memgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
