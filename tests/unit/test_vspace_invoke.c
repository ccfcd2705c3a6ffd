/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the VSpace bookkeeping (kernel/vspace_invoke.c, asid.c, the
 * range walk of vspace.c) over the model page tables of pt_model.c: map and
 * unmap through capabilities, the exact count of tables a range needs,
 * address-space ids, and what deleting a capability undoes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "cdt.h"
#include "cnode_invoke.h"
#include "pt_model.h"
#include "vmo.h"
#include "vspace_invoke.h"

/* A radix-4 root CNode whose 60-bit guard is zero: CPtr n names slot n. */
enum { SLOT_VMO = 1, SLOT_VMO_RO = 2, SLOT_COPY = 3, SLOT_EMPTY = 4, SLOT_VS = 5, SLOT_VS2 = 6,
       SLOT_SHORT = 7 };
#define VS_BITS 15u    /* root, bookkeeping, 6 pool pages */
#define VMO_BITS 14u   /* 4 pages */
#define VA 0x40000000ull

static struct slot cnode[16];
static struct cap root;
static uint8_t vs_mem[1u << VS_BITS] __attribute__((aligned(1u << VS_BITS)));
static uint8_t vs2_mem[1u << VS_BITS] __attribute__((aligned(1u << VS_BITS)));
static uint8_t vmo_mem[1u << VMO_BITS] __attribute__((aligned(1u << VMO_BITS)));

static paddr_t pa(const void *p)
{
    return (paddr_t)(uintptr_t)p;
}

/* A capability as retype makes it: a VMO's badge word is its page count. */
static struct cap object_cap(uint8_t type, const void *object, uint8_t bits, uint8_t rights)
{
    return (struct cap){ .type = type, .rights = rights, .size_bits = bits, .object = pa(object),
                         .badge = type == CAIRN_OBJ_VMO ? (1ull << bits) / 4096 : 0 };
}

static struct vspace *header(const uint8_t *vs)
{
    return arch_vspace_at(pa(vs) + VSPACE_HEADER_OFFSET);
}

static int setup(void **state)
{
    (void)state;
    memset(cnode, 0, sizeof(cnode));
    memset(vs_mem, 0, sizeof(vs_mem));
    memset(vs2_mem, 0, sizeof(vs2_mem));
    memset(asid_roots, 0, sizeof(asid_roots));
    pt_model_flushes = 0;
    root = (struct cap){ .type = CAIRN_OBJ_CNODE, .rights = CAIRN_RIGHTS_ALL, .size_bits = 4,
                         .guard_bits = 60, .object = pa(cnode) };
    cnode[SLOT_VMO].cap = object_cap(CAIRN_OBJ_VMO, vmo_mem, VMO_BITS, CAIRN_RIGHTS_ALL);
    cnode[SLOT_VMO_RO].cap = object_cap(CAIRN_OBJ_VMO, vmo_mem, VMO_BITS, CAIRN_RIGHT_READ);
    cnode[SLOT_VS].cap = object_cap(CAIRN_OBJ_VSPACE, vs_mem, VS_BITS, CAIRN_RIGHTS_ALL);
    cnode[SLOT_VS2].cap = object_cap(CAIRN_OBJ_VSPACE, vs2_mem, VS_BITS, CAIRN_RIGHTS_ALL);
    return 0;
}

static cairn_error_t map_in(unsigned vs, uint64_t vmo, uint64_t offset, uint64_t length,
                            uint64_t va, uint64_t rights)
{
    uint64_t w[] = { vmo, offset, length, va, rights };
    return vspace_invoke(&root, &cnode[vs].cap, CAIRN_LABEL_VSPACE_MAP, w, 5);
}

static cairn_error_t map(uint64_t vmo, uint64_t length, uint64_t va, uint64_t rights)
{
    return map_in(SLOT_VS, vmo, 0, length, va, rights);
}

static cairn_error_t unmap_in(unsigned vs, uint64_t vmo)
{
    uint64_t w[] = { vmo };
    return vspace_invoke(&root, &cnode[vs].cap, CAIRN_LABEL_VSPACE_UNMAP, w, 1);
}

static pte_t translate(uint64_t va)
{
    return pt_model_translate(pa(vs_mem), va);
}

