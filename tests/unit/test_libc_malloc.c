/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of userland/lib's heap (malloc.c): a model of the live blocks
 * checks alignment, bounds, overlap and contents; misuse must abort. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "libc_console.h"

#define HEAP_SIZE (256u * 1024u)
#define HEADER 16u          /* bytes malloc keeps before each block */
#define SLOTS 64

static _Alignas(16) unsigned char heap[2 * HEAP_SIZE];   /* the second half: for the grow hook */

/* What the test believes is allocated: pointer, size, and the byte it holds. */
static struct live {
    unsigned char *p;
    size_t size;
    unsigned char fill;
} live[SLOTS];

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int setup(void **state)
{
    (void)state;
    malloc_init(heap, HEAP_SIZE);
    malloc_set_grow(NULL);
    memset(live, 0, sizeof(live));
    return 0;
}

static int in_heap(const unsigned char *p, size_t size)
{
    return p >= heap + HEADER && p + size <= heap + sizeof(heap);
}

/* Every live block: aligned, inside the heap, holding its fill byte, and
 * apart from every other. */
static void check_model(void)
{
    for (int i = 0; i < SLOTS; i++) {
        if (live[i].p == NULL)
            continue;
        assert_int_equal((uintptr_t)live[i].p % 16, 0);
        assert_true(in_heap(live[i].p, live[i].size));
        for (size_t k = 0; k < live[i].size; k++)
            assert_int_equal(live[i].p[k], live[i].fill);
        for (int j = i + 1; j < SLOTS; j++) {
            if (live[j].p != NULL)
                assert_true(live[i].p + live[i].size + HEADER <= live[j].p ||
                            live[j].p + live[j].size + HEADER <= live[i].p);
        }
    }
}

static void free_everything(void)
{
    for (int i = 0; i < SLOTS; i++) {
        free(live[i].p);
        live[i].p = NULL;
    }
}

/* With nothing allocated, the heap must be one free block again: the whole
 * region but one header fits in a single allocation. */
static void assert_heap_whole(size_t size)
{
    void *all = malloc(size - HEADER);

    assert_non_null(all);
    assert_ptr_equal(all, heap + HEADER);
    assert_null(malloc(1));
    free(all);
}

static size_t random_size(void)
{
    uint64_t r = next_random();

    return r % 8 == 0 ? (size_t)(r >> 8) % 20000 : (size_t)(r >> 8) % 300;
}

static void allocate(struct live *l, size_t size)
{
    l->p = malloc(size);
    if (l->p == NULL)
        return;
    l->size = size;
    l->fill = (unsigned char)next_random();
    memset(l->p, l->fill, size);
}

/* realloc keeps the old bytes up to the smaller size; on failure it leaves
 * the block as it was; to size 0 it frees. */
static void reallocate(struct live *l, size_t size)
{
    unsigned char *p = realloc(l->p, size);
    size_t kept = size < l->size ? size : l->size;

    if (size == 0) {
        assert_null(p);
        l->p = NULL;
        return;
    }
    if (p == NULL)
        return;
    for (size_t k = 0; k < kept; k++)
        assert_int_equal(p[k], l->fill);
    l->p = p;
    l->size = size;
    memset(p, l->fill, size);
}

static void random_operation(void)
{
    struct live *l = &live[next_random() % SLOTS];
    uint64_t choice = next_random() % 8;

    if (l->p == NULL) {
        allocate(l, random_size());
    } else if (choice < 3) {
        free(l->p);
        l->p = NULL;
    } else {
        reallocate(l, choice == 3 ? 0 : random_size());
    }
}

static void random_sequences_match_the_model(void **state)
{
    (void)state;
    for (int round = 0; round < 4; round++) {
        for (int op = 0; op < 5000; op++) {
            random_operation();
            if (op % 64 == 0)
                check_model();
        }
        check_model();
        free_everything();
        assert_heap_whole(HEAP_SIZE);
    }
}

static void blocks_are_aligned_and_distinct(void **state)
{
    unsigned char *p[40];

    (void)state;
    for (size_t n = 0; n < 40; n++) {
        p[n] = malloc(n);
        assert_non_null(p[n]);
        assert_int_equal((uintptr_t)p[n] % 16, 0);
        if (n > 0)
            assert_true(p[n] != p[n - 1]);
        memset(p[n], 0x5a, n);
    }
    for (size_t n = 0; n < 40; n++)
        free(p[n]);
    assert_heap_whole(HEAP_SIZE);
}

static void out_of_memory_returns_null(void **state)
{
    void *p[HEAP_SIZE / 1024 + 1];      /* 1000 bytes take 1024 with the header */
    size_t n = 0;

    (void)state;
    assert_null(malloc(HEAP_SIZE));
    assert_null(malloc(SIZE_MAX));
    assert_null(malloc(SIZE_MAX - 8));
    while ((p[n] = malloc(1000)) != NULL)
        n++;
    assert_int_equal(n, HEAP_SIZE / 1024);
    assert_null(malloc(1000));
    while (n > 0)
        free(p[--n]);
    assert_heap_whole(HEAP_SIZE);
}

static void calloc_zeroes_and_checks_overflow(void **state)
{
    unsigned char *p;

    (void)state;
    p = malloc(4096);
    memset(p, 0xaa, 4096);
    free(p);
    p = calloc(1024, 4);
    assert_non_null(p);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(p[i], 0);
    free(p);
    assert_null(calloc(SIZE_MAX / 2 + 1, 2));
    assert_null(calloc((size_t)1 << 33, (size_t)1 << 33));
    assert_null(calloc(2, SIZE_MAX / 2 + 1));
    p = calloc(0, 16);
    assert_non_null(p);
    free(p);
    assert_heap_whole(HEAP_SIZE);
}

