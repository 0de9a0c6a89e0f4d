// Generated networks (tests/rtl/rtl_netgen.cpp writes the models, foldings and
// `rebnet export-rtl` files at build time; CMakeLists.txt verilates them): frames with
// random valid gaps and ready stalls at every run-time level count, each result equal
// to the golden model. Prefixes: Vnet_dense, Vnet_convpool (rebnet_network) and
// Vaxi_dense (the generated rebnet_axi_top: rtl/rebnet_axi_bridge.sv around the dense
// network).
#include "Vaxi_dense.h"
#include "Vnet_convpool.h"
#include "Vnet_dense.h"
#include "network_test.h"

namespace {

using rebnet::rtltest::run_axi_top;
using rebnet::rtltest::run_network;

TEST(RtlNetworkDense, RandomStallsK1) { run_network<Vnet_dense>(NET_DENSE_DIR, 1, 8, 0.6, 0.6, 501); }
TEST(RtlNetworkDense, RandomStallsK2) { run_network<Vnet_dense>(NET_DENSE_DIR, 2, 8, 0.6, 0.6, 502); }
TEST(RtlNetworkDense, NoStallsK2) { run_network<Vnet_dense>(NET_DENSE_DIR, 2, 8, 1.0, 1.0, 503); }
TEST(RtlNetworkDense, SlowSinkK2) { run_network<Vnet_dense>(NET_DENSE_DIR, 2, 6, 1.0, 0.1, 504); }

TEST(RtlNetworkConvPool, RandomStallsK1) {
  run_network<Vnet_convpool>(NET_CONVPOOL_DIR, 1, 4, 0.6, 0.6, 511);
}
TEST(RtlNetworkConvPool, RandomStallsK2) {
  run_network<Vnet_convpool>(NET_CONVPOOL_DIR, 2, 4, 0.6, 0.6, 512);
}
TEST(RtlNetworkConvPool, NoStallsK2) {
  run_network<Vnet_convpool>(NET_CONVPOOL_DIR, 2, 4, 1.0, 1.0, 513);
}

TEST(RtlAxiTop, RegistersAndFrames) { run_axi_top<Vaxi_dense>(NET_DENSE_DIR, 6, 0.7, 0.5, 521); }

}  // namespace
