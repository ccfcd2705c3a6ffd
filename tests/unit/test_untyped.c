/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of untyped retype (kernel/untyped.c), over slots and memory in host memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "untyped.h"

/*
 * A radix-4 CNode whose 60-bit guard is zero, so CPtr n names slot n: the
 * caller's CSpace root. Slot SLOT_DEST holds a second, radix-3 CNode. The
 * untyped covers a 64 KiB region, the device untyped 8 KiB, both naturally
 * aligned.
 */
enum {
    SLOT_EP = 1, SLOT_CNODE = 3, SLOT_UNTYPED = 4, SLOT_VMO = 5, SLOT_DEVICE = 6,
    SLOT_DEST = 7,
};
#define REGION_BITS 16
#define DEVICE_BITS 13
static struct slot cnode[16], before[16];
static struct slot dest[8], dest_before[8];
static _Alignas(1 << REGION_BITS) uint8_t region[1 << REGION_BITS];
static _Alignas(1 << DEVICE_BITS) uint8_t device[1 << DEVICE_BITS];
static uint8_t region_before[sizeof(region)];
static struct cap root;

static paddr_t pa(const void *p)
{
    return (paddr_t)(uintptr_t)p;
}

static paddr_t at(unsigned i)
{
    return pa(&cnode[i]);
}

static void snapshot(void)
{
    memcpy(before, cnode, sizeof(cnode));
    memcpy(dest_before, dest, sizeof(dest));
    memcpy(region_before, region, sizeof(region));
}

static int setup(void **state)
{
    (void)state;
    memset(cnode, 0, sizeof(cnode));
    memset(dest, 0, sizeof(dest));
    memset(region, 0xaa, sizeof(region));
    memset(device, 0xaa, sizeof(device));
    root = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = 4,
                         .guard_bits = 60, .object = pa(cnode) };
    cnode[SLOT_CNODE].cap = root;
    cnode[SLOT_EP].cap = (struct cap){ .type = CAIRN_OBJ_ENDPOINT, .rights = CAIRN_RIGHTS_ALL,
                                       .object = 0x10000 };
    cnode[SLOT_UNTYPED].cap = (struct cap){ .type = CAIRN_OBJ_UNTYPED,
                                            .rights = CAIRN_RIGHTS_ALL,
                                            .size_bits = REGION_BITS, .object = pa(region) };
    cnode[SLOT_VMO].cap = (struct cap){ .type = CAIRN_OBJ_VMO, .rights = CAIRN_RIGHTS_ALL,
                                        .size_bits = 12, .object = 0x20000, .badge = 1 };
    cnode[SLOT_DEVICE].cap = (struct cap){ .type = CAIRN_OBJ_UNTYPED,
                                           .rights = CAIRN_RIGHTS_ALL, .size_bits = DEVICE_BITS,
                                           .is_device = 1, .object = pa(device) };
    cnode[SLOT_DEST].cap = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL,
                                         .size_bits = 3, .object = pa(dest) };
    snapshot();
    return 0;
}

/* Retype from the untyped in slot `from` into `count` slots from `offset`
 * of the caller's root CNode (root = SLOT_CNODE, depth 0). */
static cairn_error_t retype_from(unsigned from, uint64_t type, uint64_t size_bits,
                                 uint64_t offset, uint64_t count)
{
    uint64_t w[] = { type, size_bits, SLOT_CNODE, 0, 0, offset, count };
    return untyped_invoke(&root, at(from), CAIRN_LABEL_UNTYPED_RETYPE, w, 7);
}

static cairn_error_t retype(uint64_t type, uint64_t size_bits, uint64_t offset, uint64_t count)
{
    return retype_from(SLOT_UNTYPED, type, size_bits, offset, count);
}

/* Retype with every argument given, from the untyped in SLOT_UNTYPED. */
static cairn_error_t retype_to(uint64_t type, uint64_t size_bits, uint64_t root_cptr,
                               uint64_t index, uint64_t depth, uint64_t offset, uint64_t count)
{
    uint64_t w[] = { type, size_bits, root_cptr, index, depth, offset, count };
    return untyped_invoke(&root, at(SLOT_UNTYPED), CAIRN_LABEL_UNTYPED_RETYPE, w, 7);
}

static void assert_unchanged(void)
{
    assert_memory_equal(cnode, before, sizeof(cnode));
    assert_memory_equal(dest, dest_before, sizeof(dest));
    assert_memory_equal(region, region_before, sizeof(region));
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t value)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != value)
            return false;
    return true;
}

