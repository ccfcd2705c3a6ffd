/* SPDX-License-Identifier: GPL-2.0-only */
/* client: looks "hello" up through the name server, calls it once, and
 * exits 0 if the answer is right (1 otherwise: its policy restarts it). */
#include <stdio.h>

#include "cairn/startup.h"
#include "cairn/system.h"
#include "hello.h"

int main(void)
{
    cairn_cptr_t hello = cairn_startup->slot_free;
    struct cairn_msg m = { .info = CAIRN_MSGINFO(HELLO_GREET, 0, 1), .mr = { 41 } };
    uint64_t status = system_lookup("hello", hello);
    cairn_error_t err;

    if (status != SYSTEM_OK) {
        printf("cannot look 'hello' up: %s\n", system_status_text(status));
        return 1;
    }
    err = cairn_call(hello, &m);
    if (err != CAIRN_ERR_OK || msg_length(&m) < 2 || m.mr[0] != 42) {
        printf("hello did not answer 42 to 41 (error %llu)\n", (unsigned long long)err);
        return 1;
    }
    printf("hello answered 42 to 41; it knows this client as caller %llu\n", (unsigned long long)m.mr[1]);
    return 0;
}
