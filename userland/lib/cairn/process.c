/* SPDX-License-Identifier: BSD-2-Clause */
/* The process builder (cairn/process.h). */
#include <string.h>

#include "cairn/process.h"

#define PAGE 4096ull
#define MAP_MAX_BITS 9u              /* one mapping covers at most 2^9 pages, 2 MiB */
#define ARGS_MAX 16u                 /* argv strings a process may be given */
#define STARTUP_MAX 16384u           /* bytes of arguments and startup block */

_Static_assert(CAIRN_PROC_SLOT_CNODE == CAIRN_SLOT_CNODE && CAIRN_PROC_SLOT_VSPACE == CAIRN_SLOT_VSPACE &&
               CAIRN_PROC_SLOT_TCB == CAIRN_SLOT_TCB, "init's own slots are every process's");

/* Bytes to copy into new pages: those of [address, address + size). */
struct fill {
    const uint8_t *bytes;
    uint64_t address;
    uint64_t size;
};

/* Copy what of `f` falls in [at, at + bytes) into `vmo`, which will be mapped
 * at `at`, through the builder's window: a copy of the capability mapped
 * there, deleted (and so unmapped) when done. */
static cairn_error_t fill_vmo(struct process *p, cairn_cptr_t vmo, uint64_t at, uint64_t bytes,
                              const struct fill *f)
{
    uint64_t lo = f->address > at ? f->address : at;
    uint64_t hi = f->address + f->size < at + bytes ? f->address + f->size : at + bytes;
    cairn_cptr_t copy;
    cairn_error_t err;

    if (lo >= hi)
        return CAIRN_ERR_OK;
    copy = slot_alloc(p->alloc);
    if (copy == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    err = cairn_cnode_copy(CAIRN_SLOT_CNODE, copy, CAIRN_DEPTH, CAIRN_SLOT_CNODE, vmo, CAIRN_DEPTH,
                           CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
    if (err == CAIRN_ERR_OK)
        err = cairn_vspace_map(CAIRN_SLOT_VSPACE, copy, 0, bytes, p->window,
                               CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
    if (err == CAIRN_ERR_OK)
        memcpy((uint8_t *)(uintptr_t)(p->window + (lo - at)), f->bytes + (lo - f->address), hi - lo);
    alloc_release(p->alloc, copy);
    return err;
}

/* The largest power of two of pages that is at most `pages` and one mapping. */
static unsigned chunk_bits(uint64_t pages)
{
    unsigned bits = 63u - (unsigned)__builtin_clzll(pages);

    return bits > MAP_MAX_BITS ? MAP_MAX_BITS : bits;
}

/* Fresh zeroed pages at [address, address + pages * PAGE) of the process,
 * mapped with `rights`, `f`'s bytes copied in. A run is cut into VMOs of
 * power-of-two sizes, largest first, so no page is wasted. */
static cairn_error_t map_fresh(struct process *p, uint64_t address, uint64_t pages,
                               cairn_rights_t rights, const struct fill *f)
{
    while (pages > 0) {
        unsigned bits = chunk_bits(pages);
        uint64_t bytes = PAGE << bits;
        cairn_cptr_t vmo;
        cairn_error_t err;

        if (p->vmo_count == PROCESS_MAX_VMOS)
            return CAIRN_ERR_RANGE_ERROR;
        err = alloc_object(p->alloc, CAIRN_OBJ_VMO, (uint8_t)(12u + bits), &vmo);
        if (err != CAIRN_ERR_OK)
            return err;
        p->vmo[p->vmo_count++] = vmo;
        err = fill_vmo(p, vmo, address, bytes, f);
        if (err == CAIRN_ERR_OK)
            err = cairn_vspace_map(p->vspace, vmo, 0, bytes, address, rights);
        if (err != CAIRN_ERR_OK)
            return err;
        address += bytes;
        pages -= 1ull << bits;
    }
    return CAIRN_ERR_OK;
}

static cairn_rights_t segment_rights(uint32_t flags)
{
    if (flags & ELF_X)
        return CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE;
    if (flags & ELF_W)
        return CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
    return CAIRN_RIGHT_READ;
}

static cairn_error_t load_segments(struct process *p, const uint8_t *elf, const struct elf_image *image)
{
    for (unsigned i = 0; i < image->count; i++) {
        const struct elf_segment *s = &image->segment[i];
        uint64_t first = s->vaddr & ~(PAGE - 1);
        uint64_t end = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        struct fill f = { elf + s->offset, s->vaddr, s->filesz };
        cairn_error_t err = map_fresh(p, first, (end - first) / PAGE, segment_rights(s->flags), &f);

        if (err != CAIRN_ERR_OK)
            return err;
    }
    return CAIRN_ERR_OK;
}

/* Put a copy of the builder's `cap` in slot `slot` of the new CSpace. */
static cairn_error_t give_at(struct process *p, uint64_t slot, cairn_cptr_t cap, cairn_rights_t rights)
{
    return cairn_cnode_copy(p->cspace, slot, CAIRN_DEPTH, CAIRN_SLOT_CNODE, cap, CAIRN_DEPTH, rights);
}

/* The process's own slots: its thread, CSpace, address space, parent. */
static cairn_error_t give_own(struct process *p)
{
    const struct process_config *c = &p->config;
    cairn_error_t err = give_at(p, CAIRN_PROC_SLOT_TCB, p->tcb, CAIRN_RIGHTS_ALL);

    if (err == CAIRN_ERR_OK)
        err = give_at(p, CAIRN_PROC_SLOT_CNODE, p->cspace, CAIRN_RIGHTS_ALL);
    if (err == CAIRN_ERR_OK)
        err = give_at(p, CAIRN_PROC_SLOT_VSPACE, p->vspace, CAIRN_RIGHTS_ALL);
    if (err == CAIRN_ERR_OK && c->parent != 0)
        err = cairn_cnode_mint(p->cspace, CAIRN_PROC_SLOT_PARENT, CAIRN_DEPTH, CAIRN_SLOT_CNODE,
                               c->parent, CAIRN_DEPTH,
                               CAIRN_RIGHT_WRITE | (c->parent_grant ? CAIRN_RIGHT_GRANT : 0), c->badge);
    return err;
}

/* The CSpace root, and a copy guarded so that CPtr n names slot n. */
static cairn_error_t make_cspace(struct process *p)
{
    uint8_t radix = p->config.cnode_radix;
    cairn_error_t err = alloc_object(p->alloc, CAIRN_OBJ_CNODE, radix, &p->cnode);

    if (err != CAIRN_ERR_OK)
        return err;
    p->cspace = slot_alloc(p->alloc);
    if (p->cspace == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    /* The mint word: the guard's width in the low 6 bits, its value (0) above. */
    return cairn_cnode_mint(CAIRN_SLOT_CNODE, p->cspace, CAIRN_DEPTH, CAIRN_SLOT_CNODE, p->cnode,
                            CAIRN_DEPTH, CAIRN_RIGHTS_ALL, 64u - radix);
}

static cairn_error_t build(struct process *p, const uint8_t *elf, const struct elf_image *image)
{
    const struct process_config *c = &p->config;
    cairn_error_t err = make_cspace(p);

    if (err == CAIRN_ERR_OK)
        err = alloc_object(p->alloc, CAIRN_OBJ_VSPACE, c->vspace_bits, &p->vspace);
    if (err == CAIRN_ERR_OK)
        err = alloc_object(p->alloc, CAIRN_OBJ_TCB, 0, &p->tcb);
    if (err == CAIRN_ERR_OK)
        err = load_segments(p, elf, image);
    if (err == CAIRN_ERR_OK)
        err = map_fresh(p, CAIRN_PROC_IPC_BUFFER, 1, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
                        &(struct fill){ 0 });
    if (err == CAIRN_ERR_OK) {
        p->ipc_buffer = p->vmo[p->vmo_count - 1];
        err = map_fresh(p, CAIRN_PROC_STACK_TOP - (uint64_t)c->stack_pages * PAGE, c->stack_pages,
                        CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE, &(struct fill){ 0 });
    }
    if (err == CAIRN_ERR_OK) {
        p->stack = p->vmo[p->vmo_count - 1];
        if (c->heap_pages > 0)
            err = map_fresh(p, CAIRN_PROC_HEAP, c->heap_pages, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
                            &(struct fill){ 0 });
    }
    if (err == CAIRN_ERR_OK)
        err = give_own(p);
    return err;
}

cairn_error_t process_create(struct process *p, struct cairn_alloc *a, uint64_t window,
                             const struct process_config *c, const uint8_t *elf,
                             const struct elf_image *image)
{
    cairn_error_t err;

    memset(p, 0, sizeof(*p));
    p->alloc = a;
    p->window = window;
    p->config = *c;
    p->entry = image->entry;
    p->slot_free = CAIRN_PROC_SLOT_GIVEN;
    /* One VMO for the stack, so that process_start fills just that. */
    if (c->cnode_radix < 4 || c->cnode_radix > 12 || c->stack_pages == 0 ||
        (c->stack_pages & (c->stack_pages - 1)) != 0 ||
        (uint64_t)c->stack_pages * PAGE > CAIRN_PROC_STACK_MAX)
        return CAIRN_ERR_INVALID_ARGUMENT;
    err = build(p, elf, image);
    if (err != CAIRN_ERR_OK)
        process_destroy(p);
    return err;
}

cairn_error_t process_give(struct process *p, cairn_cptr_t cap, cairn_rights_t rights, bool move,
                           const struct cairn_startup_cap *desc)
{
    struct cairn_startup_cap *entry;
    cairn_error_t err;

    if (p->cap_count == PROCESS_MAX_CAPS || p->slot_free >= (1ull << p->config.cnode_radix))
        return CAIRN_ERR_RANGE_ERROR;
    if (move)
        err = cairn_cnode_move(p->cspace, p->slot_free, CAIRN_DEPTH, CAIRN_SLOT_CNODE, cap,
                               CAIRN_DEPTH);
    else
        err = give_at(p, p->slot_free, cap, rights);
    if (err != CAIRN_ERR_OK)
        return err;
    entry = &p->cap[p->cap_count++];
    *entry = *desc;
    entry->slot = p->slot_free++;
    entry->rights = move ? desc->rights : rights;
    return CAIRN_ERR_OK;
}

/* Lay out, at the top of `stack` (the bytes just below CAIRN_PROC_STACK_TOP,
 * as the process will see them), the argument strings, argv and the
 * startup block. Returns the block's address in the process, 0 if it does
 * not fit. */
static uint64_t lay_out_startup(const struct process *p, uint8_t *stack, size_t room)
{
    const char *const *argv = p->config.argv;
    uint64_t argc = 0, top = room, strings[ARGS_MAX], args_at;
    size_t head = sizeof(struct cairn_startup) + p->cap_count * sizeof(struct cairn_startup_cap);
    struct cairn_startup *s;
    uint64_t *args;

    for (; argv[argc] != NULL; argc++) {
        size_t n = strlen(argv[argc]) + 1;

        if (argc == ARGS_MAX || n > top)
            return 0;
        top -= n;
        memcpy(stack + top, argv[argc], n);
        strings[argc] = CAIRN_PROC_STACK_TOP - room + top;
    }
    top &= ~(size_t)15;
    if (top < head + (argc + 1) * 8 + 16)
        return 0;
    top -= (argc + 1) * 8;
    args_at = top;
    args = (uint64_t *)(void *)(stack + top);
    for (uint64_t i = 0; i < argc; i++)
        args[i] = strings[i];
    args[argc] = 0;
    top = (top - head) & ~(size_t)15;
    s = (struct cairn_startup *)(void *)(stack + top);
    *s = (struct cairn_startup){
        .magic = CAIRN_STARTUP_MAGIC, .argc = argc,
        .argv = (char **)(uintptr_t)(CAIRN_PROC_STACK_TOP - room + args_at),
        .ipc_buffer = CAIRN_PROC_IPC_BUFFER, .heap = CAIRN_PROC_HEAP,
        .heap_size = (uint64_t)p->config.heap_pages * PAGE, .cnode_radix = p->config.cnode_radix,
        .slot_free = p->slot_free, .cap_count = p->cap_count,
    };
    memcpy(s->caps, p->cap, p->cap_count * sizeof(struct cairn_startup_cap));
    return CAIRN_PROC_STACK_TOP - room + top;
}

static cairn_error_t set_registers(struct process *p, uint64_t sp, uint64_t arg)
{
    uint64_t frame[CAIRN_FRAME_WORDS];
    cairn_error_t err = cairn_tcb_read_registers(p->tcb, frame, CAIRN_FRAME_WORDS);

    if (err != CAIRN_ERR_OK)
        return err;
#if defined(__x86_64__)
    frame[CAIRN_REG_RIP] = p->entry;
    frame[CAIRN_REG_RSP] = sp - 8;   /* as if called: rsp + 8 is 16-byte aligned */
    frame[CAIRN_REG_RDI] = arg;
#elif defined(__riscv)
    frame[CAIRN_REG_PC] = p->entry;
    frame[CAIRN_REG_SP] = sp;
    frame[CAIRN_REG_A0] = arg;
#endif
    return cairn_tcb_write_registers(p->tcb, frame, CAIRN_FRAME_WORDS);
}

cairn_error_t process_start(struct process *p)
{
    const struct process_config *c = &p->config;
    uint64_t bytes = (uint64_t)c->stack_pages * PAGE;
    uint64_t room = STARTUP_MAX < bytes ? STARTUP_MAX : bytes;
    uint8_t block[STARTUP_MAX];
    uint64_t start = lay_out_startup(p, block + STARTUP_MAX - room, room);
    struct fill f = { block + STARTUP_MAX - room, CAIRN_PROC_STACK_TOP - room, room };
    cairn_error_t err;

    if (start == 0)
        return CAIRN_ERR_RANGE_ERROR;
    err = fill_vmo(p, p->stack, CAIRN_PROC_STACK_TOP - bytes, bytes, &f);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_configure(p->tcb, c->parent != 0 ? CAIRN_PROC_SLOT_PARENT : 0, p->cspace,
                                  p->vspace, p->ipc_buffer, 0);
    if (err == CAIRN_ERR_OK)
        err = set_registers(p, start, start);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_set_priority(p->tcb, CAIRN_SLOT_TCB, c->priority);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_set_max_priority(p->tcb, CAIRN_SLOT_TCB, c->max_priority);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_resume(p->tcb);
    return err;
}

/* Revoke what the process (or its thread) holds derived from `*slot`, then
 * delete the builder's capability: the object goes with it. */
static void release(struct process *p, cairn_cptr_t *slot)
{
    cairn_error_t err;

    if (*slot == 0)
        return;
    do
        err = cairn_cnode_revoke(CAIRN_SLOT_CNODE, *slot, CAIRN_DEPTH);
    while (err == CAIRN_ERR_PREEMPTED);
    alloc_release(p->alloc, *slot);
    *slot = 0;
}

void process_destroy(struct process *p)
{
    if (p->tcb != 0)
        cairn_tcb_suspend(p->tcb);
    release(p, &p->tcb);
    for (unsigned i = 0; i < p->vmo_count; i++)
        release(p, &p->vmo[i]);
    p->vmo_count = 0;
    p->ipc_buffer = 0;
    p->stack = 0;
    release(p, &p->vspace);
    release(p, &p->cnode);
    /* The guarded copy was derived from cnode: revoking that deleted it. */
    slot_free(p->alloc, p->cspace);
    p->cspace = 0;
}
