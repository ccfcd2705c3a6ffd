/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Threads (spec/objects.md): the user state, the address space and CSpace a
 * thread runs in, and its scheduling state. A TCB object is 2^11 bytes
 * (spec/api.toml); this structure fills the front of it.
 */
#ifndef CAIRN_TCB_H
#define CAIRN_TCB_H

#include "arch.h"
#include "cap.h"
#include "kernel.h"

/* Thread names the kernel gives (struct tcb, name). */
#define TCB_NAME_INIT  0x74696e69ull     /* "init" */
#define TCB_NAME_PROBE 0x65626f7270ull   /* "probe" */

/* Priorities run from 0 (lowest) to CAIRN_PRIORITY_MAX; init gets the top. */
#define CAIRN_PRIORITY_MAX 255u

/* Thread states, as in seL4: only RUNNING threads are scheduled. */
enum tcb_state {
    TCB_INACTIVE,        /* created, never resumed, or suspended */
    TCB_RUNNING,         /* runnable or running */
    TCB_BLOCKED_SEND,    /* in an endpoint's queue, its message waiting for a receiver */
    TCB_BLOCKED_RECV,    /* in an endpoint's queue, waiting for a message */
    TCB_BLOCKED_REPLY,   /* called, waiting for the reply */
    TCB_BLOCKED_NOTIFY,  /* in a notification's queue, waiting for its word */
};

/* What a blocked sender asked for (tcb->ipc_flags). */
#define IPC_CALL  1u    /* it called: it waits for the reply after the send */
#define IPC_GRANT 2u    /* its capability has Grant: its message may carry capabilities */
#define IPC_FAULT 4u    /* its message is its fault (fault.c), not its registers */

/*
 * A thread holds what configure gives it as capabilities in slots of its own,
 * at the end of its object: copies of the caller's, children of them in the
 * derivation tree, so that the objects live as long as the thread uses them
 * and revoking the caller's capability takes them from the thread.
 */
#define TCB_SLOT_CSPACE     0u
#define TCB_SLOT_VSPACE     1u
#define TCB_SLOT_IPC_BUFFER 2u
#define TCB_SLOTS_BITS      2u     /* four slots; the last is unused */
#define TCB_SLOTS           (1u << TCB_SLOTS_BITS)
#define TCB_SLOTS_USED      (TCB_SLOT_IPC_BUFFER + 1)
#define TCB_SLOTS_BYTES     (TCB_SLOTS << SLOT_SIZE_BITS)
#define TCB_SLOTS_OFFSET    ((1u << CAIRN_TCB_SIZE_BITS) - TCB_SLOTS_BYTES)

/* The size of the IPC buffer, and its alignment in its VMO; the words of
 * its parts (spec/api.toml, [message]). */
#define IPC_BUFFER_SIZE CAIRN_IPC_BUFFER_BYTES
#define IPC_BUFFER_CAPS CAIRN_MSG_MAX_WORDS
#define IPC_BUFFER_RECEIVE (CAIRN_MSG_MAX_WORDS + CAIRN_MSG_MAX_CAPS)
#define IPC_BUFFER_WORDS (CAIRN_MSG_MAX_WORDS + 2 * CAIRN_MSG_MAX_CAPS)

struct tcb {
    struct user_context context;   /* arch-defined: saved on every kernel entry */
    struct cap cspace;             /* the CSpace root its CPtrs are resolved in */
    paddr_t vspace;                /* the root page table of its address space */
    paddr_t ipc_buffer;            /* the physical address of its IPC buffer, 0 if none */
    uint64_t fault_endpoint;       /* CPtr of its fault endpoint (configure) */
    paddr_t next;                  /* its ready queue (thread.c): the next thread, 0 at the end */
    paddr_t prev;                  /* the thread before it, 0 at the front */
    uint8_t state;                 /* enum tcb_state */
    uint8_t priority;
    uint8_t max_priority;          /* the highest priority it may give a thread */
    uint8_t queued;                /* 1 while it is in a ready queue */
    uint8_t slice;                 /* timer ticks left in its turn */
    uint8_t reserved[3];
    paddr_t ipc_wait;              /* the endpoint or notification whose queue it is in, 0 when none */
    paddr_t ipc_next;              /* that queue (endpoint.c): the next thread, 0 at the end */
    paddr_t ipc_prev;
    paddr_t caller;                /* its reply capability: the thread that called it, 0 when none */
    paddr_t replier;               /* BLOCKED_REPLY: the thread holding its reply capability */
    uint64_t ipc_badge;            /* BLOCKED_SEND: the badge of the capability it sends through */
    uint64_t ipc_flags;            /* BLOCKED_SEND, BLOCKED_REPLY: IPC_CALL, IPC_GRANT, IPC_FAULT */
    uint64_t fault[CAIRN_FAULT_WORDS];   /* with IPC_FAULT: the words of its fault message */
    fault_kind_t fault_kind;       /* and its label */
    paddr_t notification;          /* its bound notification, 0 when none */
    uint64_t affinity;             /* the CPU it is to run on (set_affinity) */
    uint64_t name;                 /* for the console: up to 8 ASCII bytes, first in the low byte */
};

cairn_error_t tcb_invoke(const struct cap *cspace, const struct cap *tcb, uint64_t label,
                         const uint64_t *words, uint32_t count, uint64_t *out,
                         uint32_t *out_count);

_Static_assert(sizeof(struct tcb) <= TCB_SLOTS_OFFSET, "a TCB fits its object, before its slots");

/* What tcb_unbind may change, for its callers' assigns clauses: the run
 * queue and any TCB (thread.h). One set for all of a TCB keeps the frames
 * of delete.c's loops small enough for the provers. */
#define TCB_UNBIND_STATE THREAD_STOP_STATE

void tcb_unbind(paddr_t owner, uint8_t type);

#endif