static void capability_errors_change_nothing(void **state)
{
    uint64_t w[] = { CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, 0, 0, 8, 1 };

    (void)state;
    /* Not an untyped capability: another type, an empty slot. */
    assert_int_equal(untyped_invoke(&root, at(SLOT_VMO), CAIRN_LABEL_UNTYPED_RETYPE, w, 7),
                     CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(untyped_invoke(&root, at(9), CAIRN_LABEL_UNTYPED_RETYPE, w, 7),
                     CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(untyped_invoke(&root, at(SLOT_UNTYPED), 2, w, 7), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(untyped_invoke(&root, at(SLOT_UNTYPED), 0, w, 7), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(untyped_invoke(&root, at(SLOT_UNTYPED), CAIRN_LABEL_UNTYPED_RETYPE, w, 6),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_int_equal(untyped_invoke(&root, at(SLOT_UNTYPED), CAIRN_LABEL_UNTYPED_RETYPE, w, 0),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
    assert_unchanged();
    /* Without MANAGE. */
    cnode[SLOT_UNTYPED].cap.rights = CAIRN_RIGHTS_ALL & ~CAIRN_RIGHT_MANAGE;
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 1), CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_unchanged();
}

static void argument_errors_change_nothing(void **state)
{
    (void)state;
    /* Types that are never retyped, and numbers that are no type at all. */
    assert_int_equal(retype(CAP_TYPE_NULL, 0, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype(CAIRN_OBJ_IRQ_CONTROL, 0, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype(CAIRN_OBJ_IRQ_HANDLER, 0, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype(CAIRN_OBJ_IO_PORT_CONTROL, 0, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype(CAIRN_OBJ_MAX + 1, 0, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    /* Fixed-size types take no size. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, CAIRN_ENDPOINT_SIZE_BITS, 8, 1),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype(CAIRN_OBJ_TCB, 1, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    /* Variable sizes within the spec's bounds. */
    assert_int_equal(retype(CAIRN_OBJ_VMO, CAIRN_VMO_MIN_BITS - 1, 8, 1), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_VMO, CAIRN_VMO_MAX_BITS + 1, 8, 1), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, CAIRN_UNTYPED_MIN_BITS - 1, 8, 1),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, CAIRN_UNTYPED_MAX_BITS + 1, 8, 1),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_CNODE, 0, 8, 1), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_CNODE, CAIRN_CNODE_MAX_BITS + 1, 8, 1),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_VMO, 256, 8, 1), CAIRN_ERR_INVALID_ARGUMENT);
    /* At least one object, and the count is a u16. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 0), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 65536), CAIRN_ERR_INVALID_ARGUMENT);
    /* Device memory only becomes VMOs. */
    assert_int_equal(retype_from(SLOT_DEVICE, CAIRN_OBJ_ENDPOINT, 0, 8, 1),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype_from(SLOT_DEVICE, CAIRN_OBJ_UNTYPED, 12, 8, 1),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(retype_from(SLOT_DEVICE, CAIRN_OBJ_CNODE, 2, 8, 1),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_unchanged();
}

static void destination_errors_change_nothing(void **state)
{
    (void)state;
    /* Slots past the end of the CNode, including offsets that would wrap. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 15, 2), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 16, 1), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, UINT64_MAX, 1), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, UINT64_MAX - 14, 16), CAIRN_ERR_RANGE_ERROR);
    /* An occupied slot, first or in the middle of the range. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, SLOT_EP, 1), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 0, 2), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 0, 16), CAIRN_ERR_DELETE_FIRST);
    /* The untyped's own slot is not empty either. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, SLOT_UNTYPED, 1), CAIRN_ERR_DELETE_FIRST);
    /* `root` must name a CNode. */
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_VMO, 0, 0, 0, 1),
                     CAIRN_ERR_LOOKUP_NOT_CNODE);
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, 9, 0, 0, 0, 1), CAIRN_ERR_LOOKUP_EMPTY);
    /* So must the slot `index` names from it. */
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, SLOT_VMO, 64, 0, 1),
                     CAIRN_ERR_LOOKUP_NOT_CNODE);
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, 9, 64, 0, 1),
                     CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, SLOT_DEST, 63, 0, 1),
                     CAIRN_ERR_LOOKUP_DEPTH);
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, 1ull << 40 | SLOT_DEST, 64, 0,
                               1),
                     CAIRN_ERR_LOOKUP_GUARD);
    /* The destination CNode has 8 slots. */
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, SLOT_DEST, 64, 4, 5),
                     CAIRN_ERR_RANGE_ERROR);
    assert_unchanged();
}

