/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fuzz harness of the CPIO newc reader: walks any input to its end and checks
 * what cpio.h promises on the way, rather than only that nothing crashes.
 *   - every file returned (name with its NUL, data) lies inside the input;
 *   - each file moves the walk forward, so the walk ends within size / 112
 *     steps (the smallest entry is a header, a 1-byte name and padding);
 *   - the walk ends with CPIO_END or an error, never CPIO_NOT_FOUND, and
 *     asking again gives the same status and the same error fields;
 *   - the error's offsets lie inside the input, or at its end;
 *   - cpio_find finds the files the walk met, by any spelling of the root.
 */
#include <stdbool.h>
#include <string.h>

#include <cairn/cpio.h>

#include "fuzz.h"

#define SMALLEST_ENTRY 112u
#define NAMES_TO_FIND  4u

struct walk {
    const uint8_t *data;
    size_t size;
    const char *names[NAMES_TO_FIND];    /* the first files met, to find again */
    size_t named;
    enum cpio_status end;                /* what stopped the walk */
    struct cpio_reader at_end;
};

static bool inside(const struct walk *w, const void *p, size_t n)
{
    const uint8_t *b = p;

    return b >= w->data && b <= w->data + w->size && n <= (size_t)(w->data + w->size - b);
}

/* A NUL-terminated name wholly inside the input (looked for without reading
 * past the input's end). */
static bool name_inside(const struct walk *w, const char *name)
{
    if (!inside(w, name, 1))
        return false;
    return memchr(name, 0, (size_t)(w->data + w->size - (const uint8_t *)name)) != NULL;
}

static void check_file(struct walk *w, const struct cpio_reader *r, const struct cpio_file *f,
                       size_t offset_before, size_t entry_before)
{
    PROMISE(name_inside(w, f->name));
    PROMISE(inside(w, f->data, f->size));
    PROMISE(r->offset >= offset_before + SMALLEST_ENTRY && r->offset <= w->size);
    PROMISE(r->offset % 4 == 0);
    PROMISE(r->entry == entry_before + 1);
    if (w->named < NAMES_TO_FIND)
        w->names[w->named++] = f->name;
}

/* The walk stopped: its fields say where, and say it again when asked again. */
static void check_stop(struct walk *w, struct cpio_reader *r, enum cpio_status s)
{
    struct cpio_reader before = *r;
    struct cpio_file f;

    PROMISE(s != CPIO_OK && s != CPIO_NOT_FOUND);
    PROMISE(r->offset <= w->size && r->error_offset <= w->size);
    PROMISE(s == CPIO_END || r->error_offset >= r->offset);
    PROMISE(r->name == NULL || name_inside(w, r->name));
    PROMISE(cpio_status_text(s) != NULL);
    PROMISE(cpio_next(r, &f) == s);
    PROMISE(r->offset == before.offset && r->entry == before.entry);
    PROMISE(r->error_offset == before.error_offset && r->name == before.name);
}

static void walk_all(struct walk *w)
{
    struct cpio_reader r;
    struct cpio_file f;

    cpio_open(&r, w->data, w->size);
    for (size_t step = 0; step <= w->size / SMALLEST_ENTRY; step++) {
        size_t offset = r.offset, entry = r.entry;
        enum cpio_status s = cpio_next(&r, &f);

        if (s != CPIO_OK) {
            check_stop(w, &r, s);
            w->end = s;
            w->at_end = r;
            return;
        }
        check_file(w, &r, &f, offset, entry);
    }
    PROMISE(!"the walk went on past size / 112 files");
}

static const char *without_root(const char *name)
{
    if (name[0] == '.' && name[1] == '/')
        return name + 2;
    if (name[0] == '/')
        return name + 1;
    return name;
}

/* `name` found again written with "/" and with "./" before its bare form,
 * and bare when that has no root of its own to take off: the first file of
 * that name, which is at or before this one. */
static void find_again(const struct walk *w, const char *name)
{
    static char spelled[CPIO_NAME_MAX + 2];
    const char *bare = without_root(name);
    const char *prefixes[] = { "/", "./", "" };
    int ways = without_root(bare) == bare ? 3 : 2;

    for (int i = 0; i < ways; i++) {
        struct cpio_reader r;
        struct cpio_file f;

        strcpy(spelled, prefixes[i]);
        strcat(spelled, bare);
        cpio_open(&r, w->data, w->size);
        PROMISE(cpio_find(&r, spelled, &f) == CPIO_OK);
        PROMISE(name_inside(w, f.name) && inside(w, f.data, f.size));
        PROMISE(strcmp(without_root(f.name), bare) == 0);
        PROMISE((const uint8_t *)f.name <= (const uint8_t *)name);
    }
}

/* A name no archive here holds (the walk's own files are checked above):
 * not found at a sound end, else the fault that stopped the walk. */
static void find_missing(const struct walk *w)
{
    struct cpio_reader r;
    struct cpio_file f;
    enum cpio_status s;

    cpio_open(&r, w->data, w->size);
    s = cpio_find(&r, "/no/such/file/\x01", &f);
    if (s == CPIO_OK)
        return;
    PROMISE(s == (w->end == CPIO_END ? CPIO_NOT_FOUND : w->end));
    PROMISE(r.offset == w->at_end.offset && r.entry == w->at_end.entry);
    PROMISE(r.error_offset == w->at_end.error_offset);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct walk w = { .data = data, .size = size };

    walk_all(&w);
    for (size_t i = 0; i < w.named; i++)
        find_again(&w, w.names[i]);
    find_missing(&w);
    return 0;
}
