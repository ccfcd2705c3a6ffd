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

/* Thread names the kernel gives (struct tcb, name). */
#define TCB_NAME_INIT  0x74696e69ull     /* "init" */
#define TCB_NAME_PROBE 0x65626f7270ull   /* "probe" */

/* Priorities run from 0 (lowest) to CAIRN_PRIORITY_MAX; init gets the top. */
#define CAIRN_PRIORITY_MAX 255u

/* Thread states, as in seL4: only RUNNING threads are scheduled. */
enum tcb_state {
    TCB_INACTIVE,    /* created, never resumed, or suspended */
    TCB_RUNNING,     /* runnable or running */
};

struct tcb {
    struct user_context context;   /* arch-defined: saved on every kernel entry */
    struct cap cspace;             /* the CSpace root its CPtrs are resolved in */
    paddr_t vspace;                /* the root page table of its address space */
    paddr_t ipc_buffer;            /* the frame behind its IPC buffer, 0 if none */
    paddr_t next;                  /* the next thread in the run queue, 0 at its end */
    uint8_t state;                 /* enum tcb_state */
    uint8_t priority;
    uint8_t max_priority;          /* the highest priority it may give a thread */
    uint8_t reserved;
    uint32_t affinity;             /* the CPU it is to run on (set_affinity) */
    uint64_t name;                 /* for the console: up to 8 ASCII bytes, first in the low byte */
};

cairn_error_t tcb_invoke(const struct cap *cspace, const struct cap *tcb, uint64_t label,
                         const uint64_t *words, uint32_t count, uint64_t *out,
                         uint32_t *out_count);

_Static_assert(sizeof(struct tcb) <= 1u << CAIRN_TCB_SIZE_BITS, "a TCB fits its object");

#endif
