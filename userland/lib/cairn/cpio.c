/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CPIO newc reader. An entry is a 110-byte header of ASCII fields, the
 * name with its NUL, padding to a multiple of 4, the data, padding again.
 * Offsets count from the archive's first byte, so the archive itself needs no
 * alignment.
 *
 * The reader keeps no status: after an error or the end it does not advance,
 * so the next call reads the same header again and finds the same thing.
 * Every length is compared against what is left of the archive (size - at)
 * rather than added to an offset, so no sum can wrap, even with 32-bit size_t.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cairn/cpio.h>

#define HEADER_SIZE   110u
#define MAGIC_SIZE    6u
#define FIELD_DIGITS  8u
#define FIELD_COUNT   13u
#define ALIGNMENT     4u
#define TRAILER_NAME  "TRAILER!!!"

/* Field indexes, in header order after the magic. */
enum {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
    F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

/* What one entry's header says, and where its parts lie. */
struct entry {
    bool with_checksum;            /* magic 070702 */
    uint32_t field[FIELD_COUNT];
    size_t name_at;
    size_t data_at;
    size_t next_at;                /* the following header */
};

static size_t field_offset(unsigned field)
{
    return MAGIC_SIZE + FIELD_DIGITS * field;
}

/* 0..15 for a hex digit of either case, -1 for anything else. */
static int hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Record where the walk stopped and why. */
static enum cpio_status fail(struct cpio_reader *r, enum cpio_status s, size_t bad_at)
{
    r->error_offset = bad_at;
    return s;
}

/* Bytes from `at` up to the next multiple of ALIGNMENT. */
static size_t padding_after(size_t at)
{
    return (ALIGNMENT - at % ALIGNMENT) % ALIGNMENT;
}

/* The index of the first NUL in p[0 .. n), or n if there is none. */
static size_t first_nul(const uint8_t *p, size_t n)
{
    size_t i = 0;

    while (i < n && p[i] != 0)
        i++;
    return i;
}

/* Whether `length` bytes starting at `at` (at <= size) lie inside the archive. */
static bool fits(const struct cpio_reader *r, size_t at, size_t length)
{
    return length <= r->size - at;
}

static enum cpio_status read_magic(struct cpio_reader *r, struct entry *e)
{
    static const char prefix[] = "07070";
    const uint8_t *h = r->archive + r->offset;

    for (size_t i = 0; i < sizeof(prefix) - 1; i++) {
        if (h[i] != (uint8_t)prefix[i])
            return fail(r, CPIO_BAD_MAGIC, r->offset + i);
    }
    if (h[5] != '1' && h[5] != '2')
        return fail(r, CPIO_BAD_MAGIC, r->offset + 5);
    e->with_checksum = h[5] == '2';
    return CPIO_OK;
}

static enum cpio_status read_fields(struct cpio_reader *r, struct entry *e)
{
    for (unsigned f = 0; f < FIELD_COUNT; f++) {
        size_t at = r->offset + field_offset(f);
        uint32_t value = 0;

        for (unsigned i = 0; i < FIELD_DIGITS; i++) {
            int digit = hex_value(r->archive[at + i]);

            if (digit < 0)
                return fail(r, CPIO_BAD_FIELD, at + i);
            value = value << 4 | (uint32_t)digit;
        }
        e->field[f] = value;
    }
    return CPIO_OK;
}

/* The name: inside the archive with its padding, NUL exactly at its end. */
static enum cpio_status read_name(struct cpio_reader *r, struct entry *e)
{
    size_t name_size = e->field[F_NAMESIZE];
    const uint8_t *name;
    size_t nul;

    e->name_at = r->offset + HEADER_SIZE;
    if (name_size == 0 || name_size > CPIO_NAME_MAX)
        return fail(r, CPIO_BAD_NAME, r->offset + field_offset(F_NAMESIZE));
    if (!fits(r, e->name_at, name_size))
        return fail(r, CPIO_TRUNCATED_NAME, r->size);
    name = r->archive + e->name_at;
    nul = first_nul(name, name_size);
    if (nul == name_size)
        return fail(r, CPIO_BAD_NAME, e->name_at + name_size - 1);
    if (nul != name_size - 1)
        return fail(r, CPIO_BAD_NAME, e->name_at + nul);
    r->name = (const char *)name;
    e->data_at = e->name_at + name_size;
    if (!fits(r, e->data_at, padding_after(e->data_at)))
        return fail(r, CPIO_TRUNCATED_NAME, r->size);
    e->data_at += padding_after(e->data_at);
    return CPIO_OK;
}

/* The data, and its padding, inside the archive. */
static enum cpio_status read_data(struct cpio_reader *r, struct entry *e)
{
    size_t file_size = e->field[F_FILESIZE];
    size_t end;

