/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor, seen from a service: what /etc/system-test.conf grants
 * the runner and nothing more, the name server, the initramfs's files,
 * manifest lines skipped, and crasher's restarts leaving the others be.
 */
#include <string.h>

#include "cairn/startup.h"
#include "cairn/system.h"
#include "../servers/hello.h"
#include "runner.h"

/* What the test manifest says; the checks below follow from it. */
#define MANIFEST          "/etc/system-test.conf"
#define SERVICES          5u    /* hello, secret, client, crasher, tests */
#define SKIPPED           4u    /* its lines wrong on purpose */
#define RUNNER_BADGE      5u    /* the runner is the fifth service */
#define GRANTED_IRQ       5u    /* irq=5: a line free on both machines */
#define CRASHER_RETRIES   2u
#define WAIT_EVENTS_MAX   64u   /* state changes to wait through for crasher's end */

static cairn_cptr_t next_slot;

static cairn_cptr_t fresh_slot(void)
{
    return next_slot++;
}

/* Slots holding a capability, other than the process's own and those the
 * startup block lists. */
static unsigned unlisted_caps(void)
{
    cairn_cptr_t scratch = (1u << cairn_startup->cnode_radix) - 1;
    unsigned found = 0;

    for (cairn_cptr_t slot = 0; slot < scratch; slot++) {
        bool listed = slot >= CAIRN_PROC_SLOT_TCB && slot <= CAIRN_PROC_SLOT_PARENT;

        for (uint64_t i = 0; i < cairn_startup->cap_count; i++)
            listed = listed || cairn_startup->caps[i].slot == slot;
        if (listed)
            continue;
        if (cairn_cnode_copy(CAIRN_PROC_SLOT_CNODE, scratch, 64, CAIRN_PROC_SLOT_CNODE, slot, 64,
                             CAIRN_RIGHTS_ALL) != CAIRN_ERR_LOOKUP_EMPTY) {
            cairn_cnode_delete(CAIRN_PROC_SLOT_CNODE, scratch, 64);
            found++;
        }
    }
    return found;
}

static void least_authority(struct runner *r)
{
    const struct cairn_startup_cap *events = cairn_startup_cap("events", 0);
    const struct cairn_startup_cap *irq = cairn_startup_cap("irq", 0);

    expect(r, cairn_startup->cap_count == 2 && events != NULL && events->type == CAIRN_OBJ_NOTIFICATION &&
               events->rights == CAIRN_RIGHT_READ && irq != NULL && irq->type == CAIRN_OBJ_IRQ_HANDLER &&
               irq->base == GRANTED_IRQ,
           "the runner was given what its line grants: the events notification (read only) and IRQ 5");
    expect_eq(r, unlisted_caps(), 0,
              "no other slot of its CSpace holds anything (no untyped, no IRQ or I/O-port control)");
    if (irq == NULL || events == NULL)
        return;
    expect_eq(r, cairn_irq_handler_clear(irq->slot), CAIRN_ERR_OK, "the granted line's handler works");
    expect_eq(r, cairn_irq_handler_set_notification(irq->slot, events->slot), CAIRN_ERR_INSUFFICIENT_RIGHTS,
              "but cannot signal the events notification, which it may only wait on");
}

/* HELLO_GREET through `hello`: true if it answered n + 1 and saw `badge`. */
static bool greet(cairn_cptr_t hello, uint64_t n, uint64_t badge)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(HELLO_GREET, 0, 1), .mr = { n } };

    return cairn_call(hello, &m) == CAIRN_ERR_OK && msg_length(&m) == 2 && m.mr[0] == n + 1 &&
           m.mr[1] == badge;
}

/* A raw request: its reply's status word. */
static uint64_t raw_request(uint64_t label, uint64_t w0, uint64_t w1)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(label, 0, 2), .mr = { w0, w1 } };

    if (cairn_call(CAIRN_PROC_SLOT_PARENT, &m) != CAIRN_ERR_OK || msg_length(&m) < 1)
        return ~0ull;
    return m.mr[0];
}

