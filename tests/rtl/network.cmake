# Generated networks (label rtl), included from tests/rtl/CMakeLists.txt.
#
# rtl_netgen writes, per case, a random model, a folding and the `rebnet export-rtl`
# files (sw/rtlgen) into the build tree at build time. verilate() cannot take those
# sources: it runs Verilator at configure time, before they exist. So each prefix is
# verilated by a custom command (`verilator --cc --build`, same -Wall --assert flags
# as the block tests) into a static library linked into test_rtl_network.
#   test_rtl_network    Vnet_dense, Vnet_convpool (rebnet_network), Vaxi_dense (the
#                       generated rebnet_axi_top: rtl/rebnet_axi_bridge.sv around the dense
#                       network): frames with random stalls against the golden model
#   RtlNetworkLint      verilator --lint-only -Wall of the generated tops
#   test_rtl_synth      `rebnet synth` of a small model: JSON fields, no latches, cached
#                       rerun; `rebnet export-rtl` refuses an --out in the source tree
#   test_rtl_export     `rebnet export-rtl` moved elsewhere: no absolute path, Verilator
#                       lint, yosys synth_xilinx and a simulation (export_tb.sv) through
#                       the Verilog top rebnet_accel, in the moved directory only
# The file lists name their sources relative to themselves: -F, not -f. The generated
# package names its memory images relative to the export (mem/...), so the networks are
# simulated with the export as the working directory (network_test.h).
find_program(VERILATOR_EXE verilator REQUIRED)

add_executable(rtl_netgen rtl_netgen.cpp)
target_link_libraries(rtl_netgen PRIVATE rebnet_rtlgen)

set(_net_root ${CMAKE_CURRENT_BINARY_DIR}/net)

# rebnet_net_case(<case>): the generated files of one rtl_netgen case.
function(rebnet_net_case name)
  set(_dir ${_net_root}/${name})
  add_custom_command(
    OUTPUT ${_dir}/model.rbn ${_dir}/folding.json ${_dir}/plan.json ${_dir}/rtl/rebnet_network.sv
           ${_dir}/rtl/rebnet_network_pkg.sv ${_dir}/rtl/rebnet_axi_top.sv ${_dir}/rtl/rebnet_accel.v
           ${_dir}/rtl/rebnet_network.f
    COMMAND rtl_netgen ${name} ${_dir}
    DEPENDS rtl_netgen
    COMMENT "Generating the RTL network of case ${name} (rtl_netgen)"
    VERBATIM)
endfunction()

# rebnet_net_verilate(<prefix> <case> <top>): Verilator library of a generated top
# (rebnet_network or rebnet_axi_top); sets <prefix>_LIB and <prefix>_DIR.
function(rebnet_net_verilate prefix case top)
  set(_dir ${_net_root}/${case})
  set(_mdir ${CMAKE_CURRENT_BINARY_DIR}/${prefix})
  set(_lib ${_mdir}/${prefix}__ALL.a)
  add_custom_command(
    OUTPUT ${_lib} ${_mdir}/${prefix}.h
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${_mdir}
    COMMAND nice ${VERILATOR_EXE} --cc --build -j 1 ${RTL_VERILATOR_ARGS}
            -CFLAGS -std=c++20 -Mdir ${_mdir} --prefix ${prefix} --top-module ${top}
            -F ${_dir}/rtl/rebnet_network.f
    DEPENDS ${_dir}/rtl/rebnet_network.sv ${_dir}/rtl/rebnet_network_pkg.sv
            ${_dir}/rtl/rebnet_axi_top.sv ${_dir}/rtl/rebnet_accel.v ${_dir}/rtl/rebnet_network.f
            ${RTL_SOURCES}
            ${RTL_DIR}/lint_waivers.vlt
    COMMENT "Verilating ${top} of case ${case} as ${prefix}"
    VERBATIM)
  add_custom_target(${prefix}_verilated DEPENDS ${_lib})
  set(${prefix}_LIB ${_lib} PARENT_SCOPE)
  set(${prefix}_DIR ${_mdir} PARENT_SCOPE)
endfunction()