static void map_records_the_mapping_and_starts_the_vspace(void **state)
{
    const struct cap *vmo = &cnode[SLOT_VMO].cap;

    (void)state;
    assert_int_equal(map(SLOT_VMO, 0x4000, VA, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(translate(VA + i * 0x1000),
                         arch_pte_leaf(pa(vmo_mem) + i * 0x1000, MAP_READ | MAP_WRITE, false));
    assert_int_equal(translate(VA + 0x4000), 0);
    /* First use: an id, the kernel half filled, three tables from the pool. */
    assert_int_not_equal(header(vs_mem)->asid, 0);
    assert_int_equal(asid_roots[header(vs_mem)->asid], pa(vs_mem));
    assert_int_equal(((pte_t *)vs_mem)[PT_ENTRIES - 1], PT_MODEL_KERNEL_ENTRY);
    assert_int_equal(header(vs_mem)->pool.next, pa(vs_mem) + 5 * 0x1000);
    assert_int_equal(vmo->watermark, header(vs_mem)->asid * MAPPING_ASID_UNIT + VA + 4);
}

static void offset_and_rights_reach_the_entries(void **state)
{
    (void)state;
    assert_int_equal(map(SLOT_VMO_RO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(map_in(SLOT_VS, SLOT_VMO, 0x2000, 0x2000, VA + 0x10000,
                            CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE), CAIRN_ERR_OK);
    assert_int_equal(translate(VA), arch_pte_leaf(pa(vmo_mem), MAP_READ, false));
    assert_int_equal(translate(VA + 0x11000),
                     arch_pte_leaf(pa(vmo_mem) + 0x3000, MAP_READ | MAP_EXECUTE, false));
}

static void refused_maps_change_nothing(void **state)
{
    uint8_t before[sizeof(vs_mem)];
    struct slot cbefore[16];
    const uint64_t rwx = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE | CAIRN_RIGHT_EXECUTE;

    (void)state;
    memcpy(before, vs_mem, sizeof(vs_mem));
    memcpy(cbefore, cnode, sizeof(cnode));
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, rwx), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_WRITE), CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ | CAIRN_RIGHT_GRANT),
                     CAIRN_ERR_INVALID_ARGUMENT);
    assert_int_equal(map(SLOT_VMO_RO, 0x1000, VA, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    assert_int_equal(map(SLOT_VS2, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(map(SLOT_EMPTY, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(map(SLOT_VMO, 0x1000, VA + 8, CAIRN_RIGHT_READ), CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(map(SLOT_VMO, 0x1800, VA, CAIRN_RIGHT_READ), CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(map_in(SLOT_VS, SLOT_VMO, 0x800, 0x1000, VA, CAIRN_RIGHT_READ),
                     CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(map(SLOT_VMO, 0, VA, CAIRN_RIGHT_READ), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_VMO, 0x5000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map_in(SLOT_VS, SLOT_VMO, 0x4000, 0x1000, VA, CAIRN_RIGHT_READ),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map_in(SLOT_VS, SLOT_VMO, UINT64_MAX - 0xfff, 0x1000, VA, CAIRN_RIGHT_READ),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_VMO, 0x1000, PT_MODEL_USER_TOP, CAIRN_RIGHT_READ), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_VMO, 0x2000, PT_MODEL_USER_TOP - 0x1000, CAIRN_RIGHT_READ),
                     CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_VMO, 0x1000, 0xfffffffffffff000ull, CAIRN_RIGHT_READ),
                     CAIRN_ERR_RANGE_ERROR);
    cnode[SLOT_VS].cap.rights = CAIRN_RIGHT_READ;
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_INSUFFICIENT_RIGHTS);
    cnode[SLOT_VS].cap.rights = CAIRN_RIGHTS_ALL;
    assert_memory_equal(before, vs_mem, sizeof(vs_mem));
    assert_memory_equal(cbefore, cnode, sizeof(cnode));
}

static void one_mapping_per_capability_and_no_overlap(void **state)
{
    (void)state;
    assert_int_equal(map(SLOT_VMO, 0x2000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(map(SLOT_VMO, 0x1000, VA + 0x8000, CAIRN_RIGHT_READ), CAIRN_ERR_ILLEGAL_OPERATION);
    /* The second page of the range is taken: nothing of it is mapped. */
    assert_int_equal(map(SLOT_VMO_RO, 0x2000, VA - 0x1000, CAIRN_RIGHT_READ), CAIRN_ERR_DELETE_FIRST);
    assert_int_equal(translate(VA - 0x1000), 0);
    assert_int_equal(cnode[SLOT_VMO_RO].cap.watermark, 0);
}

static void unmap_clears_the_entries_and_the_record(void **state)
{
    (void)state;
    assert_int_equal(map(SLOT_VMO, 0x4000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    pt_model_flushes = 0;
    assert_int_equal(unmap_in(SLOT_VS2, SLOT_VMO), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(unmap_in(SLOT_VS, SLOT_VMO), CAIRN_ERR_OK);
    for (unsigned i = 0; i < 4; i++)
        assert_int_equal(translate(VA + i * 0x1000), 0);
    assert_int_equal(pt_model_flushes, 4);
    assert_int_equal(cnode[SLOT_VMO].cap.watermark, 0);
    assert_int_equal(unmap_in(SLOT_VS, SLOT_VMO), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(unmap_in(SLOT_VS, SLOT_VS2), CAIRN_ERR_INVALID_CAPABILITY);
    assert_int_equal(map(SLOT_VMO, 0x4000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
}

/* A stale record (its VSpace reused the id) only removes pages of its own VMO. */
static void unmap_leaves_other_frames_alone(void **state)
{
    (void)state;
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    cnode[SLOT_VMO_RO].cap.object = pa(vmo_mem) + 0x1000;
    cnode[SLOT_VMO_RO].cap.size_bits = 12;
    cnode[SLOT_VMO_RO].cap.watermark = cnode[SLOT_VMO].cap.watermark;
    vmo_unmap(&cnode[SLOT_VMO_RO].cap);
    assert_int_equal(translate(VA), arch_pte_leaf(pa(vmo_mem), MAP_READ, false));
    assert_int_equal(cnode[SLOT_VMO_RO].cap.watermark, 0);
}

/* A copy carries no mapping; deleting a mapped capability unmaps it. */
static void copies_are_unmapped_and_delete_unmaps(void **state)
{
    uint64_t copy[] = { SLOT_COPY, 64, 0, SLOT_VMO, 64, CAIRN_RIGHTS_ALL };
    uint64_t del[] = { SLOT_COPY, 64 };

    (void)state;
    cnode[0].cap = root;   /* the copy names its source through the root CNode at CPtr 0 */
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_COPY, copy, 6), CAIRN_ERR_OK);
    assert_int_equal(cnode[SLOT_COPY].cap.watermark, 0);
    assert_int_equal(map(SLOT_COPY, 0x1000, VA + 0x1000, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(cnode_invoke(&root, &root, CAIRN_LABEL_CNODE_DELETE, del, 2), CAIRN_ERR_OK);
    assert_int_equal(translate(VA + 0x1000), 0);
    assert_int_equal(translate(VA), arch_pte_leaf(pa(vmo_mem), MAP_READ, false));
}

/* The last capability to a VSpace frees its id: records naming it find nothing. */
static void deleting_a_vspace_frees_its_id(void **state)
{
    struct cap *vs = &cnode[SLOT_VS].cap;
    uint16_t asid;

    (void)state;
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    asid = header(vs_mem)->asid;
    vspace_cap_release(vs, false);   /* not the last capability: nothing happens */
    assert_int_equal(asid_roots[asid], pa(vs_mem));
    vspace_cap_release(vs, true);
    assert_int_equal(asid_roots[asid], 0);
    assert_int_equal(asid_root(asid), 0);
    vmo_unmap(&cnode[SLOT_VMO].cap);
    assert_int_equal(cnode[SLOT_VMO].cap.watermark, 0);
    /* The tables of the deleted VSpace are untouched by the stale unmapping. */
    assert_int_equal(translate(VA), arch_pte_leaf(pa(vmo_mem), MAP_READ, false));
}

/* The decode counts exactly the tables the perform takes from the pool. */
static void range_tables_counted_exactly(void **state)
{
    static const struct { uint64_t va, pages; } ranges[] = {
        { VA, 1 }, { VA + 0x1ff000, 2 }, { 0x7fffffe00000ull - 0x1000, 3 },
        { 0x8000000000ull - 0x2000, 4 }, { 0x3fffff000ull, 2 },
    };

    (void)state;
    for (unsigned i = 0; i < ARRAY_SIZE(ranges); i++) {
        static uint8_t big_vs[1u << 18] __attribute__((aligned(1u << 18)));
        struct cap big = object_cap(CAIRN_OBJ_VSPACE, big_vs, 18, CAIRN_RIGHTS_ALL);
        uint64_t w[] = { SLOT_VMO, 0, ranges[i].pages * 0x1000, ranges[i].va, CAIRN_RIGHT_READ };
        uint64_t tables = 99;
        paddr_t before;

        memset(big_vs, 0, sizeof(big_vs));
        cnode[SLOT_VMO].cap.watermark = 0;
        assert_int_equal(vspace_range_tables(pa(big_vs), ranges[i].va, ranges[i].pages, &tables),
                         CAIRN_ERR_OK);
        assert_int_equal(vspace_invoke(&root, &big, CAIRN_LABEL_VSPACE_MAP, w, 5), CAIRN_ERR_OK);
        before = pa(big_vs) + VSPACE_POOL_OFFSET;
        assert_int_equal(header(big_vs)->pool.next - before, tables * 0x1000);
        vmo_unmap(&cnode[SLOT_VMO].cap);
        vspace_cap_release(&big, true);
    }
}

static void a_pool_too_small_changes_nothing(void **state)
{
    static uint8_t small_vs[1u << 13] __attribute__((aligned(1u << 13)));
    struct cap small = object_cap(CAIRN_OBJ_VSPACE, small_vs, 13, CAIRN_RIGHTS_ALL);
    uint64_t w[] = { SLOT_VMO, 0, 0x1000, VA, CAIRN_RIGHT_READ };

    (void)state;
    memset(small_vs, 0, sizeof(small_vs));
    assert_int_equal(vspace_invoke(&root, &small, CAIRN_LABEL_VSPACE_MAP, w, 5),
                     CAIRN_ERR_NOT_ENOUGH_MEMORY);
    assert_int_equal(header(small_vs)->asid, 0);
    assert_int_equal(cnode[SLOT_VMO].cap.watermark, 0);
}

static void ids_run_out_and_come_back(void **state)
{
    (void)state;
    for (unsigned i = 1; i < ASID_COUNT; i++)
        assert_int_equal(asid_alloc(0x1000 * i), i);
    assert_false(asid_available());
    assert_int_equal(asid_alloc(0x5000), 0);
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_NOT_ENOUGH_MEMORY);
    asid_free(77);
    assert_true(asid_available());
    assert_int_equal(map(SLOT_VMO, 0x1000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(header(vs_mem)->asid, 77);
}

static void vmo_size_and_labels(void **state)
{
    uint64_t out[CAIRN_MSG_MAX_WORDS] = { 0 };
    uint32_t n = 9;

    (void)state;
    assert_int_equal(vmo_invoke(&cnode[SLOT_VMO_RO].cap, CAIRN_LABEL_VMO_SIZE, 0, 0, out, &n),
                     CAIRN_ERR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(out[0], 1u << VMO_BITS);
    assert_int_equal(vmo_invoke(&cnode[SLOT_VMO].cap, 42, 0, 0, out, &n), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(n, 0);
    assert_int_equal(vspace_invoke(&root, &cnode[SLOT_VS].cap, 42, out, 0), CAIRN_ERR_INVALID_LABEL);
    assert_int_equal(vspace_invoke(&root, &cnode[SLOT_VS].cap, CAIRN_LABEL_VSPACE_MAP, out, 4),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
}

/* vmo.write then vmo.read: the words land in the VMO's memory little-endian,
 * come back, and every refusal writes nothing. */
static void vmo_read_and_write(void **state)
{
    const uint64_t write[4] = { 0x108, 0x1122334455667788ull, 7, 0xffffffffffffffffull };
    const uint64_t read[2] = { 0x108, 3 };
    uint64_t out[CAIRN_MSG_MAX_WORDS] = { 0 }, bad[2];
    uint32_t n = 0;
    const struct cap *rw = &cnode[SLOT_VMO].cap, *ro = &cnode[SLOT_VMO_RO].cap;

    (void)state;
    memset(vmo_mem, 0, sizeof(vmo_mem));
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_WRITE, write, 4, out, &n), CAIRN_ERR_OK);
    assert_int_equal(vmo_mem[0x108], 0x88);
    assert_int_equal(vmo_mem[0x10f], 0x11);
    assert_int_equal(vmo_invoke(ro, CAIRN_LABEL_VMO_READ, read, 2, out, &n), CAIRN_ERR_OK);
    assert_int_equal(n, 3);
    assert_int_equal(out[0], write[1]);
    assert_int_equal(out[1], 7);
    assert_int_equal(out[2], write[3]);
    assert_int_equal(vmo_invoke(ro, CAIRN_LABEL_VMO_WRITE, write, 4, out, &n),
                     CAIRN_ERR_INSUFFICIENT_RIGHTS);
    bad[0] = 0x104;
    bad[1] = 1;
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_READ, bad, 2, out, &n), CAIRN_ERR_ALIGNMENT_ERROR);
    bad[0] = sizeof(vmo_mem) - 8;
    bad[1] = 2;
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_READ, bad, 2, out, &n), CAIRN_ERR_RANGE_ERROR);
    bad[1] = CAIRN_MSG_MAX_WORDS + 1;
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_READ, bad, 2, out, &n), CAIRN_ERR_INVALID_ARGUMENT);
    bad[0] = sizeof(vmo_mem) - 8;
    bad[1] = 5;
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_WRITE, bad, 3, out, &n), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(vmo_mem[sizeof(vmo_mem) - 8], 0);
    assert_int_equal(vmo_invoke(rw, CAIRN_LABEL_VMO_WRITE, write, 0, out, &n),
                     CAIRN_ERR_TRUNCATED_MESSAGE);
}

/* A VMO is as long as its page count, whatever its block: the kernel's boot
 * VMOs (initramfs, boot information) are not powers of two. A count no VMO
 * can have makes an empty VMO. */
static void a_vmo_is_as_long_as_its_pages(void **state)
{
    uint64_t out[CAIRN_MSG_MAX_WORDS] = { 0 }, read[2] = { 3 * 0x1000 - 8, 1 };
    uint32_t n = 0;
    struct cap *vmo = &cnode[SLOT_SHORT].cap;

    (void)state;
    *vmo = object_cap(CAIRN_OBJ_VMO, vmo_mem, 0, CAIRN_RIGHT_READ);
    vmo->badge = 3;
    assert_int_equal(vmo_invoke(vmo, CAIRN_LABEL_VMO_SIZE, 0, 0, out, &n), CAIRN_ERR_OK);
    assert_int_equal(out[0], 3 * 0x1000);
    assert_int_equal(vmo_invoke(vmo, CAIRN_LABEL_VMO_READ, read, 2, out, &n), CAIRN_ERR_OK);
    read[0] += 8;
    assert_int_equal(vmo_invoke(vmo, CAIRN_LABEL_VMO_READ, read, 2, out, &n), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_SHORT, 0x4000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(vmo->watermark, 0);
    assert_int_equal(map(SLOT_SHORT, 0x3000, VA, CAIRN_RIGHT_READ), CAIRN_ERR_OK);
    assert_int_equal(translate(VA + 0x2000), arch_pte_leaf(pa(vmo_mem) + 0x2000, MAP_READ, false));
    assert_int_equal(translate(VA + 0x3000), 0);
    vmo->watermark = 0;

    vmo->badge = VMO_MAX_PAGES + 1;
    assert_int_equal(vmo_invoke(vmo, CAIRN_LABEL_VMO_SIZE, 0, 0, out, &n), CAIRN_ERR_OK);
    assert_int_equal(out[0], 0);
    read[0] = 0;
    assert_int_equal(vmo_invoke(vmo, CAIRN_LABEL_VMO_READ, read, 2, out, &n), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(map(SLOT_SHORT, 0x1000, VA + 0x10000, CAIRN_RIGHT_READ), CAIRN_ERR_RANGE_ERROR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(map_records_the_mapping_and_starts_the_vspace, setup),
        cmocka_unit_test_setup(offset_and_rights_reach_the_entries, setup),
        cmocka_unit_test_setup(refused_maps_change_nothing, setup),
        cmocka_unit_test_setup(one_mapping_per_capability_and_no_overlap, setup),
        cmocka_unit_test_setup(unmap_clears_the_entries_and_the_record, setup),
        cmocka_unit_test_setup(unmap_leaves_other_frames_alone, setup),
        cmocka_unit_test_setup(copies_are_unmapped_and_delete_unmaps, setup),
        cmocka_unit_test_setup(deleting_a_vspace_frees_its_id, setup),
        cmocka_unit_test_setup(range_tables_counted_exactly, setup),
        cmocka_unit_test_setup(a_pool_too_small_changes_nothing, setup),
        cmocka_unit_test_setup(ids_run_out_and_come_back, setup),
        cmocka_unit_test_setup(vmo_size_and_labels, setup),
        cmocka_unit_test_setup(vmo_read_and_write, setup),
        cmocka_unit_test_setup(a_vmo_is_as_long_as_its_pages, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
