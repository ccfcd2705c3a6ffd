/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hello: a service that registers a name (its argument, "hello" if none)
 * and answers HELLO_GREET. It shows a server's whole life: register, tell
 * the supervisor it is up, serve with reply_recv.
 */
#include <stdio.h>

#include "cairn/startup.h"
#include "cairn/system.h"
#include "hello.h"

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "hello";
    cairn_cptr_t endpoint = cairn_startup->slot_free;
    struct cairn_msg m = { 0 };
    uint64_t status = system_register(name, endpoint);
    bool reply = false;

    if (status != SYSTEM_OK) {
        printf("cannot register '%s': %s\n", name, system_status_text(status));
        return 1;
    }
    printf("serving '%s'\n", name);
    system_ready();
    for (;;) {
        cairn_error_t err = reply ? cairn_reply_recv(endpoint, &m) : cairn_recv(endpoint, &m);

        reply = err == CAIRN_ERR_OK;
        if (!reply)
            continue;
        if (CAIRN_MSGINFO_LABEL(m.info) == HELLO_GREET && msg_length(&m) >= 1) {
            printf("greeting caller %llu\n", (unsigned long long)m.badge);
            m = (struct cairn_msg){ .info = CAIRN_MSGINFO(0, 0, 2), .mr = { m.mr[0] + 1, m.badge } };
        } else {
            m = (struct cairn_msg){ 0 };   /* an empty reply: not a request it knows */
        }
    }
}
