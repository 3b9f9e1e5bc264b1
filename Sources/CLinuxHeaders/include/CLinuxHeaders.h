// Kernel UAPI structures that Glibc's Swift module does not export
// (struct sockaddr_nl, sock_filter, sock_fprog, sockaddr_ll), setns(2), accept4(2)
// pthread_setname_np(3) and pipe2(2).
// Only Sources/KernelSockets/SystemCalls.swift uses this module.
#ifndef CLINUX_HEADERS_H
#define CLINUX_HEADERS_H

#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <sys/eventfd.h>
#include <pthread.h>

// setns(2) is declared by <sched.h> only under _GNU_SOURCE.
extern int setns(int fd, int nstype);
#define CLINUX_CLONE_NEWNET 0x40000000

// accept4(2) likewise (<sys/socket.h> declares it under _GNU_SOURCE only).
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

// pthread_setname_np(3) likewise (<pthread.h>, _GNU_SOURCE): names a thread
// in /proc/PID/task/TID/comm (at most 15 bytes).
extern int pthread_setname_np(pthread_t thread, const char *name);

// pipe2(2) likewise (<unistd.h>, _GNU_SOURCE).
extern int pipe2(int pipefd[2], int flags);

#endif