static void realloc_edges(void **state)
{
    unsigned char *p;
    unsigned char *q;

    (void)state;
    free(NULL);
    p = realloc(NULL, 100);             /* malloc */
    assert_non_null(p);
    memset(p, 7, 100);
    assert_null(realloc(p, 0));         /* free */
    assert_heap_whole(HEAP_SIZE);

    p = malloc(100);
    memset(p, 7, 100);
    q = realloc(p, 5000);               /* the free space after p: grows in place */
    assert_ptr_equal(q, p);
    assert_int_equal(q[99], 7);
    assert_null(realloc(q, HEAP_SIZE)); /* too big: q stays */
    assert_int_equal(q[0], 7);
    q = realloc(q, 10);                 /* shrinks in place */
    assert_ptr_equal(q, p);
    free(q);
    assert_heap_whole(HEAP_SIZE);
}

/* Shrinking gives the tail back; so does growing in place, beyond what it needs. */
static void realloc_returns_what_it_does_not_need(void **state)
{
    unsigned char *p = malloc(HEAP_SIZE - HEADER);      /* the whole heap */
    unsigned char *tail;

    (void)state;
    assert_non_null(p);
    assert_ptr_equal(realloc(p, 100), p);               /* keeps a 128-byte block */
    tail = malloc(HEAP_SIZE - 128 - HEADER);
    assert_ptr_equal(tail, p + 128);
    free(tail);
    assert_ptr_equal(realloc(p, 1000), p);              /* keeps 1024 bytes */
    tail = malloc(HEAP_SIZE - 1024 - HEADER);
    assert_ptr_equal(tail, p + 1024);
    free(tail);
    free(p);
    assert_heap_whole(HEAP_SIZE);
}

/* A block that cannot grow in place moves, with its contents. */
static void realloc_moves_when_blocked(void **state)
{
    unsigned char *p = malloc(64);
    unsigned char *wall = malloc(16);
    unsigned char *q;

    (void)state;
    for (int i = 0; i < 64; i++)
        p[i] = (unsigned char)i;
    q = realloc(p, 1000);
    assert_true(q != p);
    for (int i = 0; i < 64; i++)
        assert_int_equal(q[i], i);
    free(wall);
    free(q);
    assert_heap_whole(HEAP_SIZE);
}

static size_t grow_calls;
static size_t grow_asked;

/* Hands out the second half of heap[], right after the first: it merges. */
static void *grow_next_half(size_t at_least, size_t *got)
{
    grow_calls++;
    grow_asked = at_least;
    if (grow_calls > 1 || at_least > HEAP_SIZE)
        return NULL;
    *got = HEAP_SIZE;
    return heap + HEAP_SIZE;
}

static void grow_hook_extends_the_heap(void **state)
{
    void *first;
    void *second;

    (void)state;
    grow_calls = 0;
    malloc_set_grow(grow_next_half);
    first = malloc(HEAP_SIZE / 2);
    assert_int_equal(grow_calls, 0);
    second = malloc(HEAP_SIZE - 64);
    assert_non_null(second);
    assert_int_equal(grow_calls, 1);
    assert_true(grow_asked >= HEAP_SIZE - 64 + HEADER);
    assert_null(malloc(HEAP_SIZE));     /* the hook has nothing more */
    assert_int_equal(grow_calls, 2);
    free(first);
    free(second);
    assert_heap_whole(2 * HEAP_SIZE);
}

static void *double_free_target;

static void double_free(void)
{
    free(double_free_target);
}

static void realloc_of_freed(void)
{
    (void)realloc(double_free_target, 10);
}

static void free_of_wild_pointer(void)
{
    free(heap + 4096 + HEADER);
}

static void free_of_misaligned_pointer(void)
{
    free((unsigned char *)double_free_target + 8);
}

/* A used block's header copied into another block's payload: not a block. */
static void free_of_copied_header(void)
{
    unsigned char *real = malloc(64);
    unsigned char *other = malloc(64);

    memcpy(other + HEADER, real - HEADER, HEADER);
    free(other + 2 * HEADER);
}

static void expect_abort(void (*fn)(void), const char *message)
{
    int sig = console_run_child(fn);

    assert_true(sig == SIGILL || sig == SIGTRAP);
    assert_string_equal(console_out, message);
}

static void misuse_aborts_with_a_message(void **state)
{
    (void)state;
    double_free_target = malloc(32);
    expect_abort(free_of_misaligned_pointer, "malloc: bad pointer\nabort\n");
    free(double_free_target);
    expect_abort(double_free, "malloc: double free\nabort\n");
    expect_abort(realloc_of_freed, "malloc: double free\nabort\n");
    memset(heap + 4096, 0, 2 * HEADER);
    expect_abort(free_of_wild_pointer, "malloc: bad pointer\nabort\n");
    expect_abort(free_of_copied_header, "malloc: bad pointer\nabort\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(random_sequences_match_the_model, setup),
        cmocka_unit_test_setup(blocks_are_aligned_and_distinct, setup),
        cmocka_unit_test_setup(out_of_memory_returns_null, setup),
        cmocka_unit_test_setup(calloc_zeroes_and_checks_overflow, setup),
        cmocka_unit_test_setup(realloc_edges, setup),
        cmocka_unit_test_setup(realloc_returns_what_it_does_not_need, setup),
        cmocka_unit_test_setup(realloc_moves_when_blocked, setup),
        cmocka_unit_test_setup(grow_hook_extends_the_heap, setup),
        cmocka_unit_test_setup(misuse_aborts_with_a_message, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
