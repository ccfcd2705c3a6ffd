/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the multiboot2 parser (arch/x86_64/multiboot2.c) on hand-built blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "multiboot2.h"

#define BLOCK_PHYS 0x10000u
#define LIMIT_4G 0x100000000ull
#define LIMIT_512G (512ull << 30)   /* the x86_64 kernel's limit: one PML4 slot of direct map */

/* A multiboot2 block under construction: tags are appended at `off`. */
struct builder {
    uint8_t buf[16384] __attribute__((aligned(8)));
    uint32_t off;
};

static struct builder b;
static struct boot_info bi;
static struct mb2_error err;

static void put32(uint32_t off, uint32_t v)
{
    memcpy(b.buf + off, &v, 4);
}

static void put64(uint32_t off, uint64_t v)
{
    memcpy(b.buf + off, &v, 8);
}

static void start(void)
{
    memset(&b, 0, sizeof(b));
    b.off = MB2_HEADER_SIZE;
}

/* Appends a tag with `len` payload bytes (copied from `payload` when given); returns its offset. */
static uint32_t tag(uint32_t type, const void *payload, uint32_t len)
{
    uint32_t at = b.off;

    put32(at, type);
    put32(at + 4, 8 + len);
    if (payload)
        memcpy(b.buf + at + 8, payload, len);
    b.off = (at + 8 + len + 7) & ~7u;
    return at;
}

static uint32_t mmap_tag(uint32_t entry_size, uint32_t n, const uint64_t (*e)[3])
{
    uint32_t at = tag(MB2_TAG_MMAP, NULL, 8 + n * entry_size);
    uint32_t i;

    put32(at + 8, entry_size);
    for (i = 0; i < n; i++) {
        put64(at + 16 + i * entry_size, e[i][0]);
        put64(at + 16 + i * entry_size + 8, e[i][1]);
        put32(at + 16 + i * entry_size + 16, (uint32_t)e[i][2]);
    }
    return at;
}

static uint32_t module_tag(uint32_t start_pa, uint32_t end_pa)
{
    uint8_t p[16] = { 0 };

    memcpy(p, &start_pa, 4);
    memcpy(p + 4, &end_pa, 4);
    memcpy(p + 8, "initrd", 7);
    return tag(MB2_TAG_MODULE, p, 15);
}

static void one_ram_range(void)
{
    static const uint64_t ram[1][3] = { { 0x100000, 0x1000000, MB2_MMAP_RAM } };

    mmap_tag(24, 1, ram);
}

static uint32_t finish(void)
{
    tag(MB2_TAG_END, NULL, 0);
    put32(0, b.off);
    return b.off;
}

/* Parses a heap copy of exactly `len` bytes, so ASan sees any read past them. */
static enum mb2_status parse_len(size_t len, paddr_t phys, paddr_t limit)
{
    uint8_t *copy = malloc(len ? len : 1);
    struct mb2_source src = { copy, len, phys, limit };
    enum mb2_status s;

    assert_non_null(copy);
    memcpy(copy, b.buf, len);
    memset(&bi, 0xa5, sizeof(bi));
    bi.reserved_count = 0;
    s = mb2_parse(&src, &bi, &err);
    free(copy);
    assert_int_equal(err.status, s);
    assert_non_null(mb2_strerror(s));
    return s;
}

static enum mb2_status parse(void)
{
    return parse_len(finish(), BLOCK_PHYS, LIMIT_4G);
}

static void expect_error(enum mb2_status s, uint32_t tag_type, uint32_t offset, uint64_t value)
{
    assert_int_equal(err.status, s);
    assert_int_equal(err.tag, tag_type);
    assert_int_equal(err.offset, offset);
    assert_int_equal(err.value, value);
}

