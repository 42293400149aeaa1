// Opens PATH (read-only, failure ignored) COUNT times under the thread name NAME.
// Usage: open_file PATH [COUNT] [NAME]
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  long count = argc > 2 ? atol(argv[2]) : 1;
  if (argc > 3) prctl(PR_SET_NAME, argv[3], 0, 0, 0);
  for (long i = 0; i < count; i++) {
    int fd = open(argv[1], O_RDONLY);
    if (fd >= 0) close(fd);
  }
  return 0;
}
