// printf throughput: runs a tracer that prints one line "getppid ..." per sys_enter_getppid of
// threads named evgen_bench into OUTFILE, drives it with `evgen` flat out for SECONDS, and
// reports how many events were generated, delivered (lines in OUTFILE) and reported lost (the
// tracer's "Total lost event count: N" or the sum of its "Lost N events" lines on stderr).
// Delivery rate = delivered / (time from the generator's start until OUTFILE stopped growing).
// The tracer runs on CPU 0 and the generator on CPU 1.
// Usage: [EVENTS_PER_CALL=N] printf_rate EVGEN OUTFILE ERRFILE SECONDS -- TRACER [ARGS...]
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
}

static long file_size(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int file_contains(const char* path, const char* needle) {
  FILE* f = fopen(path, "r");
  if (!f) return 0;
  char line[4096];
  int found = 0;
  while (!found && fgets(line, sizeof line, f)) found = strstr(line, needle) != NULL;
  fclose(f);
  return found;
}

// Lost events as reported on stderr: the exit total if printed, else the sum of the lines.
static long lost_events(const char* path) {
  FILE* f = fopen(path, "r");
  if (!f) return 0;
  char line[4096];
  long sum = 0, total = -1, n;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "Lost %ld events", &n) == 1) sum += n;
    char* t = strstr(line, "Total lost event count: ");
    if (t) total = atol(t + strlen("Total lost event count: "));
  }
  fclose(f);
  return total >= 0 ? total : sum;
}

static long count_lines(const char* path, const char* prefix) {
  FILE* f = fopen(path, "r");
  if (!f) return 0;
  char line[4096];
  long n = 0;
  size_t len = strlen(prefix);
  while (fgets(line, sizeof line, f)) n += strncmp(line, prefix, len) == 0;
  fclose(f);
  return n;
}

int main(int argc, char** argv) {
  if (argc < 7 || strcmp(argv[5], "--") != 0) {
    fprintf(stderr, "usage: printf_rate EVGEN OUTFILE ERRFILE SECONDS -- TRACER [ARGS...]\n");
    return 2;
  }
  const char *evgen = argv[1], *out = argv[2], *err = argv[3], *seconds = argv[4];
  unlink(out);
  setenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED", "1", 1);
  pid_t tracer = fork();
  if (tracer == 0) {
    pin(0);
    int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(e, 2);
    execvp(argv[6], argv + 6);
    _exit(127);
  }
  // Ready when the tracer says so (sonde and the reference print the notification line);
  // bpftrace 0.17 does not, so give it time instead.
  double start = now_s();
  while (!file_contains(err, "__BPFTRACE_NOTIFY_PROBES_ATTACHED") && now_s() - start < 4)
    usleep(10000);
  usleep(300000);

  int pipefd[2];
  if (pipe(pipefd) != 0) return 1;
  double t0 = now_s();
  pid_t gen = fork();
  if (gen == 0) {
    pin(1);
    dup2(pipefd[1], 1);
    execl(evgen, evgen, seconds, "evgen_bench", (char*)NULL);
    _exit(127);
  }
  close(pipefd[1]);
  // Watch the output grow until it has been still for 300 ms after the generator ended.
  long last_size = -1;
  double last_change = t0;
  int gen_done = 0;
  while (1) {
    long size = file_size(out);
    double t = now_s();
    if (size != last_size) {
      last_size = size;
      last_change = t;
    }
    if (!gen_done && waitpid(gen, NULL, WNOHANG) == gen) gen_done = 1;
    if (gen_done && t - last_change > 0.3) break;
    usleep(5000);
  }
  char buf[64] = {0};
  if (read(pipefd[0], buf, sizeof buf - 1) <= 0) return 1;
  // EVENTS_PER_CALL: events the traced program emits per getppid() call (a burst program
  // measures the consumer when one generator thread cannot produce events fast enough).
  const char* per_call = getenv("EVENTS_PER_CALL");
  long generated = atol(buf) * (per_call ? atol(per_call) : 1);
  kill(tracer, SIGINT);
  waitpid(tracer, NULL, 0);
  long delivered = count_lines(out, "getppid ");
  long lost = lost_events(err);
  double elapsed = last_change - t0;
  printf("generated=%ld delivered=%ld lost=%ld exact=%s elapsed_s=%.3f delivered_per_s=%.0f\n",
         generated, delivered, lost, delivered + lost == generated ? "yes" : "no", elapsed,
         delivered / elapsed);
  return 0;
}
