/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * How a process built by the process builder (cairn/process.h) starts: the
 * slots of its CSpace that are always the same, and the startup block whose
 * address its first thread gets as its argument. spec/process.md is the prose.
 */
#ifndef CAIRN_STARTUP_H
#define CAIRN_STARTUP_H

#include <stdint.h>

#define CAIRN_STARTUP_MAGIC 0x7472617453726143ull   /* "CarStart" in memory order */

/* A process's own capabilities, in every CSpace the builder makes. CPtr n
 * names slot n (the root CNode's guard takes the bits above its radix). */
#define CAIRN_PROC_SLOT_TCB    1u   /* its first thread */
#define CAIRN_PROC_SLOT_CNODE  2u   /* its CSpace root */
#define CAIRN_PROC_SLOT_VSPACE 3u   /* its address space */
#define CAIRN_PROC_SLOT_PARENT 4u   /* badged endpoint to its parent: faults, `ready`, exit */
#define CAIRN_PROC_SLOT_GIVEN  8u   /* the capabilities it was given start here */

/* A process's address space: its ELF segments lie in [CAIRN_PROC_IMAGE_BASE,
 * CAIRN_PROC_IMAGE_END); the rest is at fixed addresses, as init's is. */
#define CAIRN_PROC_IMAGE_BASE   0x0000000000400000ull
#define CAIRN_PROC_STACK_TOP    0x0000000010000000ull   /* the stack grows down from here */
#define CAIRN_PROC_STACK_MAX    0x0000000000100000ull   /* bytes the stack may have at most */
#define CAIRN_PROC_IMAGE_END    (CAIRN_PROC_STACK_TOP - CAIRN_PROC_STACK_MAX)
#define CAIRN_PROC_IPC_BUFFER   0x0000000010001000ull   /* one page, read-write */
#define CAIRN_PROC_HEAP         0x0000000011000000ull   /* the heap, read-write */

/* Labels of what a process tells its parent on CAIRN_PROC_SLOT_PARENT. */
#define CAIRN_PARENT_READY 1u       /* started up; word 0: 0 */
#define CAIRN_PARENT_EXIT  2u       /* main returned; word 0: its status */
#define CAIRN_PARENT_TESTS 3u       /* test boots: word 0 tests passed, word 1 failed */

#define CAIRN_STARTUP_NAME_MAX 16u

/* One capability given to the process, in slot `slot` of its CSpace. */
struct cairn_startup_cap {
    uint64_t slot;
    uint64_t base;          /* untyped: physical address; otherwise 0 */
    uint8_t type;           /* CAIRN_OBJ_* */
    uint8_t size_bits;      /* untyped and VMO: log2 of the size */
    uint8_t is_device;      /* untyped: device memory */
    uint8_t rights;         /* CAIRN_RIGHT_* it was given with */
    uint8_t reserved[4];
    char name[CAIRN_STARTUP_NAME_MAX];   /* what the giver calls it, NUL-terminated */
};

/* At the top of the first thread's stack; its address is the argument. */
struct cairn_startup {
    uint64_t magic;             /* CAIRN_STARTUP_MAGIC */
    uint64_t argc;
    char **argv;                /* argc strings then NULL, above this block */
    uint64_t ipc_buffer;        /* address of its IPC buffer */
    uint64_t heap;              /* address and bytes of its heap, mapped read-write */
    uint64_t heap_size;
    uint64_t cnode_radix;       /* its CSpace root has 2^cnode_radix slots */
    uint64_t slot_free;         /* the first slot nothing occupies */
    uint64_t cap_count;
    struct cairn_startup_cap caps[];
};

/* In every process the builder starts (userland/lib/cairn/startup.c). */
extern const struct cairn_startup *cairn_startup;
_Noreturn void cairn_exit(int status);
/* The `nth` (from 0) capability given under `name`, or NULL. */
const struct cairn_startup_cap *cairn_startup_cap(const char *name, unsigned nth);

#endif
