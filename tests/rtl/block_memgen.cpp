// Build-time generator of the memory images of an MVTU sub-block test set
// (rebnet_weight_mem, rebnet_threshold_unit):
//   block_memgen <out-prefix> <MatrixW> <MatrixH> <Simd> <Pe> <LevelsIn> <LevelsOut>
//                <scales G_1,G_2,..> <layer-seed>
// writes the images of tests/support/mvtu_block_cases.h's random layer for that shape
// (the one the tests' references read) with the generator's own writer, as rtl_memgen
// does for the rebnet_mvtu sets.
#include <cstdio>
#include <exception>
#include <string>

#include "mvtu_block_cases.h"
#include "mvtu_layer.h"
#include "rtlgen/mem_images.h"

int main(int argc, char** argv) {
  if (argc != 10) {
    std::fprintf(stderr,
                 "usage: block_memgen <out-prefix> <MatrixW> <MatrixH> <Simd> <Pe> "
                 "<LevelsIn> <LevelsOut> <scales> <layer-seed>\n");
    return 2;
  }
  try {
    rebnet::blocktest::MvtuShape s;
    s.matrix_w = std::stoul(argv[2]);
    s.matrix_h = std::stoul(argv[3]);
    s.simd = std::stoul(argv[4]);
    s.pe = std::stoul(argv[5]);
    s.levels_in = std::stoul(argv[6]);
    s.levels_out = std::stoul(argv[7]);
    s.scales = rebnet::rtltest::parse_list(argv[8]);
    s.layer_seed = std::stoull(argv[9]);
    rebnet::rtlgen::write_mvtu_images(rebnet::blocktest::random_mvtu(s).cfg, argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "block_memgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
