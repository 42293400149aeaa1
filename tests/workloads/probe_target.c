// Target of the user-space probe tests: functions for uprobes, USDT probes (one with a
// semaphore), a call into libsonde_workload.so, a symbol with a C++ mangled name.
// Usage: probe_target COUNT [NAME [GO_FILE]] — runs COUNT iterations under thread name NAME,
// once GO_FILE exists if given (a test creates it when its probes are attached; waits at most
// 10 s, then removes it). Prints "terminated" on SIGTERM. With PROBE_TARGET_LINGER_MS set it
// stays alive that long at the end (so its symbols can still be read from /proc).
#define _SDT_HAS_SEMAPHORES 1
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sdt.h>
#include <unistd.h>

int workload_lib_add(int a, int b);

// USDT semaphores (every probe has one once _SDT_HAS_SEMAPHORES is set): the kernel counts
// them up while a usdt probe is attached; `guarded` only fires when its semaphore is set.
#define SEMAPHORE(name) \
  volatile unsigned short sonde_##name##_semaphore __attribute__((section(".probes")))
SEMAPHORE(tick);
SEMAPHORE(guarded);
SEMAPHORE(done);

__attribute__((noinline)) long add_numbers(long a, long b) {
  __asm__ volatile("" ::: "memory");
  return a + b;
}

__attribute__((noinline)) int return_negative(int x) {
  __asm__ volatile("" ::: "memory");
  return -x;
}

// "sonde::scaled(int)" once demangled: the cpp: form of uprobes matches it.
__attribute__((noinline)) int _ZN5sonde6scaledEi(int x) {
  __asm__ volatile("" ::: "memory");
  return 3 * x;
}

static void on_term(int sig) {
  (void)sig;
  const char text[] = "terminated\n";
  (void)!write(STDOUT_FILENO, text, strlen(text));
  _exit(0);
}

static void wait_for(const char* path) {
  for (int waited = 0; waited < 1000 && access(path, F_OK) != 0; waited++) usleep(10000);
  unlink(path);
}

int main(int argc, char** argv) {
  long count = argc > 1 ? atol(argv[1]) : 1;
  if (argc > 2) prctl(PR_SET_NAME, argv[2], 0, 0, 0);
  signal(SIGTERM, on_term);
  if (argc > 3) wait_for(argv[3]);
  long total = 0;
  for (long i = 1; i <= count; i++) {
    getppid();
    total += add_numbers(i, 10 * i);
    total += return_negative((int)i);
    total += _ZN5sonde6scaledEi((int)i);
    total += workload_lib_add((int)i, 1);
    short small = (short)-i;
    STAP_PROBE3(sonde, tick, i, small, total);
    if (sonde_guarded_semaphore) STAP_PROBE1(sonde, guarded, i);
  }
  STAP_PROBE(sonde, done);
  const char* linger = getenv("PROBE_TARGET_LINGER_MS");
  if (linger) usleep((useconds_t)atol(linger) * 1000);
  return total > 0 ? 0 : 1;
}
