// A program with known nested functions for user-stack tests, built with frame pointers:
// main -> level_one -> level_two -> level_three, which enters the kernel with getppid (an
// inline `syscall` instruction, so the innermost frame is level_three itself rather than a
// libc wrapper without a frame). It also calls lseek(-1, ADDRESS, SEEK_SET) with the address
// of level_two as the offset, so a tracepoint can hand a known user address to usym().
// It lingers LINGER_MS (default 200) before exiting: long enough for the tracer to note the
// process while it lives (its symbols must still resolve after it exited).
// Usage: fp_stack [COUNT] [NAME] [LINGER_MS]
#include <stdint.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) static long raw_syscall3(long nr, long a, long b, long c) {
  long ret;
  register long r10 __asm__("r10") = 0;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return ret;
}

__attribute__((noinline)) void after_syscall(long ret) { __asm__ volatile("" ::"r"(ret)); }

// Not a leaf (it calls after_syscall), so it sets up its own frame: gcc may omit the frame
// pointer in leaf functions, which would hide level_two from the unwinder.
__attribute__((noinline)) void level_three(void) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
  after_syscall(ret);
}

__attribute__((noinline)) void level_two(void) {
  level_three();
  __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void level_one(void) {
  level_two();
  __asm__ volatile("" ::: "memory");
}

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  for (long i = 0; i < count; i++) level_one();
  raw_syscall3(SYS_lseek, -1, (long)(uintptr_t)&level_two, SEEK_SET);
  usleep((useconds_t)(argc > 3 ? atol(argv[3]) : 200) * 1000);
  return 0;
}
