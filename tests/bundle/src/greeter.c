/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * greeter: the worked example of README.md. It greets its argument in the
 * log, then looks "hello" up through the supervisor's name server and
 * calls it: a service of a user's own bundle, built by scripts/mkinitramfs.
 */
#include <stdio.h>

#include "cairn/startup.h"
#include "cairn/system.h"

#define HELLO_GREET 1u   /* userland/servers/hello.h: w0 n; reply w0 n + 1 */

int main(int argc, char **argv)
{
    cairn_cptr_t hello = cairn_startup->slot_free;
    struct cairn_msg m = { .info = CAIRN_MSGINFO(HELLO_GREET, 0, 1), .mr = { 2026 } };
    uint64_t status;

    printf("hello, %s\n", argc > 1 ? argv[1] : "nobody");
    status = system_lookup("hello", hello);
    if (status != SYSTEM_OK) {
        printf("no hello: %s\n", system_status_text(status));
        return 1;
    }
    if (cairn_call(hello, &m) != CAIRN_ERR_OK || m.mr[0] != 2027) {
        printf("hello gave a wrong answer\n");
        return 1;
    }
    printf("hello says 2026 + 1 = %llu\n", (unsigned long long)m.mr[0]);
    return 0;
}
