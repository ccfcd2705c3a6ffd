/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Talking to the supervisor (/sbin/system), for the services it starts:
 * the log, the name server, the initramfs's files, and for the test runner
 * the state of the services. Every request goes on CAIRN_PROC_SLOT_PARENT,
 * whose badge tells the supervisor who asks; spec/system.md is the prose.
 */
#ifndef CAIRN_SYSTEM_H
#define CAIRN_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/msg.h"

/* Labels on the parent endpoint, after CAIRN_PARENT_READY and _EXIT. */
#define SYSTEM_LOG        16u   /* send: w0 bytes, the text from w1 */
#define SYSTEM_REGISTER   17u   /* call: the name from w0; reply: the endpoint, Read */
#define SYSTEM_LOOKUP     18u   /* call: the name from w0; reply: the endpoint, Write, badged */
#define SYSTEM_READ_FILE  19u   /* call: w0 offset, the path from w1; reply: w1 size, w2 bytes, from w3 */
#define SYSTEM_STATUS     20u   /* call: the name from w0 ("" the supervisor); reply below */
#define SYSTEM_TESTS_DONE 21u   /* send: w0 passed, w1 failed */

/* Word 0 of every reply. */
enum system_status {
    SYSTEM_OK,
    SYSTEM_DENIED,          /* the manifest does not let this service do that */
    SYSTEM_NO_SUCH_NAME,    /* no service (or no service providing the name) */
    SYSTEM_NO_SUCH_FILE,
    SYSTEM_BAD_REQUEST,     /* too short, a string not ended, an unknown label */
    SYSTEM_NO_MEMORY,
    SYSTEM_NO_SLOT,         /* the caller offered no slot for the capability */
};

/* What SYSTEM_STATUS says of a service: w1 state, w2 starts, w3 restarts;
 * of the supervisor (""): w1 services running or waiting, w2 services in
 * the manifest, w3 manifest lines skipped. */
enum system_service_state {
    SERVICE_STARTING,       /* made and running, not yet `ready` */
    SERVICE_UP,             /* said `ready` */
    SERVICE_WAITING,        /* stopped, to be restarted after its back-off */
    SERVICE_STOPPED,        /* stopped for good: exited, or out of restarts */
};

struct system_service_status {
    enum system_service_state state;
    uint64_t starts;
    uint64_t restarts;
};

/* The longest log line, file path and service name the messages carry. */
#define SYSTEM_LOG_MAX   MSG_BYTES_FROM(1)
#define SYSTEM_PATH_MAX  64u
#define SYSTEM_NAME_MAX  16u
#define SYSTEM_READ_MAX  MSG_BYTES_FROM(3)

const char *system_status_text(uint64_t status);

/* Write one line (no newline needed) to the console, prefixed with the
 * service's name; a longer one is cut to SYSTEM_LOG_MAX bytes. */
void system_log(const char *text, size_t n);
/* The endpoint for `name`, into the empty slot `slot`: to serve it
 * (register, Read right) or to call it (lookup, Write right, badged with
 * the caller's identity). */
uint64_t system_register(const char *name, cairn_cptr_t slot);
uint64_t system_lookup(const char *name, cairn_cptr_t slot);
/* Up to `max` (at most SYSTEM_READ_MAX) bytes of the initramfs file `path`
 * from `offset`; `*size` is the file's size, `*got` what came. */
uint64_t system_read_file(const char *path, uint64_t offset, void *buf, size_t max, uint64_t *size,
                          size_t *got);
uint64_t system_status(const char *name, struct system_service_status *status);
/* The supervisor's own figures (see SYSTEM_STATUS). */
uint64_t system_summary(uint64_t *running, uint64_t *services, uint64_t *skipped);
void system_tests_done(uint64_t passed, uint64_t failed);
/* Tell the supervisor the service is up. */
void system_ready(void);

#endif
