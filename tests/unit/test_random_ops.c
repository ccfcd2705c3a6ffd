/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A randomized test of the capability core: at least 100,000 invocations of
 * retype, copy, mint, move, delete and revoke with random arguments (most of
 * them failing, which must change nothing), checking after every step that
 * the derivation tree is well formed and that rights only shrink along it,
 * and every 64 steps that no two objects share memory unless one is an
 * untyped region holding the other. At the end, revoking the original
 * untyped must give all of its memory back.
 *
 * CAIRN_RANDOM_SEED and CAIRN_RANDOM_STEPS override the defaults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "cnode_invoke.h"
#include "untyped.h"

enum { RADIX = 8, SLOTS = 1 << RADIX, SLOT_ROOT = 1, SLOT_UNTYPED = 2, REGION_BITS = 16 };
static struct slot cnode[SLOTS];
static _Alignas(1 << REGION_BITS) uint8_t region[1 << REGION_BITS];
static struct cap root;
static uint64_t rng;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint64_t below(uint64_t n)
{
    return next_random() % n;
}

static paddr_t pa(const void *p)
{
    return (paddr_t)(uintptr_t)p;
}

static uint64_t object_bytes(const struct cap *c)
{
    switch (c->type) {
    case CAIRN_OBJ_UNTYPED:
    case CAIRN_OBJ_VMO:
    case CAIRN_OBJ_VSPACE:
        return (uint64_t)1 << c->size_bits;
    case CAIRN_OBJ_CNODE:
    case CAP_TYPE_ZOMBIE:
        return (uint64_t)1 << (c->size_bits + SLOT_SIZE_BITS);
    case CAIRN_OBJ_TCB:
        return (uint64_t)1 << CAIRN_TCB_SIZE_BITS;
    default:
        return (uint64_t)1 << CAIRN_ENDPOINT_SIZE_BITS;
    }
}

/* Every slot the test can reach: the root CNode's, then those of every
 * CNode (or zombie) carved from the region. */
static size_t all_slots(struct slot **out, size_t max)
{
    size_t n = 0;

    for (unsigned i = 0; i < SLOTS && n < max; i++)
        out[n++] = &cnode[i];
    for (size_t i = 0; i < n; i++) {
        const struct cap *c = &out[i]->cap;

        if ((c->type != CAIRN_OBJ_CNODE && c->type != CAP_TYPE_ZOMBIE) || c->object == pa(cnode))
            continue;
        /* Each CNode once: only through its first capability in the list. */
        if (out[i]->prev != 0) {
            const struct cap *p = &((struct slot *)(uintptr_t)out[i]->prev)->cap;
            if (p->object == c->object && (p->type == CAIRN_OBJ_CNODE || p->type == CAP_TYPE_ZOMBIE))
                continue;
        }
        for (uint64_t k = 0; k < ((uint64_t)1 << c->size_bits) && n < max; k++)
            out[n++] = (struct slot *)(uintptr_t)(c->object + (k << SLOT_SIZE_BITS));
    }
    return n;
}

static struct slot *reach[SLOTS * 64];

/* Following `next` from every list head visits every capability exactly
 * once: the lists are acyclic and cover every non-empty slot. */
static void check_lists(uint64_t step, size_t n)
{
    size_t capabilities = 0, listed = 0;

    for (size_t i = 0; i < n; i++) {
        if (reach[i]->cap.type == CAP_TYPE_NULL)
            continue;
        capabilities++;
        if (reach[i]->prev != 0)
            continue;
        for (const struct slot *q = reach[i]; q != NULL;
             q = (const struct slot *)(uintptr_t)q->next) {
            if (++listed > n)
                fail_msg("step %llu: the list from %p has a cycle", (unsigned long long)step,
                         (void *)reach[i]);
        }
    }
    if (listed != capabilities)
        fail_msg("step %llu: the lists hold %zu capabilities, the slots %zu",
                 (unsigned long long)step, listed, capabilities);
}

/* The derivation tree is well formed (spec/acsl/cdt_logic.h, and the whole
 * list, which the proofs do not cover): doubly linked through non-empty
 * slots, neighbours distinct, each slot at most one level deeper than the
 * one before it, acyclic; rights never grow from a capability to its
 * descendants that name the same object. */