rebnet_net_case(dense)
rebnet_net_case(convpool)
rebnet_net_verilate(Vnet_dense dense rebnet_network)
rebnet_net_verilate(Vnet_convpool convpool rebnet_network)
rebnet_net_verilate(Vaxi_dense dense rebnet_axi_top)

# The Verilator runtime (`--build` without --exe builds only the model library).
add_library(rebnet_net_verilated_rt STATIC ${VERILATOR_ROOT}/include/verilated.cpp
                                           ${VERILATOR_ROOT}/include/verilated_dpi.cpp
                                           ${VERILATOR_ROOT}/include/verilated_threads.cpp)
target_include_directories(rebnet_net_verilated_rt PUBLIC ${VERILATOR_ROOT}/include
                                                          ${VERILATOR_ROOT}/include/vltstd)
target_compile_definitions(rebnet_net_verilated_rt PUBLIC VM_COVERAGE=0 VM_SC=0 VM_TRACE=0
                                                          VM_TRACE_FST=0 VM_TRACE_VCD=0)
target_compile_options(rebnet_net_verilated_rt PRIVATE -w)
target_link_libraries(rebnet_net_verilated_rt PUBLIC Threads::Threads)

rebnet_test(test_rtl_network SOURCES test_rtl_network.cpp network_test.h
            LIBS rebnet_rtl_test_support LABEL rtl)
add_dependencies(test_rtl_network Vnet_dense_verilated Vnet_convpool_verilated Vaxi_dense_verilated)
target_include_directories(test_rtl_network PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
  ${Vnet_dense_DIR} ${Vnet_convpool_DIR} ${Vaxi_dense_DIR})
target_link_libraries(test_rtl_network PRIVATE ${Vnet_dense_LIB} ${Vnet_convpool_LIB}
  ${Vaxi_dense_LIB} rebnet_net_verilated_rt nlohmann_json::nlohmann_json)
target_compile_definitions(test_rtl_network PRIVATE NET_DENSE_DIR="${_net_root}/dense"
                                                    NET_CONVPOOL_DIR="${_net_root}/convpool")
target_compile_options(test_rtl_network PRIVATE -Wno-unused-parameter)

# Lint of the generated tops (the block lint is scripts/lint_rtl.sh).
add_custom_target(rtl_network_generated ALL DEPENDS
  ${_net_root}/dense/rtl/rebnet_network.f ${_net_root}/convpool/rtl/rebnet_network.f)
# rebnet_net_lint(<name> <case> <top>)
function(rebnet_net_lint name case top)
  add_test(NAME RtlNetworkLint_${name}
    COMMAND nice ${VERILATOR_EXE} --lint-only -Wall --assert ${RTL_DIR}/lint_waivers.vlt
            --top-module ${top} -F ${_net_root}/${case}/rtl/rebnet_network.f)
  set_tests_properties(RtlNetworkLint_${name} PROPERTIES LABELS rtl)
endfunction()
rebnet_net_lint(dense dense rebnet_network)
rebnet_net_lint(convpool convpool rebnet_network)
# A width mismatch between the AXI bridge and the generated network is an error under -Wall.
rebnet_net_lint(axi_top dense rebnet_axi_top)
rebnet_net_lint(axi_top_convpool convpool rebnet_axi_top)
rebnet_net_lint(accel dense rebnet_accel)

# The export moved away from where it was written: lint, synthesis and simulation.
# About a minute: yosys synth_xilinx (~25 s) and the Verilator build (~15 s) dominate.
rebnet_test(test_rtl_export SOURCES test_rtl_export.cpp cli_run.h
            LIBS rebnet_rtl_test_support LABEL rtl LONG)
target_compile_definitions(test_rtl_export PRIVATE REBNET_EXE="$<TARGET_FILE:rebnet>"
  REBNET_SOURCE_DIR="${PROJECT_SOURCE_DIR}" VERILATOR_EXE="${VERILATOR_EXE}"
  YOSYS_EXE="${REBNET_YOSYS}" EXPORT_TB="${CMAKE_CURRENT_SOURCE_DIR}/export_tb.sv")
add_dependencies(test_rtl_export rebnet)