static void good_block_fills_everything(void **state)
{
    static const uint64_t ram[4][3] = {
        { 0x0, 0x9fc00, MB2_MMAP_RAM },
        { 0xf0000, 0x10000, 2 },
        { 0x100000, 0x1ff00000, MB2_MMAP_RAM },
        { 0x100000000ull, 0x40000000, MB2_MMAP_RAM },   /* past the limit: dropped */
    };
    uint8_t rsdp_new[36] = "RSD PTR new";
    uint8_t rsdp_old[20] = "RSD PTR old";
    uint8_t fb[24] = { 0 };
    uint64_t fb_addr = 0xfd000000;
    uint32_t fb_pitch = 4096, fb_w = 1024, fb_h = 768, new_at;
    uint32_t total;

    (void)state;
    start();
    tag(MB2_TAG_CMDLINE, "test fault-test", 16);
    tag(2, "GRUB 2.06", 10);                         /* loader name: ignored */
    module_tag(0x200000, 0x201234);
    module_tag(0x300000, 0x301000);
    mmap_tag(24, 4, ram);
    new_at = tag(MB2_TAG_ACPI_NEW, rsdp_new, 36);
    tag(MB2_TAG_ACPI_OLD, rsdp_old, 20);             /* after the new one: must not win */
    memcpy(fb, &fb_addr, 8);
    memcpy(fb + 8, &fb_pitch, 4);
    memcpy(fb + 12, &fb_w, 4);
    memcpy(fb + 16, &fb_h, 4);
    fb[20] = 32;
    tag(MB2_TAG_FRAMEBUFFER, fb, 24);
    total = finish();

    assert_int_equal(parse_len(total, BLOCK_PHYS, LIMIT_4G), MB2_OK);
    assert_string_equal(bi.cmdline, "test fault-test");
    assert_int_equal(bi.ram_count, 2);
    assert_int_equal(bi.ram[0].base, 0);
    assert_int_equal(bi.ram[0].size, 0x9fc00);
    assert_int_equal(bi.ram[1].base, 0x100000);
    assert_int_equal(bi.ram[1].size, 0x1ff00000);
    assert_int_equal(bi.initramfs_base, 0x200000);
    assert_int_equal(bi.initramfs_size, 0x1234);
    assert_int_equal(bi.acpi_rsdp, BLOCK_PHYS + new_at + 8);
    assert_int_equal(bi.framebuffer.addr, fb_addr);
    assert_int_equal(bi.framebuffer.pitch, 4096);
    assert_int_equal(bi.framebuffer.width, 1024);
    assert_int_equal(bi.framebuffer.height, 768);
    assert_int_equal(bi.framebuffer.bpp, 32);
    assert_int_equal(bi.reserved_count, 3);
    assert_int_equal(bi.reserved[0].base, 0x200000);
    assert_int_equal(bi.reserved[0].size, 0x1234);
    assert_int_equal(bi.reserved[1].base, 0x300000);
    assert_int_equal(bi.reserved[2].base, BLOCK_PHYS);
    assert_int_equal(bi.reserved[2].size, total);
}

static void old_rsdp_is_used_alone_and_nothing_else_is_invented(void **state)
{
    uint8_t rsdp_old[20] = "RSD PTR ";
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = tag(MB2_TAG_ACPI_OLD, rsdp_old, 20);
    assert_int_equal(parse(), MB2_OK);
    assert_int_equal(bi.acpi_rsdp, BLOCK_PHYS + at + 8);
    assert_int_equal(bi.initramfs_size, 0);
    assert_int_equal(bi.framebuffer.addr, 0);
    assert_string_equal(bi.cmdline, "");
}

static void ram_straddling_or_wrapping_the_limit_is_clipped(void **state)
{
    static const uint64_t ram[2][3] = {
        { 0xc0000000, 0x80000000, MB2_MMAP_RAM },
        { 0xfffffffffffff000ull, 0x2000, MB2_MMAP_RAM },
    };

    (void)state;
    start();
    mmap_tag(24, 2, ram);
    assert_int_equal(parse(), MB2_OK);
    assert_int_equal(bi.ram_count, 1);
    assert_int_equal(bi.ram[0].base, 0xc0000000);
    assert_int_equal(bi.ram[0].size, 0x40000000);
}

