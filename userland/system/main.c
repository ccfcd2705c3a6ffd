/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor, /sbin/system: started by init with the machine's
 * authority (untyped memory, interrupt and I/O-port control, the initramfs).
 * It reads the service manifest from the initramfs, starts each service
 * with what its line grants, and then serves them all on one endpoint:
 * their faults and exits (restarting them as their policy says), their
 * log lines, the name server, the initramfs's files.
 *
 *   system [--test FIRST] [MANIFEST]
 *
 * MANIFEST is /etc/system.conf unless given; --test (test boots) hands the
 * test runner the number of its first test, and its totals go to init.
 */
#include <stdio.h>
#include <string.h>

#include "cairn/boot_info.h"
#include "cairn/startup.h"
#include "clock.h"
#include "supervisor.h"

struct supervisor sys = { .manifest_path = "/etc/system.conf" };

/* Count what init gave, and put the RAM regions in the allocator's pool. */
static void take_stock(void)
{
    const struct cairn_startup *s = cairn_startup;
    unsigned ram = 0, device = 0;
    uint64_t ram_bytes = 0;

    alloc_init(&sys.alloc, (uint32_t)s->slot_free, SERVICE_SLOTS_FIRST);
    for (uint64_t i = 0; i < s->cap_count; i++) {
        const struct cairn_startup_cap *c = &s->caps[i];

        if (c->type != CAIRN_OBJ_UNTYPED)
            continue;
        if (c->is_device) {
            device++;
        } else if (alloc_add_untyped(&sys.alloc, c->slot)) {
            ram++;
            ram_bytes += 1ull << c->size_bits;
        }
    }
    device_pool_init(&sys.devices);
    device_pool_add_given(&sys.devices, s);
    printf("system: started with %llu capabilities: %u RAM regions (%llu KiB), %u device regions%s%s\n",
           (unsigned long long)s->cap_count, ram, (unsigned long long)(ram_bytes / 1024), device,
           cairn_startup_cap("irq-control", 0) ? ", IRQ control" : "",
           cairn_startup_cap("initramfs", 0) ? ", the initramfs" : "");
}

/* Map the VMO given as `name`, read-only, at `at`; its size in `*bytes`. */
static bool map_given(const char *name, uint64_t at, uint64_t *bytes)
{
    const struct cairn_startup_cap *c = cairn_startup_cap(name, 0);

    return c != NULL && cairn_vmo_size(c->slot, bytes) == CAIRN_ERR_OK &&
           cairn_vspace_map(CAIRN_PROC_SLOT_VSPACE, c->slot, 0, *bytes, at, CAIRN_RIGHT_READ) == CAIRN_ERR_OK;
}

/* The archive lies in its VMO where the boot information says. */
static bool map_initramfs(void)
{
    const struct cairn_boot_info *bi = (const struct cairn_boot_info *)(uintptr_t)BOOT_INFO_AT;
    uint64_t info_bytes, bytes;

    if (!map_given("boot-info", BOOT_INFO_AT, &info_bytes) || !map_given("initramfs", INITRAMFS_AT, &bytes) ||
        bi->initramfs_offset > bytes || bi->initramfs_size > bytes - bi->initramfs_offset)
        return false;
    sys.initramfs = (const uint8_t *)(uintptr_t)(INITRAMFS_AT + bi->initramfs_offset);
    sys.initramfs_size = bi->initramfs_size;
    return true;
}

/* An endpoint for every service; a notification the supervisor signals at
 * each change of a service's state (the test runner waits on it); another,
 * bound to the supervisor's thread, for the clock's ticks. */
static cairn_error_t make_objects(void)
{
    cairn_cptr_t events, ticks, tick_badged;
    cairn_error_t err = alloc_object(&sys.alloc, CAIRN_OBJ_ENDPOINT, 0, &sys.endpoint);

    if (err == CAIRN_ERR_OK)
        err = alloc_object(&sys.alloc, CAIRN_OBJ_NOTIFICATION, 0, &events);
    if (err == CAIRN_ERR_OK && (sys.events = slot_alloc(&sys.alloc)) == 0)
        err = CAIRN_ERR_NOT_ENOUGH_MEMORY;
    if (err == CAIRN_ERR_OK)
        err = cairn_cnode_mint(CAIRN_SLOT_CNODE, sys.events, CAIRN_DEPTH, CAIRN_SLOT_CNODE, events, CAIRN_DEPTH,
                               CAIRN_RIGHTS_ALL, EVENTS_BADGE);
    if (err == CAIRN_ERR_OK)
        err = alloc_object(&sys.alloc, CAIRN_OBJ_NOTIFICATION, 0, &ticks);
    if (err == CAIRN_ERR_OK && (tick_badged = slot_alloc(&sys.alloc)) == 0)
        err = CAIRN_ERR_NOT_ENOUGH_MEMORY;
    if (err == CAIRN_ERR_OK)
        err = cairn_cnode_mint(CAIRN_SLOT_CNODE, tick_badged, CAIRN_DEPTH, CAIRN_SLOT_CNODE, ticks, CAIRN_DEPTH,
                               CAIRN_RIGHT_WRITE, CLOCK_BADGE);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_bind_notification(CAIRN_PROC_SLOT_TCB, ticks);
    if (err == CAIRN_ERR_OK)
        err = clock_init(&sys.alloc, &sys.devices, tick_badged, CLOCK_AT);
    return err;
}

static bool parse_args(int argc, char **argv)
{
    int i = 1;

    if (i + 1 < argc && strcmp(argv[i], "--test") == 0) {
        sys.first_test = argv[i + 1];
        i += 2;
    }
    if (i < argc)
        sys.manifest_path = argv[i++];
    return i == argc;
}

/* Every message of every service, until the machine stops. */
static _Noreturn void serve(void)
{
    struct cairn_msg m = { 0 };
    bool reply = false;

    for (;;) {
        cairn_error_t err = reply ? cairn_reply_recv(sys.endpoint, &m) : cairn_recv(sys.endpoint, &m);
        struct service *s;

        reply = false;
        if (err != CAIRN_ERR_OK)
            continue;
        if (m.info & CAIRN_MSGINFO_NOTIFICATION) {
            if (m.badge & CLOCK_BADGE)
                services_tick(clock_tick());
            continue;
        }
        /* A message of a run already stopped has no service. */
        s = service_by_badge(m.badge);
        if (s == NULL)
            continue;
        if (m.info & CAIRN_MSGINFO_FAULT)
            service_fault(s, &m);
        else
            reply = request_handle(s, &m);
    }
}

int main(int argc, char **argv)
{
    struct cairn_msg ready = { .info = CAIRN_MSGINFO(CAIRN_PARENT_READY, 0, 1) };
    cairn_error_t err;

    take_stock();
    if (!parse_args(argc, argv)) {
        printf("system: usage: system [--test FIRST] [MANIFEST]\n");
        return 1;
    }
    if (!map_initramfs()) {
        printf("system: cannot map the initramfs it was given\n");
        return 1;
    }
    err = make_objects();
    if (err != CAIRN_ERR_OK) {
        printf("system: cannot make its endpoint, notifications and clock: error %llu\n",
               (unsigned long long)err);
        return 1;
    }
    cairn_send(CAIRN_PROC_SLOT_PARENT, &ready);
    services_load();
    services_start();
    serve();
}