static void names(struct runner *r, cairn_cptr_t hello)
{
    struct cairn_msg m = { 0 };

    expect_eq(r, system_lookup("hello", hello), SYSTEM_OK, "look up a name the manifest lets it see");
    expect(r, greet(hello, 41, RUNNER_BADGE), "call it: hello answers, and knows the caller by its badge");
    expect_eq(r, cairn_recv(hello, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS,
              "the looked-up capability can call hello, not receive its clients' messages");
    expect_eq(r, system_lookup("secret", fresh_slot()), SYSTEM_DENIED,
              "a name another service provides but its line does not list: denied");
    expect_eq(r, system_lookup("nobody", fresh_slot()), SYSTEM_NO_SUCH_NAME,
              "a name it may see that no service provides: no such name");
    expect_eq(r, system_register("hello", fresh_slot()), SYSTEM_DENIED,
              "register a name its line does not provide: denied");
    expect_eq(r, system_lookup("hello", 0), SYSTEM_NO_SLOT,
              "a lookup that offers no slot gets no capability");
    expect_eq(r, raw_request(SYSTEM_LOOKUP, 0x4141414141414141ull, 0x4141414141414141ull), SYSTEM_BAD_REQUEST,
              "a name that does not end within the message: bad request");
    expect_eq(r, raw_request(99, 0, 0), SYSTEM_BAD_REQUEST, "a label the supervisor does not know: bad request");
}

static void files(struct runner *r)
{
    char buf[SYSTEM_READ_MAX];
    uint64_t size;
    size_t got;

    expect(r, system_read_file(MANIFEST, 0, buf, sizeof(buf), &size, &got) == SYSTEM_OK && size > 0 &&
               got == (size < sizeof(buf) ? size : sizeof(buf)) && memcmp(buf, "# ", 2) == 0,
           "read the start of an initramfs file");
    expect(r, system_read_file(MANIFEST, size - 1, buf, sizeof(buf), &size, &got) == SYSTEM_OK && got == 1 &&
               buf[0] == '\n',
           "read its last byte");
    expect(r, system_read_file(MANIFEST, size, buf, sizeof(buf), &size, &got) == SYSTEM_OK && got == 0,
           "read at its end: nothing");
    expect_eq(r, system_read_file("/etc/no-such-file", 0, buf, sizeof(buf), &size, &got), SYSTEM_NO_SUCH_FILE,
              "a file the initramfs does not have: no such file");
}

/* Wait (on the events notification) until `name` is stopped for good. */
static bool wait_stopped(const char *name, struct system_service_status *st)
{
    cairn_cptr_t events = cairn_startup_cap("events", 0)->slot;

    for (unsigned i = 0; i < WAIT_EVENTS_MAX; i++) {
        uint64_t word;

        if (system_status(name, st) != SYSTEM_OK)
            return false;
        if (st->state == SERVICE_STOPPED)
            return true;
        cairn_wait(events, &word);
    }
    return false;
}

static void restarts(struct runner *r, cairn_cptr_t hello)
{
    struct system_service_status st;
    uint64_t running, services, skipped;

    expect(r, wait_stopped("crasher", &st) && st.starts == CRASHER_RETRIES + 1 && st.restarts == CRASHER_RETRIES,
           "crasher faulted, was restarted twice (retries=2), then left stopped");
    expect(r, system_status("hello", &st) == SYSTEM_OK && st.state == SERVICE_UP && st.starts == 1,
           "hello was started once and is up: crasher's faults did not touch it");
    expect(r, greet(hello, 99, RUNNER_BADGE), "and it still answers through the same capability");
    expect(r, system_status("client", &st) == SYSTEM_OK && st.state == SERVICE_STOPPED && st.starts == 1,
           "client got its answer and exited 0: stopped, not restarted (restart=on-failure)");
    expect(r, system_summary(&running, &services, &skipped) == SYSTEM_OK && services == SERVICES &&
               skipped == SKIPPED && running == 3,
           "the manifest gave 5 services and 4 lines skipped; 3 still run");
    expect_eq(r, system_status("badprio", &st), SYSTEM_NO_SUCH_NAME, "a service whose line was skipped does not exist");
}

void tests_system(struct runner *r)
{
    cairn_cptr_t hello;

    next_slot = cairn_startup->slot_free;
    least_authority(r);
    hello = fresh_slot();
    names(r, hello);
    files(r);
    restarts(r, hello);
}
