/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The service manifest, /etc/system.conf: which services the supervisor
 * starts and what each may do. The format is in spec/system.md. The parser
 * allocates nothing and trusts nothing: it reads exactly `size` bytes, needs
 * no NUL terminator, and reports each bad line and skips it whole.
 */
#ifndef CAIRN_SYSTEM_MANIFEST_H
#define CAIRN_SYSTEM_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_MAX_SERVICES 16u
#define MANIFEST_NAME_MAX     16u  /* with the NUL */
#define MANIFEST_PATH_MAX     64u  /* with the NUL */
#define MANIFEST_ARG_MAX      64u  /* with the NUL */
#define MANIFEST_MAX_ARGS     7u   /* after argv[0], the service name */
#define MANIFEST_MAX_PROVIDES 4u
#define MANIFEST_MAX_SEES     8u
#define MANIFEST_MAX_DEVICES  8u   /* ioport, irq and mmio together */
#define MANIFEST_LINE_MAX     255u /* bytes, without the line end */

enum manifest_restart { RESTART_NEVER, RESTART_ON_FAILURE, RESTART_ALWAYS };

enum manifest_device_kind { DEVICE_IOPORT, DEVICE_IRQ, DEVICE_MMIO };

/* ioport: ports first..last; irq: the line (last == first);
 * mmio: bytes first..last inclusive. */
struct manifest_device {
    enum manifest_device_kind kind;
    uint64_t first, last;
};

struct manifest_service {
    char name[MANIFEST_NAME_MAX];
    char path[MANIFEST_PATH_MAX];
    char args[MANIFEST_MAX_ARGS][MANIFEST_ARG_MAX];
    unsigned arg_count;
    unsigned line;                 /* where it was defined */
    uint8_t priority;
    enum manifest_restart restart;
    uint32_t retries;              /* restarts before the supervisor gives up */
    uint32_t backoff_ms;           /* before the first restart */
    char provides[MANIFEST_MAX_PROVIDES][MANIFEST_NAME_MAX];
    unsigned provides_count;
    char sees[MANIFEST_MAX_SEES][MANIFEST_NAME_MAX];
    unsigned sees_count;
    struct manifest_device device[MANIFEST_MAX_DEVICES];
    unsigned device_count;
    bool files;                    /* may read initramfs files */
    bool tests;                    /* may report test results */
};

struct manifest {
    struct manifest_service service[MANIFEST_MAX_SERVICES];
    unsigned count;
    unsigned errors;               /* lines reported and skipped */
};

/* Called once per bad line, with its number (from 1) and what is wrong. */
typedef void manifest_report_fn(void *ctx, unsigned line, const char *why);

/* Fill `m` from the `size` bytes at `text`. `report` may be NULL. */
void manifest_parse(struct manifest *m, const char *text, size_t size,
                    manifest_report_fn *report, void *ctx);

/* The service called `name`, or NULL. */
const struct manifest_service *manifest_find(const struct manifest *m, const char *name);

/* Is `name` among the first `count` names of `names`? (for provides/sees) */
bool manifest_lists(const char (*names)[MANIFEST_NAME_MAX], unsigned count, const char *name);

#endif
