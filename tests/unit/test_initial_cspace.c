/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the initial CSpace (kernel/initial_cspace.c) over a fake physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch.h"
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "initial_cspace.h"

#define MIB (1024ull * 1024)

/* The CNode's "physical address" is a host pointer: here, this array. */
static struct slot cnode_memory[INITIAL_SLOTS];

static struct boot_info bi;
static struct pmm pmm;
static struct initial_cspace cs;

static void add_ram(paddr_t base, uint64_t size)
{
    bi.ram[bi.ram_count].base = base;
    bi.ram[bi.ram_count].size = size;
    bi.ram_count++;
    assert_int_equal(pmm_add(&pmm, base, size), PMM_OK);
}

static int setup(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    memset(&cs, 0, sizeof(cs));
    memset(cnode_memory, 0x5a, sizeof(cnode_memory));   /* memory is not zero at boot */
    pmm_init(&pmm);
    return 0;
}

static void create(void)
{
    initial_cspace_create(&pmm, &bi, (paddr_t)(uintptr_t)cnode_memory, &cs);
}

static const struct cap *slot_cap(uint32_t n)
{
    return &cnode_memory[n].cap;
}

static void pc_like_map_is_covered_exactly(void **state)
{
    uint64_t free_bytes, sum = 0;

    (void)state;
    add_ram(0, 0x9fc00);                 /* low memory, ends mid-page */
    add_ram(MIB, 511 * MIB);
    assert_int_equal(pmm_reserve(&pmm, 2 * MIB, 300 * 1024), PMM_OK);   /* "the kernel" */
    free_bytes = pmm_free_bytes(&pmm);
    create();

    assert_int_equal(pmm.count, 0);                  /* everything handed over */
    assert_int_equal(cs.lost_bytes, 0);
    assert_int_equal(cs.untyped_bytes, free_bytes);
    assert_int_equal(cs.next_slot, CAIRN_INITIAL_FIRST_UNTYPED + cs.untyped_caps + cs.device_caps);
    for (uint32_t i = CAIRN_INITIAL_FIRST_UNTYPED; i < cs.next_slot; i++) {
        const struct cap *c = slot_cap(i);
        uint64_t size = pow2[c->size_bits];

        assert_int_equal(c->type, CAIRN_OBJ_UNTYPED);
        assert_int_equal(c->object % size, 0);           /* naturally aligned */
        assert_true(c->size_bits >= PAGE_BITS);
        if (!c->is_device) {
            sum += size;
            assert_false(c->object < 2 * MIB + 300 * 1024 && c->object + size > 2 * MIB);
        } else {
            /* device blocks lie in the holes: the ROM hole or above 512 MiB */
            assert_true((c->object >= 0xa0000 && c->object + size <= MIB) ||
                        c->object >= 512 * MIB);
        }
    }
    assert_int_equal(sum, free_bytes);
    assert_int_equal(cs.device_bytes, (MIB - 0xa0000) + ((1ull << 40) - 512 * MIB));
}

static void fixed_slots_and_root(void **state)
{
    paddr_t s = 0;

    (void)state;
    add_ram(0x80000000, 64 * MIB);
    create();
    assert_int_equal(slot_cap(CAIRN_SLOT_NULL)->type, CAP_TYPE_NULL);
    assert_int_equal(slot_cap(CAIRN_SLOT_TCB)->type, CAP_TYPE_NULL);   /* later issues */
    assert_int_equal(slot_cap(CAIRN_SLOT_IRQ_CONTROL)->type, CAIRN_OBJ_IRQ_CONTROL);
    assert_int_equal(slot_cap(CAIRN_SLOT_CNODE)->type, CAIRN_OBJ_CNODE);
    assert_int_equal(slot_cap(CAIRN_SLOT_CNODE)->object, (paddr_t)(uintptr_t)cnode_memory);
    for (uint32_t i = cs.next_slot; i < INITIAL_SLOTS; i++)
        assert_int_equal(slot_cap(i)->type, CAP_TYPE_NULL);   /* cleared, not left as found */
    /* CPtr n names slot n through the root's guard. */
    assert_int_equal(cspace_lookup(&cs.root, CAIRN_SLOT_IRQ_CONTROL, &s), CAIRN_ERR_OK);
    assert_ptr_equal(slot_at(s), &cnode_memory[CAIRN_SLOT_IRQ_CONTROL]);
    assert_int_equal(cspace_lookup(&cs.root, CAIRN_INITIAL_FIRST_UNTYPED, &s), CAIRN_ERR_OK);
    assert_int_equal(slot_at(s)->cap.type, CAIRN_OBJ_UNTYPED);
    assert_int_equal(cspace_lookup(&cs.root, 1ull << 40, &s), CAIRN_ERR_LOOKUP_GUARD);
    /* One 64 MiB block of RAM, aligned: a single untyped. */
    assert_int_equal(cs.untyped_caps, 1);
    assert_int_equal(slot_cap(CAIRN_INITIAL_FIRST_UNTYPED)->size_bits, 26);
}

static void many_small_ranges_each_get_their_own_cap(void **state)
{
    (void)state;
    /* One-page ranges at odd places: each needs a cap of its own, and the holes
     * between them take hundreds of device caps, all within the slots. */
    for (uint32_t i = 0; i < PMM_MAX_REGIONS; i++)
        add_ram((paddr_t)i * 2 * MIB + 4096, 4096);
    create();
    assert_int_equal(cs.untyped_caps, PMM_MAX_REGIONS);
    assert_true(cs.next_slot <= INITIAL_SLOTS);
    assert_int_equal(cs.lost_bytes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(pc_like_map_is_covered_exactly, setup),
        cmocka_unit_test_setup(fixed_slots_and_root, setup),
        cmocka_unit_test_setup(many_small_ranges_each_get_their_own_cap, setup),
    };
    return cmocka_run_group_tests_name("initial_cspace", tests, NULL, NULL);
}
