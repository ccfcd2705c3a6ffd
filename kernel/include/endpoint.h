/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Endpoints (spec/objects.md, "IPC"): synchronous rendezvous. An endpoint
 * is a queue of the threads waiting on it, all senders or all receivers,
 * the highest priority first and first come, first served within one.
 * A notification (notification.c) is the same object with a word: its
 * queue holds the threads waiting for the word to become non-zero.
 */
#ifndef CAIRN_ENDPOINT_H
#define CAIRN_ENDPOINT_H

#include "tcb.h"

/* What an endpoint's waiters wait to do. */
enum endpoint_state {
    ENDPOINT_IDLE,        /* nobody waits */
    ENDPOINT_SENDING,     /* senders wait for receivers */
    ENDPOINT_RECEIVING,   /* receivers wait for senders */
};

struct endpoint {
    paddr_t head;         /* the first waiter, 0 when none */
    paddr_t tail;         /* the last */
    uint64_t state;       /* enum endpoint_state; a notification's waiters receive */
    uint64_t word;        /* a notification's pending badges, ORed; 0 on an endpoint */
    paddr_t bound;        /* the thread a notification is bound to, 0 when none */
};

_Static_assert(sizeof(struct endpoint) <= (1u << CAIRN_ENDPOINT_SIZE_BITS),
               "an endpoint fits its object");
_Static_assert(sizeof(struct endpoint) <= (1u << CAIRN_NOTIFICATION_SIZE_BITS),
               "a notification fits its object");

/*@ axiomatic EndpointView {
      logic struct endpoint *endpoint_view(integer pa);
      axiom endpoint_view_separated: \forall integer a, b;
        a != b ==> \separated(endpoint_view(a), endpoint_view(b));
      // Trusted as the other views: an endpoint is an object of its own,
      // never a thread or a capability slot (untyped hands out memory once).
      axiom endpoint_view_not_tcb: \forall integer a, b;
        \separated(endpoint_view(a), tcb_view(b));
      axiom endpoint_view_not_slots: \forall integer a, b;
        \separated(endpoint_view(a), slots_view(b));
    }
*/
/* The direct-map view of the endpoint at `pa`: trusted as arch_slots_at;
 * the endpoint capability that names `pa` vouches for it. */
/*@ assigns \result \from pa;
    ensures \result == endpoint_view(pa);
    ensures \valid(\result);
*/
struct endpoint *(arch_endpoint_at)(paddr_t pa);   /* parenthesised: arch_fast.h may inline it */

/* What the endpoint queue operations write: endpoints, and TCBs (their
 * links ipc_wait, ipc_next and ipc_prev). Named whole, as thread.h's sets. */
#define ENDPOINT_ALL { *endpoint_view(a) | integer a }
#define ENDPOINT_QUEUES ENDPOINT_ALL, { *tcb_view(a) | integer a }

void endpoint_dequeue(paddr_t t);
void endpoint_wait(paddr_t e, paddr_t t, uint8_t state);
void endpoint_send(paddr_t t, paddr_t e, uint64_t badge, uint64_t flags, bool block);
void endpoint_recv(paddr_t t, paddr_t e, bool block);
void endpoint_cancel_all(paddr_t e);
void ipc_abort(paddr_t t);
void ipc_cancel(paddr_t t);

#endif
