// libsonde_workload.so: a shared library for uprobes found by library name
// (`uprobe:libsonde_workload:workload_lib_add`), called by probe_target.
__attribute__((noinline)) int workload_lib_add(int a, int b) {
  __asm__ volatile("" ::: "memory");  // keep the call and the function
  return a + b;
}
