#ifndef IMPRESS_CLINUX_H
#define IMPRESS_CLINUX_H
// Linux calls Swift's Glibc module does not import: epoll(7) and accept4(2).
// struct epoll_event is packed on x86-64, so Swift never touches it: these wrappers take and
// give plain integers.
#include <stdint.h>
#include <sys/socket.h>

// epoll_create1(EPOLL_CLOEXEC); -1 and errno on failure.
int impress_epoll_create(void);

// EPOLL_CTL_ADD, _MOD or _DEL (op 1, 3, 2: the kernel's values) of fd, with `events` (the
// EPOLLIN/EPOLLOUT bits, which equal poll(2)'s POLLIN/POLLOUT) and a tag given back on wake.
int impress_epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t tag);

// epoll_wait for at most `capacity` (≤ 256) events: fills tags[i] and events[i]; returns the
// count, or -1 and errno.
int impress_epoll_wait(int epfd, uint64_t *tags, uint32_t *events, int capacity, int timeout_ms);

// accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC); -1 and errno on failure.
int impress_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length);

#endif
