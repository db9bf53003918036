#define _GNU_SOURCE
#include "CLinux.h"
#include <sys/epoll.h>

int impress_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int impress_epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t tag) {
    struct epoll_event event = {.events = events, .data.u64 = tag};
    return epoll_ctl(epfd, op, fd, &event);
}

int impress_epoll_wait(int epfd, uint64_t *tags, uint32_t *events, int capacity, int timeout_ms) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epfd, ready, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        tags[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}

int impress_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
