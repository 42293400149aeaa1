// Time from starting a tracer until it reports every probe attached: runs the command RUNS
// times with __BPFTRACE_NOTIFY_PROBES_ATTACHED set, reads its stderr until the notification
// line, then ends it with SIGINT. Prints the median, min and max in milliseconds:
//   attach_ms_median=... attach_ms_min=... attach_ms_max=...
// Usage: attach_time RUNS -- COMMAND [ARGS...]
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static double ms_since(const struct timespec* t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

// One run: milliseconds until the notification, or a negative value if it never came.
static double one_run(char** command) {
  int err[2];
  if (pipe(err) != 0) return -1;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(err[1], 2);
    close(err[0]);
    close(err[1]);
    freopen("/dev/null", "w", stdout);
    setenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED", "1", 1);
    execvp(command[0], command);
    _exit(127);
  }
  close(err[1]);
  FILE* in = fdopen(err[0], "r");
  char line[4096];
  double attached = -1;
  while (fgets(line, sizeof line, in)) {
    if (strncmp(line, "__BPFTRACE_NOTIFY_PROBES_ATTACHED", 33) == 0) {
      attached = ms_since(&t0);
      break;
    }
  }
  kill(pid, SIGINT);
  while (fgets(line, sizeof line, in)) {
  }
  fclose(in);
  waitpid(pid, NULL, 0);
  return attached;
}

int main(int argc, char** argv) {
  if (argc < 4 || strcmp(argv[2], "--") != 0) {
    fprintf(stderr, "usage: attach_time RUNS -- COMMAND [ARGS...]\n");
    return 2;
  }
  int runs = atoi(argv[1]);
  double* ms = calloc(runs, sizeof *ms);
  for (int i = 0; i < runs; i++) {
    ms[i] = one_run(argv + 3);
    if (ms[i] < 0) {
      fprintf(stderr, "attach_time: no attach notification from %s\n", argv[3]);
      return 1;
    }
  }
  qsort(ms, runs, sizeof *ms, cmp_double);
  double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  printf("attach_ms_median=%.1f attach_ms_min=%.1f attach_ms_max=%.1f\n", median, ms[0],
         ms[runs - 1]);
  return 0;
}
