// Writes COUNT values to the global `watched_value`, for watchpoint tests. Built without PIE
// (tests/workloads/CMakeLists.txt), so the variable's address is the one `nm` shows.
// Usage: watch_target COUNT
#include <stdlib.h>

volatile long watched_value = -1;  // in .data: exec does not clear it (as it clears .bss)

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1;
  for (long i = 0; i < count; i++) watched_value = i;
  return 0;
}
