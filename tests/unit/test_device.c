/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the device pool's arithmetic (userland/lib/cairn/device.c):
 * which region a request comes from or why none, and the pads that fill the
 * gap up to it, checked against the kernel's placement rule (each object at
 * the next multiple of its size after the watermark). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <cairn/device.h>

/* device.c's stubs name the IPC buffer; nothing here makes a system call. */
struct cairn_ipc_buffer *cairn_ipc_buffer;

#define MIB (1ull << 20)

/* The kernel's placement: where a 2^bits object goes after `watermark`. */
static uint64_t placed_at(uint64_t watermark, unsigned bits)
{
    uint64_t size = 1ull << bits;

    return (watermark + size - 1) / size * size;
}

/* Carve pads from `base` + `carved` up to `pa` as device_vmo does; each must
 * land where the pool counts it, and they must fill the gap exactly. */
static unsigned pads_to(uint64_t base, uint64_t carved, uint64_t pa)
{
    uint64_t at = base + carved;
    unsigned pads = 0;

    while (at < pa) {
        unsigned bits = device_pad_bits(at, pa);

        assert_in_range(bits, DEVICE_VMO_MIN_BITS, DEVICE_VMO_MAX_BITS);
        assert_int_equal(placed_at(at, bits), at);
        at += 1ull << bits;
        pads++;
    }
    assert_int_equal(at, pa);
    return pads;
}

static void test_pad_bits(void **state)
{
    (void)state;
    assert_int_equal(device_pad_bits(0x100000, 0x101000), 12);
    assert_int_equal(device_pad_bits(0x100000, 0x200000), 20);
    assert_int_equal(device_pad_bits(0x100000, 0x1ff000), 19);   /* must end by `end` */
    assert_int_equal(device_pad_bits(0x101000, 0x10000000), 12); /* must be aligned */
    assert_int_equal(device_pad_bits(0x102000, 0x10000000), 13);
    assert_int_equal(device_pad_bits(0, 1ull << 45), DEVICE_VMO_MAX_BITS);
}

/* The goldfish RTC of QEMU's riscv64 virt machine: one pad below it. */
static void test_pads_below_rtc(void **state)
{
    (void)state;
    assert_int_equal(pads_to(0x100000, 0, 0x101000), 1);
    assert_int_equal(pads_to(0x10000000, 0, 0x10000000), 0);
}

/* Every page of a 16 MiB region from every page before it: the pads fit
 * the kernel's placement, and there are few (one per set bit of the gap at
 * most twice over: up to an alignment, then down to the end). */
static void test_pads_everywhere(void **state)
{
    const uint64_t base = 16 * MIB, pages = 16 * MIB / 4096;

    (void)state;
    for (uint64_t from = 0; from < pages; from += 61) {
        for (uint64_t to = from; to < pages; to++) {
            unsigned pads = pads_to(base, from * 4096, base + to * 4096);

            assert_true(pads <= 2 * 12);
        }
    }
}

static struct device_pool three_regions(void)
{
    struct device_pool p;

    device_pool_init(&p);
    assert_true(device_pool_add(&p, 100, 0x100000, 20));
    assert_true(device_pool_add(&p, 101, 0x10000000, 28));
    assert_true(device_pool_add(&p, 102, 0x200000, 21));
    return p;
}

static void test_region_found(void **state)
{
    struct device_pool p = three_regions();
    uint32_t i = 99;

    (void)state;
    assert_int_equal(device_region_for(&p, 0x101000, 12, &i), CAIRN_ERR_OK);
    assert_int_equal(i, 0);
    assert_int_equal(device_region_for(&p, 0x10000000, 12, &i), CAIRN_ERR_OK);
    assert_int_equal(i, 1);
    assert_int_equal(device_region_for(&p, 0x3ff000, 12, &i), CAIRN_ERR_OK);   /* last page */
    assert_int_equal(i, 2);
    assert_int_equal(device_region_for(&p, 0x10000000, 28, &i), CAIRN_ERR_OK); /* all of it */
    assert_int_equal(i, 1);
}

