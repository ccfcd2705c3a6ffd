/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CPIO "newc" reader (what `cpio -o -H newc` writes; magic 070701, or
 * 070702 with a checksum). Files are slices of the archive: nothing is copied
 * or allocated. Every header field is checked before it is used, and a
 * malformed archive stops the walk with a status that says what is wrong; the
 * reader then says which entry and at which offset.
 */
#ifndef CAIRN_CPIO_H
#define CAIRN_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPIO_NAME_MAX   4096u         /* bytes of a name with its NUL */
#define CPIO_MODE_TYPE  0170000u      /* the file-type bits of cpio_file.mode */
#define CPIO_MODE_FILE  0100000u
#define CPIO_MODE_DIR   0040000u
#define CPIO_MODE_LINK  0120000u

enum cpio_status {
    CPIO_OK,                /* cpio_next, cpio_find: a file was read */
    CPIO_END,               /* the TRAILER!!! entry: the archive ends well */
    CPIO_TRUNCATED_HEADER,  /* the archive ends inside a header */
    CPIO_BAD_MAGIC,         /* a header does not start with 070701 or 070702 */
    CPIO_BAD_FIELD,         /* a header field is not 8 hex digits */
    CPIO_BAD_NAME,          /* name size 0 or over CPIO_NAME_MAX, no NUL at its end, or a NUL inside */
    CPIO_TRUNCATED_NAME,    /* the name (or its padding) runs past the archive's end */
    CPIO_TRUNCATED_DATA,    /* the file's data (or its padding) runs past the archive's end */
    CPIO_BAD_CHECKSUM,      /* 070702: the data's byte sum is not c_check; 070701: c_check is not 0 */
    CPIO_NO_TRAILER,        /* the archive ends between entries, without TRAILER!!! */
    CPIO_NOT_FOUND,         /* cpio_find: the archive is sound and has no such file */
};

struct cpio_file {
    const char *name;       /* NUL-terminated, inside the archive, as stored ("./sbin/system") */
    const uint8_t *data;    /* inside the archive */
    size_t size;
    uint32_t mode;          /* type and permission bits */
};

/* A walk over an archive. After an error, `offset` is the bad entry's header,
 * `entry` its index (0 = the first), `name` its name if that was read whole
 * (else NULL) and `error_offset` the first byte found wrong. */
struct cpio_reader {
    const uint8_t *archive;
    size_t size;
    size_t offset;
    size_t entry;
    const char *name;
    size_t error_offset;
};

void cpio_open(struct cpio_reader *r, const void *archive, size_t size);

/* The next file (CPIO_OK), the end (CPIO_END), or what is wrong. After
 * CPIO_END or an error, later calls return the same status again. */
enum cpio_status cpio_next(struct cpio_reader *r, struct cpio_file *file);

/* Walk `r` from where it is to the file named `path`. Names compare without a
 * leading "./" or "/" on either side, so "/sbin/system" finds
 * "./sbin/system". Returns CPIO_NOT_FOUND at a sound end, or the error that
 * stopped the walk. */
enum cpio_status cpio_find(struct cpio_reader *r, const char *path, struct cpio_file *file);

/* A short English phrase for a status ("name runs past the end"). */
const char *cpio_status_text(enum cpio_status s);

#endif
