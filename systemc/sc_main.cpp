// libsystemc's own main() calls sc_main(), so the shared library leaves it
// undefined. Every program here has its own main() and calls sc_start()
// directly; this definition only satisfies the linker (see CMakeLists.txt).
extern "C" int sc_main(int, char**) { return 0; }  // as declared in sysc/kernel/sc_externs.h
