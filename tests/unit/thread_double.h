/* SPDX-License-Identifier: GPL-2.0-only */
/* A test double of the thread and IPC layers for the host tests of kernel/delete.c. */
#ifndef THREAD_DOUBLE_H
#define THREAD_DOUBLE_H

#include <setjmp.h>

#include "tcb.h"

#define THREAD_DOUBLE_CALLS 8

/* What delete.c asked of the thread layer, in order. */
struct thread_double {
    unsigned stops;
    paddr_t stopped[THREAD_DOUBLE_CALLS];
    unsigned unbinds;
    paddr_t unbound[THREAD_DOUBLE_CALLS];
    uint8_t unbound_type[THREAD_DOUBLE_CALLS];
    const struct user_context *forgotten;   /* arch_user_context_forget's last */
    unsigned cancels;                       /* endpoint_cancel_all's calls */
    paddr_t cancelled;                      /* and the last endpoint it was given */
    paddr_t destroyed;                      /* notification_destroy's last */
    paddr_t left_notification;              /* notification_unbind's last thread */
    unsigned signals;                       /* notification_signal's calls */
    paddr_t signalled;                      /* and its last notification and badge */
    uint64_t signal_badge;
    jmp_buf *schedule;                      /* where thread_schedule jumps back to */
};

extern struct thread_double thread_double;

#endif