static void test_region_errors(void **state)
{
    struct device_pool p = three_regions();
    uint32_t i = 99;

    (void)state;
    assert_int_equal(device_region_for(&p, 0x100000, 11, &i), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(device_region_for(&p, 0, 40, &i), CAIRN_ERR_RANGE_ERROR);
    assert_int_equal(device_region_for(&p, 0x100800, 12, &i), CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(device_region_for(&p, 0x101000, 13, &i), CAIRN_ERR_ALIGNMENT_ERROR);
    assert_int_equal(device_region_for(&p, 0xff000, 12, &i), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(device_region_for(&p, 0x400000, 12, &i), CAIRN_ERR_LOOKUP_EMPTY);
    assert_int_equal(device_region_for(&p, 0, 22, &i), CAIRN_ERR_LOOKUP_EMPTY);   /* spans two */
    assert_int_equal(device_region_for(&p, 0, 29, &i), CAIRN_ERR_LOOKUP_EMPTY);   /* bigger than any */
    assert_int_equal(i, 99);
}

/* Within a region, requests go up: below what was carved is refused. */
static void test_region_order(void **state)
{
    struct device_pool p = three_regions();
    uint32_t i = 99;

    (void)state;
    p.region[0].carved = 0x2000;   /* a pad and the page at 0x101000 */
    assert_int_equal(device_region_for(&p, 0x101000, 12, &i), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(device_region_for(&p, 0x100000, 12, &i), CAIRN_ERR_ILLEGAL_OPERATION);
    assert_int_equal(device_region_for(&p, 0x102000, 12, &i), CAIRN_ERR_OK);
    assert_int_equal(i, 0);
    assert_int_equal(pads_to(0x100000, p.region[0].carved, 0x180000), 6);   /* 2^13 .. 2^18 */
}

static void test_pool_full(void **state)
{
    struct device_pool p;

    (void)state;
    device_pool_init(&p);
    for (unsigned n = 0; n < DEVICE_POOL_MAX; n++)
        assert_true(device_pool_add(&p, n, (uint64_t)n << 20, 20));
    assert_false(device_pool_add(&p, 999, 0xfff00000, 20));
    assert_int_equal(p.count, DEVICE_POOL_MAX);
}

/* Only the device untyped of a startup block go in, with their slots. */
static void test_add_given(void **state)
{
    struct cairn_startup *s = calloc(1, sizeof(*s) + 4 * sizeof(s->caps[0]));
    struct device_pool p;

    (void)state;
    s->cap_count = 4;
    s->caps[0] = (struct cairn_startup_cap){ .slot = 8, .base = 0x80000000, .type = CAIRN_OBJ_UNTYPED,
                                             .size_bits = 24 };
    s->caps[1] = (struct cairn_startup_cap){ .slot = 9, .base = 0x100000, .type = CAIRN_OBJ_UNTYPED,
                                             .size_bits = 20, .is_device = 1 };
    s->caps[2] = (struct cairn_startup_cap){ .slot = 10, .type = CAIRN_OBJ_IRQ_CONTROL };
    s->caps[3] = (struct cairn_startup_cap){ .slot = 11, .base = 0x10000000, .type = CAIRN_OBJ_UNTYPED,
                                             .size_bits = 28, .is_device = 1 };
    device_pool_init(&p);
    assert_int_equal(device_pool_add_given(&p, s), 2);
    assert_int_equal(p.region[0].untyped, 9);
    assert_int_equal(p.region[0].base, 0x100000);
    assert_int_equal(p.region[1].untyped, 11);
    assert_int_equal(p.region[1].size_bits, 28);
    assert_int_equal(p.region[1].carved, 0);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pad_bits),
        cmocka_unit_test(test_pads_below_rtc),
        cmocka_unit_test(test_pads_everywhere),
        cmocka_unit_test(test_region_found),
        cmocka_unit_test(test_region_errors),
        cmocka_unit_test(test_region_order),
        cmocka_unit_test(test_pool_full),
        cmocka_unit_test(test_add_given),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