static void memory_errors_change_nothing(void **state)
{
    (void)state;
    /* Larger than the whole region, or two of the whole region. */
    assert_int_equal(retype(CAIRN_OBJ_VMO, REGION_BITS + 1, 8, 1),
                     CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, REGION_BITS, 8, 2),
                     CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_unchanged();
    /* Half the region taken: three more 16 KiB objects do not fit. */
    assert_int_equal(retype(CAIRN_OBJ_VMO, 14, 8, 2), CAIRN_ERR_OK);
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_VMO, 14, 10, 3), CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_unchanged();
    /* After an endpoint, 16 KiB objects start on the next 16 KiB boundary:
     * 32 KiB less the endpoint are left, but two of them do not fit. */
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 10, 1), CAIRN_ERR_OK);
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_VMO, 14, 11, 2), CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_unchanged();
    assert_int_equal(retype(CAIRN_OBJ_VMO, 14, 11, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[11].cap.object, pa(region) + 3 * 16384);
    assert_int_equal(cnode[11].cap.badge, 4);    /* 16 KiB: four pages */
    assert_int_equal(cnode[10].cap.badge, 0);    /* an endpoint is born unbadged */
    /* A watermark past the end (never made by the kernel) is no room at all. */
    cnode[SLOT_UNTYPED].cap.watermark = UINT64_MAX;
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 12, 1), CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_unchanged();
}

/* Cannot happen in a real tree, but refused rather than trusted. */
static void damaged_untyped_is_refused(void **state)
{
    (void)state;
    cnode[SLOT_UNTYPED].depth = UINT64_MAX;
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 1), CAIRN_ERR_RANGE_ERROR);
    assert_unchanged();
    cnode[SLOT_UNTYPED].depth = 0;
    cnode[SLOT_UNTYPED].cap.size_bits = CAIRN_UNTYPED_MAX_BITS + 1;
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 1), CAIRN_ERR_INVALID_CAPABILITY);
    assert_unchanged();
    cnode[SLOT_UNTYPED].cap.size_bits = REGION_BITS;
    cnode[SLOT_UNTYPED].next = at(9);   /* an empty slot: not in any list */
    snapshot();
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 9, 1), CAIRN_ERR_INVALID_CAPABILITY);
    assert_unchanged();
}

static void objects_are_zeroed_with_full_capabilities(void **state)
{
    (void)state;
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 8, 2), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 2; i++) {
        const struct cap *c = &cnode[8 + i].cap;

        assert_int_equal(c->type, CAIRN_OBJ_VMO);
        assert_int_equal(c->rights, CAIRN_RIGHTS_ALL);
        assert_int_equal(c->size_bits, 12);
        assert_int_equal(c->object, pa(region) + i * 4096);
        assert_int_equal(c->is_device, 0);
        assert_int_equal(c->guard_bits, 0);
        assert_int_equal(c->badge, 1);   /* a VMO's size in pages */
        assert_int_equal(c->watermark, 0);
    }
    assert_true(all_bytes(region, 8192, 0));
    assert_true(all_bytes(region + 8192, sizeof(region) - 8192, 0xaa));
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, 8192);
}

static void fixed_size_objects_take_their_spec_size(void **state)
{
    static const struct { uint8_t type, bits; } fixed[] = {
        { CAIRN_OBJ_TCB, CAIRN_TCB_SIZE_BITS },
        { CAIRN_OBJ_ENDPOINT, CAIRN_ENDPOINT_SIZE_BITS },
        { CAIRN_OBJ_NOTIFICATION, CAIRN_NOTIFICATION_SIZE_BITS },
    };

    (void)state;
    for (unsigned i = 0; i < ARRAY_SIZE(fixed); i++) {
        uint64_t mark = cnode[SLOT_UNTYPED].cap.watermark;
        uint64_t size = (uint64_t)1 << fixed[i].bits;
        uint64_t start = (mark + size - 1) / size * size;

        assert_int_equal(retype(fixed[i].type, 0, 8 + i, 1), CAIRN_ERR_OK);
        assert_int_equal(cnode[8 + i].cap.type, fixed[i].type);
        assert_int_equal(cnode[8 + i].cap.size_bits, 0);
        assert_int_equal(cnode[8 + i].cap.object, pa(region) + start);
        assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, start + size);
        assert_true(all_bytes(region + start, size, 0));
    }
}