/* The x86_64 kernel passes its direct map's span, so RAM above 4 GiB is kept up to it. */
static void ram_above_4g_is_kept_up_to_a_higher_limit(void **state)
{
    static const uint64_t ram[4][3] = {
        { 0x100000, 0x7ff00000, MB2_MMAP_RAM },
        { 0x100000000ull, 0x180000000ull, MB2_MMAP_RAM },
        { 0x7f00000000ull, 0x200000000ull, MB2_MMAP_RAM },   /* 508..516 GiB: clipped */
        { 0x8000000000ull, 0x40000000, MB2_MMAP_RAM },       /* at 512 GiB: dropped */
    };

    (void)state;
    start();
    mmap_tag(24, 4, ram);
    assert_int_equal(parse_len(finish(), BLOCK_PHYS, LIMIT_512G), MB2_OK);
    assert_int_equal(bi.ram_count, 3);
    assert_int_equal(bi.ram[0].base, 0x100000);
    assert_int_equal(bi.ram[0].size, 0x7ff00000);
    assert_int_equal(bi.ram[1].base, 0x100000000ull);
    assert_int_equal(bi.ram[1].size, 0x180000000ull);
    assert_int_equal(bi.ram[2].base, 0x7f00000000ull);
    assert_int_equal(bi.ram[2].size, 0x100000000ull);
}

static void truncated_block_is_refused(void **state)
{
    uint32_t total;

    (void)state;
    start();
    one_ram_range();
    total = finish();
    assert_int_equal(parse_len(4, BLOCK_PHYS, LIMIT_4G), MB2_TRUNCATED);
    expect_error(MB2_TRUNCATED, MB2_NO_TAG, 0, 4);
    assert_int_equal(parse_len(total - 8, BLOCK_PHYS, LIMIT_4G), MB2_BAD_TOTAL_SIZE);
    expect_error(MB2_BAD_TOTAL_SIZE, MB2_NO_TAG, 0, total);
}

static void total_size_below_header_is_refused(void **state)
{
    (void)state;
    start();
    one_ram_range();
    finish();
    put32(0, 7);
    assert_int_equal(parse_len(b.off, BLOCK_PHYS, LIMIT_4G), MB2_BAD_TOTAL_SIZE);
    expect_error(MB2_BAD_TOTAL_SIZE, MB2_NO_TAG, 0, 7);
}

static void tag_overrunning_total_size_is_refused(void **state)
{
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = module_tag(0x200000, 0x201000);
    finish();
    put32(at + 4, 0x100);
    assert_int_equal(parse_len(b.off, BLOCK_PHYS, LIMIT_4G), MB2_TAG_OVERRUN);
    expect_error(MB2_TAG_OVERRUN, MB2_TAG_MODULE, at, 0x100);
}

static void misaligned_block_is_refused(void **state)
{
    (void)state;
    start();
    one_ram_range();
    assert_int_equal(parse_len(finish(), BLOCK_PHYS + 4, LIMIT_4G), MB2_MISALIGNED);
    expect_error(MB2_MISALIGNED, MB2_NO_TAG, 0, BLOCK_PHYS + 4);
}

static void tag_smaller_than_its_header_is_refused(void **state)
{
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = tag(7, NULL, 8);
    finish();
    put32(at + 4, 0);   /* size 0 would loop forever if accepted */
    assert_int_equal(parse_len(b.off, BLOCK_PHYS, LIMIT_4G), MB2_TAG_TOO_SMALL);
    expect_error(MB2_TAG_TOO_SMALL, 7, at, 0);
}

static void tag_smaller_than_its_type_needs_is_refused(void **state)
{
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = tag(MB2_TAG_ACPI_NEW, "RSD PTR ", 8);   /* an RSDP 2.0 copy needs 36 bytes */
    assert_int_equal(parse(), MB2_TAG_TOO_SMALL);
    expect_error(MB2_TAG_TOO_SMALL, MB2_TAG_ACPI_NEW, at, 16);
}

static void missing_end_tag_is_detected(void **state)
{
    uint32_t total;

    (void)state;
    start();
    one_ram_range();
    total = b.off;
    put32(0, total);
    assert_int_equal(parse_len(total, BLOCK_PHYS, LIMIT_4G), MB2_NO_END_TAG);
    expect_error(MB2_NO_END_TAG, MB2_NO_TAG, total, total);
}

