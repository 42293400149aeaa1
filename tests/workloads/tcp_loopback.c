// A TCP client and server on loopback: listens on 127.0.0.1 (or ::1 with "6") at PORT,
// connects to it, sends a few bytes both ways, and closes both ends. Used to trace socket
// state changes and addresses (ntop, sock:inet_sock_set_state) with known values.
// Usage: tcp_loopback 4|6 PORT [NAME]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char* what) {
  perror(what);
  return 1;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  int v6 = strcmp(argv[1], "6") == 0;
  int port = atoi(argv[2]);
  if (argc > 3) prctl(PR_SET_NAME, argv[3], 0, 0, 0);

  struct sockaddr_storage addr;
  socklen_t len;
  memset(&addr, 0, sizeof addr);
  if (v6) {
    struct sockaddr_in6* a = (struct sockaddr_in6*)&addr;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((unsigned short)port);
    a->sin6_addr = in6addr_loopback;
    len = sizeof *a;
  } else {
    struct sockaddr_in* a = (struct sockaddr_in*)&addr;
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  }
  int family = v6 ? AF_INET6 : AF_INET;
  int server = socket(family, SOCK_STREAM, 0);
  if (server < 0) return fail("socket");
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(server, (struct sockaddr*)&addr, len) != 0) return fail("bind");
  if (listen(server, 1) != 0) return fail("listen");
  int client = socket(family, SOCK_STREAM, 0);
  if (client < 0) return fail("socket");
  if (connect(client, (struct sockaddr*)&addr, len) != 0) return fail("connect");
  int conn = accept(server, NULL, NULL);
  if (conn < 0) return fail("accept");
  char buf[8];
  if (write(client, "ping", 4) != 4 || read(conn, buf, sizeof buf) <= 0) return fail("ping");
  if (write(conn, "pong", 4) != 4 || read(client, buf, sizeof buf) <= 0) return fail("pong");
  close(client);
  close(conn);
  close(server);
  return 0;
}
