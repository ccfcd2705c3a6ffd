/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The heap: a first-fit allocator over regions the program hands over.
 *
 * Every block, used or free, starts with a 16-byte header: its size (header
 * included, a multiple of 16) and a tag. The payload follows, so it is
 * 16-byte aligned like the block. Free blocks form one list sorted by
 * address, linked through their payloads; keeping it sorted is what lets a
 * freed block find and merge with the free blocks right before and after it,
 * so freeing everything gives the regions back whole.
 *
 * The tag is a constant for "used" or "free", XORed with the header's own
 * address so that a stale copy of a header elsewhere does not pass for one.
 * free and realloc check it: that catches double frees, pointers malloc never
 * returned and most overwritten headers, at the cost of one compare.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16u
#define TAG_USED ((uintptr_t)0x5a3c96e1c3a55a3cull)
#define TAG_FREE ((uintptr_t)0xa5c3691e3c5aa5c3ull)

struct header {
    size_t size;        /* bytes of the block, header included */
    uintptr_t tag;      /* TAG_USED or TAG_FREE, XOR the header's address */
};

struct free_block {
    struct header h;
    struct free_block *next;    /* the next free block up in memory, or NULL */
};

_Static_assert(sizeof(struct header) == ALIGN, "the header keeps payloads aligned");

#define MIN_BLOCK 32u     /* the smallest block: a free one holds its list link */
_Static_assert(sizeof(struct free_block) <= MIN_BLOCK, "a free block holds its link");

static struct free_block *free_list;   /* sorted by address */
static malloc_grow_fn *grow_hook;

static uintptr_t tag_of(const struct header *h, uintptr_t kind)
{
    return kind ^ (uintptr_t)h;
}

static struct header *header_of(void *p)
{
    return (struct header *)p - 1;
}

static _Noreturn void misuse(const char *what)
{
    static const char prefix[] = "malloc: ";

    cairn_console_write(prefix, sizeof(prefix) - 1);
    cairn_console_write(what, strlen(what));
    cairn_console_write("\n", 1);
    abort();
}

/* The header of p, which malloc returned and which is still in use. */
static struct header *used_header(void *p)
{
    struct header *h = header_of(p);

    if (((uintptr_t)p & (ALIGN - 1)) != 0)
        misuse("bad pointer");
    if (h->tag == tag_of(h, TAG_FREE))
        misuse("double free");
    if (h->tag != tag_of(h, TAG_USED))
        misuse("bad pointer");
    return h;
}

/* The block size that holds n bytes of payload, or 0 if none can. */
static size_t block_size(size_t n)
{
    size_t size;

    if (n > SIZE_MAX - sizeof(struct header) - ALIGN)
        return 0;
    size = (n + sizeof(struct header) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

static void *block_end(const void *b)
{
    return (char *)b + ((const struct header *)b)->size;
}

static void mark(struct header *h, size_t size, uintptr_t kind)
{
    h->size = size;
    h->tag = tag_of(h, kind);
}

/* Puts block b (of b->h.size bytes) on the free list, merged with the free
 * blocks it touches. */
static void insert_free(struct free_block *b)
{
    struct free_block *prev = NULL;
    struct free_block *next = free_list;

    while (next != NULL && next < b) {
        prev = next;
        next = next->next;
    }
    mark(&b->h, b->h.size, TAG_FREE);
    b->next = next;
    if (next != NULL && block_end(b) == next) {
        b->h.size += next->h.size;
        b->next = next->next;
    }
    if (prev == NULL) {
        free_list = b;
    } else if (block_end(prev) == b) {
        prev->h.size += b->h.size;
        prev->next = b->next;
    } else {
        prev->next = b;
    }
}

/* Hands [base, base + size) to the heap, trimmed inward to ALIGN. Regions
 * under MIN_BLOCK + ALIGN bytes are dropped, which also keeps end above start. */
static void add_region(void *base, size_t size)
{
    uintptr_t start = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t end = ((uintptr_t)base + size) & ~(uintptr_t)(ALIGN - 1);
    struct free_block *b = (struct free_block *)start;

    if (size < MIN_BLOCK + ALIGN || end - start < MIN_BLOCK)
        return;
    b->h.size = end - start;
    insert_free(b);
}

/* Takes the first free block of at least size bytes off the list, returning
 * any tail big enough to be a block to the list; NULL if none fits. */
static struct header *take_first_fit(size_t size)
{
    struct free_block **link = &free_list;
    struct free_block *b;

    while (*link != NULL && (*link)->h.size < size)
        link = &(*link)->next;
    b = *link;
    if (b == NULL)
        return NULL;
    if (b->h.size - size >= MIN_BLOCK) {
        struct free_block *tail = (struct free_block *)((char *)b + size);

        mark(&tail->h, b->h.size - size, TAG_FREE);
        tail->next = b->next;
        *link = tail;
        b->h.size = size;
    } else {
        *link = b->next;
    }
    mark(&b->h, b->h.size, TAG_USED);
    return &b->h;
}

/* Asks the grow hook for a region that holds a block of size bytes. */
static void grow(size_t size)
{
    size_t got = 0;
    void *region;

    if (grow_hook == NULL || size > SIZE_MAX - ALIGN)
        return;
    region = grow_hook(size + ALIGN, &got);   /* + ALIGN: room to align it */
    if (region != NULL)
        add_region(region, got);
}

void malloc_init(void *base, size_t size)
{
    free_list = NULL;
    add_region(base, size);
}

void malloc_set_grow(malloc_grow_fn *grow_fn)
{
    grow_hook = grow_fn;
}

void *malloc(size_t n)
{
    size_t size = block_size(n);
    struct header *h;

    if (size == 0)
        return NULL;
    h = take_first_fit(size);
    if (h == NULL) {
        grow(size);
        h = take_first_fit(size);
    }
    return h == NULL ? NULL : h + 1;
}

void free(void *p)
{
    if (p != NULL)
        insert_free((struct free_block *)used_header(p));
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    p = malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

/* Cuts used block h down to size bytes when the rest can be a block of its
 * own, and frees the rest. */
static void shrink(struct header *h, size_t size)
{
    struct header *tail;

    if (h->size - size < MIN_BLOCK)
        return;
    tail = (struct header *)((char *)h + size);
    mark(tail, h->size - size, TAG_USED);
    h->size = size;
    free(tail + 1);
}

/* Grows used block h to at least size bytes by taking in the free block right
 * after it, if there is one and it is big enough. */
static int grow_in_place(struct header *h, size_t size)
{
    struct free_block **link = &free_list;
    struct free_block *next;

    while (*link != NULL && (void *)*link < block_end(h))
        link = &(*link)->next;
    next = *link;
    if (next != block_end(h) || h->size + next->h.size < size)
        return 0;
    *link = next->next;
    h->size += next->h.size;
    shrink(h, size);
    return 1;
}

void *realloc(void *p, size_t n)
{
    size_t size = block_size(n);
    struct header *h;
    void *moved;

    if (p == NULL)
        return malloc(n);
    if (n == 0) {
        free(p);
        return NULL;
    }
    h = used_header(p);
    if (size == 0)
        return NULL;    /* n is too large for any block */
    if (h->size >= size) {
        shrink(h, size);
        return p;
    }
    if (grow_in_place(h, size))
        return p;
    moved = malloc(n);
    if (moved != NULL) {
        memcpy(moved, p, h->size - sizeof(struct header));
        free(p);
    }
    return moved;
}