static void end_tag_of_wrong_size_is_refused(void **state)
{
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = tag(MB2_TAG_END, NULL, 8);
    put32(0, b.off);
    assert_int_equal(parse_len(b.off, BLOCK_PHYS, LIMIT_4G), MB2_BAD_END_TAG);
    expect_error(MB2_BAD_END_TAG, MB2_TAG_END, at, 16);
}

static void missing_memory_map_is_refused(void **state)
{
    (void)state;
    start();
    tag(MB2_TAG_CMDLINE, "test", 5);
    assert_int_equal(parse(), MB2_NO_MEMORY_MAP);
}

static void bad_modules_are_refused(void **state)
{
    uint32_t at;

    (void)state;
    start();
    one_ram_range();
    at = module_tag(0x200000, 0x200000);
    assert_int_equal(parse(), MB2_MODULE_EMPTY);
    expect_error(MB2_MODULE_EMPTY, MB2_TAG_MODULE, at, 0x200000);

    start();
    one_ram_range();
    at = module_tag(0x300000, 0x200000);
    assert_int_equal(parse(), MB2_MODULE_INVERTED);
    expect_error(MB2_MODULE_INVERTED, MB2_TAG_MODULE, at, 0x200000);

    start();
    one_ram_range();
    at = module_tag(0xfffff000, 0xffffffff);
    assert_int_equal(parse_len(finish(), BLOCK_PHYS, 0x10000000), MB2_MODULE_RANGE);
    expect_error(MB2_MODULE_RANGE, MB2_TAG_MODULE, at, 0xffffffff);
}

static void too_many_modules_fill_the_reserved_table(void **state)
{
    uint32_t i, last = 0;

    (void)state;
    start();
    one_ram_range();
    for (i = 0; i <= BOOT_MAX_RESERVED; i++)
        last = module_tag(0x1000000 + i * 0x1000, 0x1000800 + i * 0x1000);
    assert_int_equal(parse(), MB2_TOO_MANY_RESERVED);
    expect_error(MB2_TOO_MANY_RESERVED, MB2_TAG_MODULE, last, 0x1000000 + BOOT_MAX_RESERVED * 0x1000);
    assert_int_equal(bi.reserved_count, BOOT_MAX_RESERVED);
}

