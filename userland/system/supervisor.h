/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor's state, shared by its parts: main.c (start-up and the
 * loop), service.c (starting, stopping, restarting), requests.c (what
 * services ask for: log, names, files, status). spec/system.md is the prose.
 */
#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include "cairn/alloc.h"
#include "cairn/device.h"
#include "cairn/process.h"
#include "cairn/system.h"
#include "manifest.h"

/* The supervisor's own address space: where it builds, and what it maps. */
#define BUILD_WINDOW     0x5000000000ull   /* the process builder's 2 MiB */
#define INITRAMFS_AT     0x2000000000ull
#define BOOT_INFO_AT     0x2800000000ull
#define CLOCK_AT         0x3000000000ull

/* What each service is built with. */
#define SERVICE_MEMORY_BITS 20u            /* 1 MiB of untyped memory, reused at each restart */
#define SERVICE_SLOTS       128u           /* slots of the supervisor's CSpace for its objects */
#define SERVICE_SLOTS_FIRST 2048u
#define SERVICE_CNODE_RADIX 8u
#define SERVICE_VSPACE_BITS 16u
#define SERVICE_STACK_PAGES 16u
#define SERVICE_HEAP_PAGES  16u
#define SERVICE_ARGS_MAX    (MANIFEST_MAX_ARGS + 3u)   /* name, args, the test runner's first number, NULL */

#define BACKOFF_MAX_MS      60000u
#define CLOCK_BADGE         1u             /* the clock's bit in the bound notification's word */
#define EVENTS_BADGE        1u

struct service {
    const struct manifest_service *spec;
    unsigned id;                           /* its badge is id + 1 */
    enum system_service_state state;
    struct process process;
    struct cairn_alloc alloc;              /* its slot range and its memory */
    cairn_cptr_t memory;                   /* its untyped, in the supervisor's own slots */
    cairn_cptr_t device[MANIFEST_MAX_DEVICES];   /* kept by the supervisor; each start gets copies */
    cairn_cptr_t provided[MANIFEST_MAX_PROVIDES];/* what it got from register, this run */
    cairn_cptr_t seen[MANIFEST_MAX_SEES];  /* what it got from lookup, this run */
    uint64_t starts;
    uint64_t restarts;
    uint64_t restart_at;                   /* in clock ticks, while WAITING */
};

/* A name a service of the manifest provides, and its endpoint: made at
 * start-up, kept across restarts of its provider, so clients' capabilities
 * stay good. */
struct name {
    const char *name;
    cairn_cptr_t endpoint;
};

#define NAMES_MAX (MANIFEST_MAX_SERVICES * MANIFEST_MAX_PROVIDES)

struct supervisor {
    struct cairn_alloc alloc;
    struct device_pool devices;            /* the device untyped regions: the clock's, mmio grants */
    const char *manifest_path;
    struct manifest manifest;
    unsigned skipped;                      /* manifest lines skipped, by the parser or here */
    struct service service[MANIFEST_MAX_SERVICES];
    unsigned count;
    struct name names[NAMES_MAX];
    unsigned name_count;
    const uint8_t *initramfs;
    uint64_t initramfs_size;
    cairn_cptr_t endpoint;                 /* every service's parent endpoint */
    cairn_cptr_t events;                   /* signalled at every change of a service's state */
    const char *first_test;                /* test boots: the test runner's first test number */
    bool tests_reported;                   /* test boots: the totals went to init */
    uint64_t now;                          /* clock ticks so far */
};

extern struct supervisor sys;

void services_load(void);
const struct name *names_find(const char *name);
void services_start(void);
struct service *service_by_badge(uint64_t badge);
bool service_running(const struct service *s);
struct service *service_by_name(const char *name);
void service_ready(struct service *s);
void service_fault(struct service *s, const struct cairn_msg *m);
void service_exit(struct service *s, uint64_t status);
void services_tick(unsigned ticks);

/* Test boots: hand init the runner's totals, once. */
void tests_report(uint64_t passed, uint64_t failed);

/* Handle a request; true if `m` now holds the reply. */
bool request_handle(struct service *s, struct cairn_msg *m);

#endif