static void objects_are_naturally_aligned(void **state)
{
    (void)state;
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.object, pa(region));
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, 1u << CAIRN_ENDPOINT_SIZE_BITS);
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 9, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.object, pa(region) + 4096);
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, 8192);
    /* The gap stays as it was: nothing was carved there. */
    assert_true(all_bytes(region + (1u << CAIRN_ENDPOINT_SIZE_BITS), 4096 - (1u << CAIRN_ENDPOINT_SIZE_BITS), 0xaa));
    /* Several at once sit back to back. */
    assert_int_equal(retype(CAIRN_OBJ_NOTIFICATION, 0, 10, 3), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(cnode[10 + i].cap.object,
                         pa(region) + 8192 + (i << CAIRN_NOTIFICATION_SIZE_BITS));
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, 8192 + (3u << CAIRN_NOTIFICATION_SIZE_BITS));
}

static void consecutive_retypes_never_overlap(void **state)
{
    static const struct { uint8_t type, size_bits; } order[] = {
        { CAIRN_OBJ_NOTIFICATION, 0 }, { CAIRN_OBJ_CNODE, 2 }, { CAIRN_OBJ_ENDPOINT, 0 },
        { CAIRN_OBJ_TCB, 0 }, { CAIRN_OBJ_UNTYPED, 4 }, { CAIRN_OBJ_VMO, 13 },
        { CAIRN_OBJ_VSPACE, 13 },
    };
    uint64_t end = 0;

    (void)state;
    for (unsigned i = 0; i < ARRAY_SIZE(order); i++) {
        const struct cap *c = &cnode[8 + i].cap;
        uint64_t mark, size;

        assert_int_equal(retype(order[i].type, order[i].size_bits, 8 + i, 1), CAIRN_ERR_OK);
        mark = cnode[SLOT_UNTYPED].cap.watermark;
        size = mark - (c->object - pa(region));
        assert_true(c->object - pa(region) >= end);
        assert_int_equal(c->object % size, 0);
        assert_true(mark <= sizeof(region));
        end = mark;
    }
    /* The CNode's size counts its 64-byte slots. */
    assert_int_equal(cnode[9].cap.size_bits, 2);
    assert_int_equal(cnode[10].cap.object - cnode[9].cap.object, 4 * sizeof(struct slot));
}

static void retype_continues_after_the_watermark_while_children_live(void **state)
{
    (void)state;
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 8, 1), CAIRN_ERR_OK);
    assert_true(cdt_has_children(at(SLOT_UNTYPED)));
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 9, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.object, pa(region) + 4096);
    /* Deleting one child leaves the other: its memory is still in use. */
    cdt_remove(at(9));
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 9, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.object, pa(region) + 8192);
}

static void retype_starts_over_when_no_children_are_left(void **state)
{
    (void)state;
    /* A watermark without children: everything carved before is gone. */
    cnode[SLOT_UNTYPED].cap.watermark = 0x8000;
    assert_int_equal(retype(CAIRN_OBJ_VMO, 12, 8, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.object, pa(region));
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, 4096);
    /* The whole region again, once its only child is deleted. */
    memset(region, 0xaa, sizeof(region));
    cdt_remove(at(8));
    assert_false(cdt_has_children(at(SLOT_UNTYPED)));
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, REGION_BITS, 8, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[8].cap.object, pa(region));
    assert_int_equal(cnode[8].cap.size_bits, REGION_BITS);
    assert_int_equal(cnode[SLOT_UNTYPED].cap.watermark, sizeof(region));
}

static void untyped_is_not_zeroed_but_what_is_carved_from_it_is(void **state)
{
    (void)state;
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, 13, 8, 2), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.object, pa(region) + 8192);
    assert_true(all_bytes(region, sizeof(region), 0xaa));
    assert_int_equal(retype_from(9, CAIRN_OBJ_VMO, 12, 10, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[10].cap.object, pa(region) + 8192);
    assert_true(all_bytes(region + 8192, 4096, 0));
    assert_true(all_bytes(region, 8192, 0xaa));
    assert_true(all_bytes(region + 8192 + 4096, sizeof(region) - 8192 - 4096, 0xaa));
}

static void device_memory_becomes_device_vmos_unzeroed(void **state)
{
    (void)state;
    assert_int_equal(retype_from(SLOT_DEVICE, CAIRN_OBJ_VMO, 12, 8, 2), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(cnode[8 + i].cap.type, CAIRN_OBJ_VMO);
        assert_int_equal(cnode[8 + i].cap.is_device, 1);
        assert_int_equal(cnode[8 + i].cap.object, pa(device) + i * 4096);
    }
    assert_true(all_bytes(device, sizeof(device), 0xaa));
    assert_int_equal(cnode[SLOT_DEVICE].cap.watermark, sizeof(device));
    assert_memory_equal(region, region_before, sizeof(region));
}