static void huge_command_line_is_truncated_and_terminated(void **state)
{
    char line[1000];

    (void)state;
    memset(line, 'x', sizeof(line));
    start();
    one_ram_range();
    tag(MB2_TAG_CMDLINE, line, sizeof(line));   /* no NUL inside the tag at all */
    assert_int_equal(parse(), MB2_OK);
    assert_int_equal(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
    assert_int_equal(bi.cmdline[BOOT_CMDLINE_MAX - 1], '\0');

    start();
    one_ram_range();
    tag(MB2_TAG_CMDLINE, "abc", 3);             /* unterminated, short */
    assert_int_equal(parse(), MB2_OK);
    assert_string_equal(bi.cmdline, "abc");
}

static void bad_mmap_entry_size_is_refused(void **state)
{
    static const uint64_t ram[2][3] = { { 0, 0x1000, 1 }, { 0x100000, 0x100000, 1 } };
    uint32_t at;

    (void)state;
    start();
    at = mmap_tag(16, 2, ram);
    assert_int_equal(parse(), MB2_MMAP_ENTRY_SIZE);
    expect_error(MB2_MMAP_ENTRY_SIZE, MB2_TAG_MMAP, at, 16);

    start();
    at = mmap_tag(28, 2, ram);
    assert_int_equal(parse(), MB2_MMAP_ENTRY_SIZE);
    expect_error(MB2_MMAP_ENTRY_SIZE, MB2_TAG_MMAP, at, 28);
}

static void larger_mmap_entries_are_stepped_over(void **state)
{
    static const uint64_t ram[2][3] = { { 0, 0x1000, 1 }, { 0x100000, 0x100000, 1 } };

    (void)state;
    start();
    mmap_tag(32, 2, ram);
    assert_int_equal(parse(), MB2_OK);
    assert_int_equal(bi.ram_count, 2);
    assert_int_equal(bi.ram[1].base, 0x100000);
}

static void more_ram_ranges_than_the_table_are_refused(void **state)
{
    uint64_t ram[BOOT_MAX_RAM + 1][3];
    uint32_t i, at;

    (void)state;
    for (i = 0; i <= BOOT_MAX_RAM; i++) {
        ram[i][0] = 0x100000ull * (i + 1);
        ram[i][1] = 0x80000;
        ram[i][2] = MB2_MMAP_RAM;
    }
    start();
    mmap_tag(24, BOOT_MAX_RAM, (const uint64_t (*)[3])ram);
    assert_int_equal(parse(), MB2_OK);
    assert_int_equal(bi.ram_count, BOOT_MAX_RAM);

    start();
    at = mmap_tag(24, BOOT_MAX_RAM + 1, (const uint64_t (*)[3])ram);
    assert_int_equal(parse(), MB2_TOO_MANY_RAM);
    expect_error(MB2_TOO_MANY_RAM, MB2_TAG_MMAP, at, ram[BOOT_MAX_RAM][0]);
    assert_int_equal(bi.ram_count, BOOT_MAX_RAM);
}

/* Every total size and every single-byte corruption of a good block: never a crash. */
static void damaged_blocks_never_crash(void **state)
{
    static const uint64_t ram[2][3] = { { 0, 0x9fc00, 1 }, { 0x100000, 0x100000, 1 } };
    uint8_t good[512];
    uint32_t total, i, k;

    (void)state;
    start();
    tag(MB2_TAG_CMDLINE, "test", 5);
    module_tag(0x200000, 0x201000);
    mmap_tag(24, 2, ram);
    total = finish();
    assert_true(total <= sizeof(good));
    memcpy(good, b.buf, total);
    for (i = 0; i <= total + 8; i++) {
        put32(0, i);
        parse_len(total, BLOCK_PHYS, LIMIT_4G);
    }
    for (i = 0; i < total; i++) {
        for (k = 0; k < 8; k++) {
            memcpy(b.buf, good, total);
            b.buf[i] ^= (uint8_t)(1u << k);
            parse_len(total, BLOCK_PHYS, LIMIT_4G);
        }
    }
}

static void every_status_has_a_description(void **state)
{
    int s;

    (void)state;
    for (s = MB2_OK; s <= MB2_TOO_MANY_RESERVED; s++)
        assert_non_null(strstr(mb2_strerror((enum mb2_status)s), " "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_block_fills_everything),
        cmocka_unit_test(old_rsdp_is_used_alone_and_nothing_else_is_invented),
        cmocka_unit_test(ram_straddling_or_wrapping_the_limit_is_clipped),
        cmocka_unit_test(ram_above_4g_is_kept_up_to_a_higher_limit),
        cmocka_unit_test(truncated_block_is_refused),
        cmocka_unit_test(total_size_below_header_is_refused),
        cmocka_unit_test(tag_overrunning_total_size_is_refused),
        cmocka_unit_test(misaligned_block_is_refused),
        cmocka_unit_test(tag_smaller_than_its_header_is_refused),
        cmocka_unit_test(tag_smaller_than_its_type_needs_is_refused),
        cmocka_unit_test(missing_end_tag_is_detected),
        cmocka_unit_test(end_tag_of_wrong_size_is_refused),
        cmocka_unit_test(missing_memory_map_is_refused),
        cmocka_unit_test(bad_modules_are_refused),
        cmocka_unit_test(too_many_modules_fill_the_reserved_table),
        cmocka_unit_test(huge_command_line_is_truncated_and_terminated),
        cmocka_unit_test(bad_mmap_entry_size_is_refused),
        cmocka_unit_test(larger_mmap_entries_are_stepped_over),
        cmocka_unit_test(more_ram_ranges_than_the_table_are_refused),
        cmocka_unit_test(damaged_blocks_never_crash),
        cmocka_unit_test(every_status_has_a_description),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