static void check_tree(uint64_t step)
{
    size_t n = all_slots(reach, sizeof(reach) / sizeof(reach[0]));

    check_lists(step, n);
    for (size_t i = 0; i < n; i++) {
        const struct slot *s = reach[i];
        const struct slot *p = (const struct slot *)(uintptr_t)s->prev;
        const struct slot *q = (const struct slot *)(uintptr_t)s->next;

        if (s->cap.type == CAP_TYPE_NULL) {
            if (s->prev != 0 || s->next != 0)
                fail_msg("step %llu: empty slot %p is linked", (unsigned long long)step, (void *)s);
            continue;
        }
        if (p != NULL && (p->next != pa(s) || p->cap.type == CAP_TYPE_NULL))
            fail_msg("step %llu: bad prev link at %p", (unsigned long long)step, (void *)s);
        if (q != NULL && (q->prev != pa(s) || q->cap.type == CAP_TYPE_NULL))
            fail_msg("step %llu: bad next link at %p", (unsigned long long)step, (void *)s);
        if (p == s || q == s || (p != NULL && p == q))
            fail_msg("step %llu: neighbours of %p not distinct", (unsigned long long)step, (void *)s);
        if (q != NULL && q->depth > s->depth + 1)
            fail_msg("step %llu: depth jumps by more than one after %p", (unsigned long long)step,
                     (void *)s);
        /* The parent is the nearest slot before with a smaller depth. */
        while (p != NULL && p->depth >= s->depth)
            p = (const struct slot *)(uintptr_t)p->prev;
        if (p != NULL && p->cap.object == s->cap.object && p->cap.type == s->cap.type &&
            (s->cap.rights & p->cap.rights) != s->cap.rights)
            fail_msg("step %llu: rights grew at %p (type %u rights %#x depth %llu; parent %p "
                     "rights %#x depth %llu)", (unsigned long long)step, (void *)s, s->cap.type,
                     s->cap.rights, (unsigned long long)s->depth, (const void *)p, p->cap.rights,
                     (unsigned long long)p->depth);
    }
}

static const struct cap *held[SLOTS * 64];

/* No two different objects overlap unless an untyped region holds the other. */
static void check_memory(uint64_t step)
{
    size_t n = all_slots(reach, sizeof(reach) / sizeof(reach[0])), m = 0;

    for (size_t i = 0; i < n; i++) {
        const struct cap *c = &reach[i]->cap;

        if (c->type != CAP_TYPE_NULL && c->object >= pa(region) &&
            c->object < pa(region) + sizeof(region))
            held[m++] = c;
    }
    for (size_t i = 0; i < m; i++) {
        const struct cap *a = held[i];

        for (size_t j = i + 1; j < m; j++) {
            const struct cap *b = held[j];
            uint64_t ea = a->object + object_bytes(a), eb = b->object + object_bytes(b);

            if ((a->object == b->object && a->type == b->type) || ea <= b->object ||
                eb <= a->object)
                continue;
            if (a->type == CAIRN_OBJ_UNTYPED && a->object <= b->object && eb <= ea)
                continue;
            if (b->type == CAIRN_OBJ_UNTYPED && b->object <= a->object && ea <= eb)
                continue;
            fail_msg("step %llu: objects at %#llx and %#llx overlap", (unsigned long long)step,
                     (unsigned long long)a->object, (unsigned long long)b->object);
        }
    }
}

static const uint8_t creatable[] = { CAIRN_OBJ_UNTYPED, CAIRN_OBJ_CNODE, CAIRN_OBJ_ENDPOINT,
                                     CAIRN_OBJ_NOTIFICATION, CAIRN_OBJ_VMO, CAIRN_OBJ_TCB };

static cairn_error_t random_retype(void)
{
    uint64_t slot = below(SLOTS);
    uint8_t type = creatable[below(sizeof(creatable))];
    uint64_t size = 0;
    uint64_t w[7];

    if (type == CAIRN_OBJ_UNTYPED)
        size = 4 + below(10);
    else if (type == CAIRN_OBJ_CNODE)
        size = 1 + below(2);
    else if (type == CAIRN_OBJ_VMO)
        size = 12;
    w[0] = type;
    w[1] = size;
    w[2] = SLOT_ROOT;   /* the destination CNode: the root itself */
    w[3] = 0;
    w[4] = 0;
    w[5] = below(SLOTS);
    w[6] = 1 + below(3);
    return untyped_invoke(&root, pa(&cnode[slot]), CAIRN_LABEL_UNTYPED_RETYPE, w, 7);
}

