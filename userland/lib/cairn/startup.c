/* SPDX-License-Identifier: BSD-2-Clause */
/* From the builder's startup block to main, and from main back to the parent. */
#include <stdlib.h>
#include <string.h>

#include "cairn/api.h"
#include "cairn/startup.h"

struct cairn_ipc_buffer *cairn_ipc_buffer;
const struct cairn_startup *cairn_startup;

int main(int argc, char **argv);
_Noreturn void cairn_start(const struct cairn_startup *s);
_Noreturn void cairn_exit(int status);

_Noreturn void cairn_start(const struct cairn_startup *s)
{
    if (s->magic != CAIRN_STARTUP_MAGIC)
        __builtin_trap();   /* not started by the builder: let the parent see a fault */
    cairn_startup = s;
    cairn_ipc_buffer = (struct cairn_ipc_buffer *)(uintptr_t)s->ipc_buffer;
    if (s->heap_size > 0)
        malloc_init((void *)(uintptr_t)s->heap, s->heap_size);
    cairn_exit(main((int)s->argc, s->argv));
}

/* Tell the parent, which may destroy the process at once, then stop. */
_Noreturn void cairn_exit(int status)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(CAIRN_PARENT_EXIT, 0, 1), .mr = { (uint64_t)status } };

    cairn_send(CAIRN_PROC_SLOT_PARENT, &m);
    cairn_tcb_suspend(CAIRN_PROC_SLOT_TCB);
    for (;;)
        __builtin_trap();
}

const struct cairn_startup_cap *cairn_startup_cap(const char *name, unsigned nth)
{
    for (uint64_t i = 0; i < cairn_startup->cap_count; i++) {
        const struct cairn_startup_cap *c = &cairn_startup->caps[i];

        if (strncmp(c->name, name, CAIRN_STARTUP_NAME_MAX) == 0 && nth-- == 0)
            return c;
    }
    return NULL;
}
