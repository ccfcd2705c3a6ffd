/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The process builder: a new CSpace, address space and thread made from the
 * builder's untyped memory, an ELF executable loaded into fresh pages, a
 * stack with the arguments and the startup block (cairn/startup.h), and the
 * capabilities the builder chooses to give, each with the rights it chooses.
 *
 *   process_create  every object, the image loaded: nothing runs yet
 *   process_give    a capability into the next free slot of the new CSpace
 *   process_start   stack, configuration, registers, priority, resume
 *   process_destroy every object the process was made of
 *
 * The builder keeps a capability to every object it made (the memory stays
 * accounted to it) and fills pages through a 2 MiB window of its own address
 * space that must be free.
 */
#ifndef CAIRN_PROCESS_H
#define CAIRN_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/alloc.h"
#include "cairn/elf.h"
#include "cairn/startup.h"

#define PROCESS_MAX_VMOS 32u
#define PROCESS_MAX_CAPS 256u        /* the boot lists every untyped region: dozens */
#define PROCESS_WINDOW_BYTES 0x200000ull

struct process_config {
    const char *const *argv;     /* NULL-terminated, read by process_start; argv[0] is its name */
    uint8_t priority;            /* at most the builder's own MCP */
    uint8_t max_priority;        /* its MCP: the priorities it may give (at most the builder's) */
    uint8_t cnode_radix;         /* 4 .. 12 */
    uint8_t vspace_bits;         /* the VSpace object, 13 .. 30: its table pool */
    uint32_t stack_pages;        /* a power of two, at most CAIRN_PROC_STACK_MAX bytes */
    uint32_t heap_pages;
    cairn_cptr_t parent;         /* endpoint in the builder's CSpace, minted with `badge` */
    uint64_t badge;
    bool parent_grant;           /* the minted copy has Grant too: replies can bring capabilities */
};

struct process {
    struct cairn_alloc *alloc;   /* the builder's */
    uint64_t window;             /* the builder's free 2 MiB, page-aligned */
    struct process_config config;
    /* The builder's capabilities to what the process is made of. */
    cairn_cptr_t cnode;          /* the CSpace root as made (no guard) */
    cairn_cptr_t cspace;         /* the same, guarded to resolve 64 bits */
    cairn_cptr_t vspace;
    cairn_cptr_t tcb;
    cairn_cptr_t ipc_buffer;
    cairn_cptr_t stack;
    cairn_cptr_t vmo[PROCESS_MAX_VMOS];
    unsigned vmo_count;
    uint64_t entry;
    uint64_t slot_free;          /* the next slot process_give fills */
    unsigned cap_count;
    struct cairn_startup_cap cap[PROCESS_MAX_CAPS];
};

/* Build the process's objects and load `elf` (already checked by elf_read
 * into `image`). On failure everything made so far is deleted again. */
cairn_error_t process_create(struct process *p, struct cairn_alloc *a, uint64_t window,
                             const struct process_config *c, const uint8_t *elf,
                             const struct elf_image *image);

/* Copy (or with `move`, move) the builder's capability `cap` into the next
 * free slot, with only `rights` of its rights, and list it in the startup
 * block as `desc` says (its slot and rights are filled in here). */
cairn_error_t process_give(struct process *p, cairn_cptr_t cap, cairn_rights_t rights, bool move,
                           const struct cairn_startup_cap *desc);

cairn_error_t process_start(struct process *p);

/* Stop the process and delete every object it was made of. */
void process_destroy(struct process *p);

#endif
