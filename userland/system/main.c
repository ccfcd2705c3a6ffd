/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor, /sbin/system: started by init with the machine's
 * authority (untyped memory, interrupt and I/O-port control, the initramfs).
 * Today it takes stock of what it was given, tells init it is up, and waits
 * on an endpoint of its own; the service manifest, the name server and
 * restarts come next (issue 6).
 */
#include <stdio.h>

#include "cairn/alloc.h"
#include "cairn/startup.h"

static struct cairn_alloc alloc;

/* Count what init gave, and put the RAM regions in the allocator's pool. */
static void take_stock(void)
{
    const struct cairn_startup *s = cairn_startup;
    unsigned ram = 0, device = 0;
    uint64_t ram_bytes = 0;

    alloc_init(&alloc, (uint32_t)s->slot_free, 1u << s->cnode_radix);
    for (uint64_t i = 0; i < s->cap_count; i++) {
        const struct cairn_startup_cap *c = &s->caps[i];

        if (c->type != CAIRN_OBJ_UNTYPED)
            continue;
        if (c->is_device) {
            device++;
        } else if (alloc_add_untyped(&alloc, c->slot)) {
            ram++;
            ram_bytes += 1ull << c->size_bits;
        }
    }
    printf("system: started with %llu capabilities: %u RAM regions (%llu KiB), %u device regions%s%s\n",
           (unsigned long long)s->cap_count, ram, (unsigned long long)(ram_bytes / 1024), device,
           cairn_startup_cap("irq-control", 0) ? ", IRQ control" : "",
           cairn_startup_cap("initramfs", 0) ? ", the initramfs" : "");
}

int main(int argc, char **argv)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(CAIRN_PARENT_READY, 0, 1) };
    cairn_cptr_t endpoint;
    cairn_error_t err;

    (void)argc;
    take_stock();
    err = alloc_object(&alloc, CAIRN_OBJ_ENDPOINT, 0, &endpoint);
    if (err != CAIRN_ERR_OK) {
        printf("%s: cannot make an endpoint from its memory: error %lu\n", argv[0], (unsigned long)err);
        return 1;
    }
    cairn_send(CAIRN_PROC_SLOT_PARENT, &m);
    printf("system: up; no service manifest support yet, waiting\n");
    for (;;)
        cairn_recv(endpoint, &m);
}
