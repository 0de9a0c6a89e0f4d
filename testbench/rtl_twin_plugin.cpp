// The entry point of a cached RTL twin plugin (rtl_build.cpp compiles this file
// beside the Verilated rebnet_network, prefix Vrebnet_network, into a shared
// object that `rebnet cosim` loads with dlopen).
#include "Vrebnet_network.h"
#include "verilated_twin.h"

REBNET_RTL_TWIN_PLUGIN(Vrebnet_network)