static void new_capabilities_are_children_of_the_untyped(void **state)
{
    (void)state;
    assert_false(cdt_has_children(at(SLOT_UNTYPED)));
    assert_int_equal(retype(CAIRN_OBJ_ENDPOINT, 0, 8, 3), CAIRN_ERR_OK);
    assert_true(cdt_has_children(at(SLOT_UNTYPED)));
    /* Each went in right after the untyped, one level below it. */
    assert_int_equal(cnode[SLOT_UNTYPED].next, at(10));
    assert_int_equal(cnode[10].next, at(9));
    assert_int_equal(cnode[9].next, at(8));
    assert_int_equal(cnode[8].next, 0);
    assert_int_equal(cnode[8].prev, at(9));
    assert_int_equal(cnode[10].prev, at(SLOT_UNTYPED));
    for (unsigned i = 8; i < 11; i++)
        assert_int_equal(cnode[i].depth, cnode[SLOT_UNTYPED].depth + 1);
}

static void destinations_resolve_through_the_cspace(void **state)
{
    (void)state;
    /* index and depth from root: the CNode in SLOT_DEST. */
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_CNODE, SLOT_DEST, 64, 6, 2),
                     CAIRN_ERR_OK);
    assert_int_equal(dest[6].cap.type, CAIRN_OBJ_ENDPOINT);
    assert_int_equal(dest[7].cap.object, pa(region) + (1u << CAIRN_ENDPOINT_SIZE_BITS));
    /* depth 0: root itself, here SLOT_DEST named directly. */
    assert_int_equal(retype_to(CAIRN_OBJ_ENDPOINT, 0, SLOT_DEST, 0, 0, 0, 1), CAIRN_ERR_OK);
    assert_int_equal(dest[0].cap.object, pa(region) + (2u << CAIRN_ENDPOINT_SIZE_BITS));
    /* A new CNode is empty and can take objects at once. */
    assert_int_equal(retype(CAIRN_OBJ_CNODE, 1, 8, 1), CAIRN_ERR_OK);
    /* after the three endpoints, at the next boundary of its 128 bytes */
    assert_int_equal(cnode[8].cap.object, pa(region) + (((3u << CAIRN_ENDPOINT_SIZE_BITS) + 127) & ~127u));
    assert_int_equal(retype_to(CAIRN_OBJ_NOTIFICATION, 0, 8, 0, 0, 0, 2), CAIRN_ERR_OK);
    assert_int_equal(((struct slot *)(uintptr_t)cnode[8].cap.object)[1].cap.type,
                     CAIRN_OBJ_NOTIFICATION);
    /* A new untyped can be retyped in its turn. */
    assert_int_equal(retype(CAIRN_OBJ_UNTYPED, 12, 9, 1), CAIRN_ERR_OK);
    assert_int_equal(cnode[9].cap.object, pa(region) + 4096);
    assert_int_equal(retype_from(9, CAIRN_OBJ_TCB, 0, 10, 2), CAIRN_ERR_OK);
    assert_int_equal(cnode[11].cap.object, pa(region) + 4096 + 2048);
    assert_int_equal(cnode[9].cap.watermark, 4096);
    assert_true(cdt_has_children(at(9)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(capability_errors_change_nothing, setup),
        cmocka_unit_test_setup(argument_errors_change_nothing, setup),
        cmocka_unit_test_setup(destination_errors_change_nothing, setup),
        cmocka_unit_test_setup(memory_errors_change_nothing, setup),
        cmocka_unit_test_setup(damaged_untyped_is_refused, setup),
        cmocka_unit_test_setup(objects_are_zeroed_with_full_capabilities, setup),
        cmocka_unit_test_setup(fixed_size_objects_take_their_spec_size, setup),
        cmocka_unit_test_setup(objects_are_naturally_aligned, setup),
        cmocka_unit_test_setup(consecutive_retypes_never_overlap, setup),
        cmocka_unit_test_setup(retype_continues_after_the_watermark_while_children_live, setup),
        cmocka_unit_test_setup(retype_starts_over_when_no_children_are_left, setup),
        cmocka_unit_test_setup(untyped_is_not_zeroed_but_what_is_carved_from_it_is, setup),
        cmocka_unit_test_setup(device_memory_becomes_device_vmos_unzeroed, setup),
        cmocka_unit_test_setup(new_capabilities_are_children_of_the_untyped, setup),
        cmocka_unit_test_setup(destinations_resolve_through_the_cspace, setup),
    };
    return cmocka_run_group_tests_name("untyped", tests, NULL, NULL);
}
