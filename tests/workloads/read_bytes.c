// Reads SIZE bytes from /dev/zero COUNT times under the thread name NAME.
// Usage: read_bytes SIZE COUNT [NAME]
#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  long size = atol(argv[1]), count = atol(argv[2]);
  if (argc > 3) prctl(PR_SET_NAME, argv[3], 0, 0, 0);
  char* buf = malloc(size > 0 ? size : 1);
  int fd = open("/dev/zero", O_RDONLY);
  for (long i = 0; i < count; i++)
    if (read(fd, buf, size) < 0) return 1;
  close(fd);
  free(buf);
  return 0;
}