    if (!fits(r, e->data_at, file_size))
        return fail(r, CPIO_TRUNCATED_DATA, r->size);
    end = e->data_at + file_size;
    if (!fits(r, end, padding_after(end)))
        return fail(r, CPIO_TRUNCATED_DATA, r->size);
    e->next_at = end + padding_after(end);
    return CPIO_OK;
}

/* 070702 sums the data's bytes (modulo 2^32) into c_check; 070701 leaves it 0. */
static enum cpio_status check_sum(struct cpio_reader *r, const struct entry *e)
{
    uint32_t sum = 0;

    if (e->with_checksum) {
        for (size_t i = 0; i < e->field[F_FILESIZE]; i++)
            sum += r->archive[e->data_at + i];
    }
    if (sum != e->field[F_CHECK])
        return fail(r, CPIO_BAD_CHECKSUM, r->offset + field_offset(F_CHECK));
    return CPIO_OK;
}

/* Check the whole entry at r->offset, each step only using what the steps
 * before it have checked. */
static enum cpio_status read_entry(struct cpio_reader *r, struct entry *e)
{
    enum cpio_status s;

    if (r->offset == r->size)
        return fail(r, CPIO_NO_TRAILER, r->size);
    if (!fits(r, r->offset, HEADER_SIZE))
        return fail(r, CPIO_TRUNCATED_HEADER, r->size);
    if ((s = read_magic(r, e)) != CPIO_OK || (s = read_fields(r, e)) != CPIO_OK ||
        (s = read_name(r, e)) != CPIO_OK || (s = read_data(r, e)) != CPIO_OK)
        return s;
    return check_sum(r, e);
}

/* Compared by size first: a shorter name must not be read past its end. */
static bool is_trailer(const struct entry *e, const char *name)
{
    return e->field[F_NAMESIZE] == sizeof(TRAILER_NAME) &&
           memcmp(name, TRAILER_NAME, sizeof(TRAILER_NAME)) == 0;
}

void cpio_open(struct cpio_reader *r, const void *archive, size_t size)
{
    r->archive = archive;
    r->size = size;
    r->offset = 0;
    r->entry = 0;
    r->name = NULL;
    r->error_offset = 0;
}

enum cpio_status cpio_next(struct cpio_reader *r, struct cpio_file *file)
{
    struct entry e;
    enum cpio_status s;

    r->name = NULL;
    r->error_offset = 0;
    s = read_entry(r, &e);
    if (s != CPIO_OK)
        return s;
    if (is_trailer(&e, r->name))
        return CPIO_END;
    file->name = r->name;
    file->data = r->archive + e.data_at;
    file->size = e.field[F_FILESIZE];
    file->mode = e.field[F_MODE];
    r->name = NULL;                /* the next entry's name is not read yet */
    r->offset = e.next_at;
    r->entry++;
    return CPIO_OK;
}

/* "./a" and "/a" name the same file as "a". */
static const char *without_root(const char *path)
{
    if (path[0] == '.' && path[1] == '/')
        return path + 2;
    if (path[0] == '/')
        return path + 1;
    return path;
}

enum cpio_status cpio_find(struct cpio_reader *r, const char *path, struct cpio_file *file)
{
    const char *wanted = without_root(path);
    struct cpio_file f;
    enum cpio_status s;

    while ((s = cpio_next(r, &f)) == CPIO_OK) {
        if (strcmp(without_root(f.name), wanted) == 0) {
            *file = f;
            return CPIO_OK;
        }
    }
    return s == CPIO_END ? CPIO_NOT_FOUND : s;
}

const char *cpio_status_text(enum cpio_status s)
{
    switch (s) {
    case CPIO_OK:               return "ok";
    case CPIO_END:              return "end of archive";
    case CPIO_TRUNCATED_HEADER: return "header runs past the end";
    case CPIO_BAD_MAGIC:        return "not a newc header";
    case CPIO_BAD_FIELD:        return "header field not hex";
    case CPIO_BAD_NAME:         return "malformed name";
    case CPIO_TRUNCATED_NAME:   return "name runs past the end";
    case CPIO_TRUNCATED_DATA:   return "data runs past the end";
    case CPIO_BAD_CHECKSUM:     return "bad checksum";
    case CPIO_NO_TRAILER:       return "no TRAILER!!! entry";
    case CPIO_NOT_FOUND:        return "no such file";
    }
    return "unknown status";
}