/* Delete and move leave the root's own capability and the original untyped alone. */
static uint64_t movable_slot(void)
{
    uint64_t s;

    do
        s = below(SLOTS);
    while (s == SLOT_ROOT || s == SLOT_UNTYPED);
    return s;
}

/* A copy into a CNode carved from the region, so that CNodes hold
 * capabilities and deleting their last capability has work to do. */
static cairn_error_t copy_into_child_cnode(uint64_t *w)
{
    const struct cap *c = &cnode[below(SLOTS)].cap;

    if (c->type != CAIRN_OBJ_CNODE || c->object == pa(cnode))
        return CAIRN_ERR_INVALID_CAPABILITY;
    w[0] = below((uint64_t)1 << c->size_bits);
    w[1] = c->size_bits;
    return cnode_invoke(&root, c, CAIRN_LABEL_CNODE_COPY, w, 6);
}

static cairn_error_t random_invocation(void)
{
    uint64_t w[7] = { movable_slot(), 64, SLOT_ROOT, below(SLOTS), 64, below(1u << 5),
                      below(4) };
    uint32_t r = (uint32_t)below(100);

    if (r < 30)
        return random_retype();
    if (r < 45)
        return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, w, 6);
    if (r < 55)
        return copy_into_child_cnode(w);
    if (r < 65)
        return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_MINT, w, 7);
    if (r < 75) {
        w[3] = movable_slot();
        return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_MOVE, w, 5);
    }
    if (r < 92)
        return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_DELETE, w, 2);
    w[0] = below(1000) == 0 ? SLOT_UNTYPED : below(SLOTS);
    return cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_REVOKE, w, 2);
}

static uint64_t env_or(const char *name, uint64_t fallback)
{
    const char *v = getenv(name);

    return v != NULL ? strtoull(v, NULL, 0) : fallback;
}

static void revoke_all(uint64_t slot)
{
    uint64_t w[] = { slot, 64 };
    cairn_error_t err;
    unsigned rounds = 0;

    do
        err = cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_REVOKE, w, 2);
    while (err == CAIRN_ERR_PREEMPTED && ++rounds < 1000);
    assert_int_equal(err, CAIRN_ERR_OK);
}

static void test_random_operations(void **state)
{
    uint64_t steps = env_or("CAIRN_RANDOM_STEPS", 100000);
    uint64_t ok = 0, whole[7] = { CAIRN_OBJ_VMO, REGION_BITS, SLOT_ROOT, 0, 0, 0, 1 };

    (void)state;
    rng = env_or("CAIRN_RANDOM_SEED", 0x5eed5eedull) | 1;
    root = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = RADIX,
                         .guard_bits = 64 - RADIX, .object = pa(cnode) };
    cnode[SLOT_ROOT].cap = root;
    cnode[SLOT_UNTYPED].cap = (struct cap){ .type = CAIRN_OBJ_UNTYPED, .rights = CAIRN_RIGHTS_ALL,
                                            .size_bits = REGION_BITS, .object = pa(region) };
    for (uint64_t step = 0; step < steps; step++) {
        if (random_invocation() == CAIRN_ERR_OK)
            ok++;
        check_tree(step);
        if (step % 64 == 0)
            check_memory(step);
    }
    print_message("%llu of %llu invocations succeeded (seed %#llx)\n", (unsigned long long)ok,
                  (unsigned long long)steps, (unsigned long long)env_or("CAIRN_RANDOM_SEED",
                                                                         0x5eed5eedull));
    assert_true(ok > steps / 10);

    /* Revoking the original untyped gives all of its memory back: the
     * whole region can be retyped again as one object. */
    revoke_all(SLOT_UNTYPED);
    check_tree(steps);
    for (unsigned i = 0; i < SLOTS; i++) {
        const struct cap *c = &cnode[i].cap;
        if (c->type != CAP_TYPE_NULL && i != SLOT_UNTYPED)
            assert_true(c->type == CAIRN_OBJ_CNODE && c->object == pa(cnode));
    }
    assert_false(cdt_has_children(pa(&cnode[SLOT_UNTYPED])));
    for (whole[5] = 0; cnode[whole[5]].cap.type != CAP_TYPE_NULL; whole[5]++)
        ;
    assert_int_equal(untyped_invoke(&root, pa(&cnode[SLOT_UNTYPED]), CAIRN_LABEL_UNTYPED_RETYPE,
                                    whole, 7),
                     CAIRN_ERR_OK);
    assert_int_equal(cnode[whole[5]].cap.object, pa(region));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_operations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
