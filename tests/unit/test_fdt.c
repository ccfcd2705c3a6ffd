/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host tests of the riscv64 device tree parser (arch/riscv64/fdt.c): blobs
 * built in memory by a small writer below, parsed whole and then damaged one
 * field at a time. Every blob is allocated at exactly its length, so ASan
 * catches a single byte read past it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fdt.h"

#define BLOB_PA 0x87000000ull

/* ---- a minimal FDT writer ---- */

struct fdt_builder {
    uint8_t st[16384];
    uint32_t st_len;
    char str[4096];
    uint32_t str_len;
    uint64_t rsv[4][2];
    uint32_t rsv_count;
    bool no_end;              /* leave out the final FDT_END */
    uint32_t struct_off;      /* set by fb_finish */
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void fb_init(struct fdt_builder *b)
{
    memset(b, 0, sizeof(*b));
}

/* Append raw bytes to the structure block, zero-padded to 4; returns where they start. */
static uint32_t fb_bytes(struct fdt_builder *b, const void *p, uint32_t len)
{
    uint32_t at = b->st_len;

    assert_true(at + len + 3 < sizeof(b->st));
    memcpy(b->st + at, p, len);
    b->st_len = (at + len + 3) & ~3u;
    return at;
}

static uint32_t fb_token(struct fdt_builder *b, uint32_t token)
{
    uint8_t t[4];

    put32(t, token);
    return fb_bytes(b, t, 4);
}

static uint32_t fb_begin(struct fdt_builder *b, const char *name)
{
    uint32_t at = fb_token(b, FDT_TOKEN_BEGIN_NODE);

    fb_bytes(b, name, (uint32_t)strlen(name) + 1);
    return at;
}

static void fb_end(struct fdt_builder *b)
{
    fb_token(b, FDT_TOKEN_END_NODE);
}

static uint32_t fb_string(struct fdt_builder *b, const char *name)
{
    uint32_t at = b->str_len;
    size_t n = strlen(name) + 1;

    assert_true(at + n <= sizeof(b->str));
    memcpy(b->str + at, name, n);
    b->str_len += (uint32_t)n;
    return at;
}

/* Returns the property's offset in the structure block. */
static uint32_t fb_prop(struct fdt_builder *b, const char *name, const void *val, uint32_t len)
{
    uint8_t h[8];
    uint32_t at = fb_token(b, FDT_TOKEN_PROP);

    put32(h, len);
    put32(h + 4, fb_string(b, name));
    fb_bytes(b, h, 8);
    if (len != 0)
        fb_bytes(b, val, len);
    return at;
}

static uint32_t fb_u32(struct fdt_builder *b, const char *name, uint32_t v)
{
    uint8_t c[4];

    put32(c, v);
    return fb_prop(b, name, c, 4);
}

static uint32_t fb_u64(struct fdt_builder *b, const char *name, uint64_t v)
{
    uint8_t c[8];

    put64(c, v);
    return fb_prop(b, name, c, 8);
}

static uint32_t fb_str(struct fdt_builder *b, const char *name, const char *s)
{
    return fb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/* A reg of `n` (address, size) pairs, each field `cells` 32-bit cells wide. */
static uint32_t fb_reg(struct fdt_builder *b, uint32_t cells, const uint64_t *pairs, uint32_t n)
{
    uint8_t buf[256];
    uint32_t len = 0;

    for (uint32_t i = 0; i < 2 * n; i++) {
        if (cells == 2) {
            put64(buf + len, pairs[i]);
            len += 8;
        } else {
            put32(buf + len, (uint32_t)pairs[i]);
            len += 4;
        }
    }
    return fb_prop(b, "reg", buf, len);
}

/* Header, reservation map, structure block, strings block, in that order,
 * in a heap block of exactly the total size. */
static uint8_t *fb_finish(struct fdt_builder *b, size_t *len)
{
    uint32_t rsv_size = (b->rsv_count + 1) * 16;
    uint32_t st_len, strings_off, total;
    uint8_t *blob;

    if (!b->no_end)
        fb_token(b, FDT_TOKEN_END);
    st_len = b->st_len;
    b->struct_off = FDT_HEADER_SIZE + rsv_size;
    strings_off = b->struct_off + st_len;
    total = strings_off + b->str_len;
    blob = calloc(1, total);
    assert_non_null(blob);
    put32(blob + FDT_HDR_MAGIC, FDT_MAGIC);
    put32(blob + FDT_HDR_TOTALSIZE, total);
    put32(blob + FDT_HDR_OFF_STRUCT, b->struct_off);
    put32(blob + FDT_HDR_OFF_STRINGS, strings_off);
    put32(blob + FDT_HDR_OFF_RSVMAP, FDT_HEADER_SIZE);
    put32(blob + FDT_HDR_VERSION, 17);
    put32(blob + FDT_HDR_LAST_COMP, 16);
    put32(blob + FDT_HDR_SIZE_STRINGS, b->str_len);
    put32(blob + FDT_HDR_SIZE_STRUCT, st_len);
    for (uint32_t i = 0; i < b->rsv_count; i++) {
        put64(blob + FDT_HEADER_SIZE + 16 * i, b->rsv[i][0]);
        put64(blob + FDT_HEADER_SIZE + 16 * i + 8, b->rsv[i][1]);
    }
    memcpy(blob + b->struct_off, b->st, st_len);
    memcpy(blob + strings_off, b->str, b->str_len);
    *len = total;
    return blob;
}

/* ---- the trees ---- */

/* Offsets (in the structure block) of what the damage tests patch. */
struct qemu_tree {
    uint32_t bootargs;
    uint32_t initrd_end;
    uint32_t memory_node;
    uint32_t plic_contexts;
};

/* A CPU's interrupt controller, named by `phandle`. */
static void fb_cpu_intc(struct fdt_builder *b, uint32_t phandle)
{
    fb_begin(b, "interrupt-controller");
    fb_u32(b, "#interrupt-cells", 1);
    fb_prop(b, "interrupt-controller", NULL, 0);
    fb_str(b, "compatible", "riscv,cpu-intc");
    fb_u32(b, "phandle", phandle);
    fb_end(b);
}

/* interrupts-extended from `n` (phandle, interrupt) pairs. */
static uint32_t fb_contexts(struct fdt_builder *b, const uint32_t *pairs, uint32_t n)
{
    uint8_t buf[128];

    for (uint32_t i = 0; i < 2 * n; i++)
        put32(buf + 4 * i, pairs[i]);
    return fb_prop(b, "interrupts-extended", buf, 8 * n);
}

/* Shaped like QEMU virt's after OpenSBI: 2+2 cells, reserved memory, four
 * CPUs of which one is disabled and one is not a cpu, the test device, a
 * PLIC with machine and supervisor contexts for harts 0, 1 and 2. */
static void build_qemu_tree(struct fdt_builder *b, struct qemu_tree *q)
{
    static const char compat[] = "sifive,test1\0sifive,test0\0syscon";
    const uint64_t mem[] = { 0x80000000, 0x20000000 };
    const uint64_t resv[] = { 0x80000000, 0x40000 };
    const uint64_t test_reg[] = { 0x100000, 0x1000 };
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    const uint64_t plic_reg[] = { 0xc000000, 0x600000 };
    const uint32_t contexts[] = { 1, 11, 1, 9, 2, 11, 2, 9, 3, 11, 3, 9 };

    fb_begin(b, "");
    fb_u32(b, "#address-cells", 2);
    fb_u32(b, "#size-cells", 2);
    fb_str(b, "compatible", "riscv-virtio");

    fb_begin(b, "chosen");
    q->bootargs = fb_str(b, "bootargs", "test console=sbi");
    fb_u64(b, "linux,initrd-start", 0x88200000);
    q->initrd_end = fb_u64(b, "linux,initrd-end", 0x88200200);
    fb_end(b);

    q->memory_node = fb_begin(b, "memory@80000000");
    fb_str(b, "device_type", "memory");
    fb_reg(b, 2, mem, 1);
    fb_end(b);

    fb_begin(b, "reserved-memory");
    fb_u32(b, "#address-cells", 2);
    fb_u32(b, "#size-cells", 2);
    fb_prop(b, "ranges", NULL, 0);
    fb_begin(b, "mmode_resv0@80000000");
    fb_reg(b, 2, resv, 1);
    fb_prop(b, "no-map", NULL, 0);
    fb_end(b);
    fb_end(b);

    fb_begin(b, "cpus");
    fb_u32(b, "#address-cells", 1);
    fb_u32(b, "#size-cells", 0);
    fb_u32(b, "timebase-frequency", 10000000);
    fb_begin(b, "cpu@0");
    fb_str(b, "device_type", "cpu");
    fb_u32(b, "reg", 0);
    fb_str(b, "status", "okay");
    fb_cpu_intc(b, 1);
    fb_end(b);
    fb_begin(b, "cpu@1");
    fb_str(b, "device_type", "cpu");
    fb_u32(b, "reg", 1);
    fb_str(b, "status", "disabled");
    fb_cpu_intc(b, 2);
    fb_end(b);
    fb_begin(b, "cpu@2");
    fb_u32(b, "reg", 2);
    fb_str(b, "device_type", "cpu");
    fb_cpu_intc(b, 3);
    fb_end(b);
    fb_begin(b, "cpu-map");
    fb_begin(b, "cluster0");
    fb_end(b);
    fb_end(b);
    fb_end(b);

    fb_begin(b, "soc");
    fb_u32(b, "#address-cells", 2);
    fb_u32(b, "#size-cells", 2);
    fb_begin(b, "test@100000");
    fb_reg(b, 2, test_reg, 1);
    fb_prop(b, "compatible", compat, sizeof(compat));
    fb_end(b);
    fb_begin(b, "plic@c000000");
    fb_u32(b, "phandle", 9);
    fb_u32(b, "riscv,ndev", 96);
    fb_reg(b, 2, plic_reg, 1);
    q->plic_contexts = fb_contexts(b, contexts, 6);
    fb_prop(b, "interrupt-controller", NULL, 0);
    fb_prop(b, "compatible", plic_compat, sizeof(plic_compat));
    fb_end(b);
    fb_end(b);

    fb_end(b);
}

static uint8_t *qemu_blob(struct fdt_builder *b, struct qemu_tree *q, size_t *len)
{
    fb_init(b);
    b->rsv[0][0] = 0x90000000;
    b->rsv[0][1] = 0x1000;
    b->rsv_count = 1;
    build_qemu_tree(b, q);
    return fb_finish(b, len);
}

static struct fdt_status parse_for(const uint8_t *blob, size_t len, uint64_t hart,
                                   struct boot_info *bi, struct fdt_arch_info *arch)
{
    return fdt_parse(blob, len, BLOB_PA, hart, bi, arch);
}

static struct fdt_status parse(const uint8_t *blob, size_t len, struct boot_info *bi,
                               struct fdt_arch_info *arch)
{
    return parse_for(blob, len, 0, bi, arch);
}

static void expect_error(const uint8_t *blob, size_t len, enum fdt_error code, uint32_t offset)
{
    struct boot_info bi;
    struct fdt_arch_info arch;
    struct fdt_status st = parse(blob, len, &bi, &arch);

    assert_int_equal(st.code, code);
    assert_int_equal(st.offset, offset);
}

/* A tree whose node /`node` has one property `name` = `value`: parsing it
 * must fail with `code` at that property's offset. */
static void expect_prop_error(const char *node, const char *name, const void *value,
                              uint32_t value_len, enum fdt_error code)
{
    struct fdt_builder b;
    uint32_t prop;
    uint8_t *blob;
    size_t len;

    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, node);
    prop = fb_prop(&b, name, value, value_len);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, code, b.struct_off + prop);
    free(blob);
}

static bool has_reserved(const struct boot_info *bi, uint64_t base, uint64_t size)
{
    for (uint32_t i = 0; i < bi->reserved_count; i++) {
        if (bi->reserved[i].base == base && bi->reserved[i].size == size)
            return true;
    }
    return false;
}

/* ---- well-formed trees ---- */

static void test_qemu_tree_parses(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    struct boot_info bi;
    struct fdt_arch_info arch;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);
    struct fdt_status st = parse(blob, len, &bi, &arch);

    (void)state;
    assert_int_equal(st.code, FDT_OK);
    assert_int_equal(bi.ram_count, 1);
    assert_int_equal(bi.ram[0].base, 0x80000000);
    assert_int_equal(bi.ram[0].size, 0x20000000);
    assert_string_equal(bi.cmdline, "test console=sbi");
    assert_int_equal(bi.initramfs_base, 0x88200000);
    assert_int_equal(bi.initramfs_size, 0x200);
    assert_int_equal(bi.cpu_count, 2);
    assert_string_equal(bi.cpu_source, "device tree");
    assert_int_equal(bi.fdt, BLOB_PA);
    assert_int_equal(arch.timebase_hz, 10000000);
    assert_true(arch.has_test_device);
    assert_int_equal(arch.test_device_base, 0x100000);
    assert_int_equal(bi.reserved_count, 4);
    assert_true(has_reserved(&bi, BLOB_PA, len));
    assert_true(has_reserved(&bi, 0x90000000, 0x1000));
    assert_true(has_reserved(&bi, 0x80000000, 0x40000));
    assert_true(has_reserved(&bi, 0x88200000, 0x200));
    assert_true(arch.has_plic);
    assert_int_equal(arch.plic_base, 0xc000000);
    assert_int_equal(arch.plic_size, 0x600000);
    assert_int_equal(arch.plic_sources, 96);
    assert_int_equal(arch.plic_context, 1);
    free(blob);
}

/* The PLIC context is the boot hart's, whichever hart that is; a hart the
 * PLIC has no supervisor context for is an error at its contexts. */
static void test_plic_context_of_the_boot_hart(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    struct boot_info bi;
    struct fdt_arch_info arch;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);
    struct fdt_status st;

    (void)state;
    assert_int_equal(parse_for(blob, len, 2, &bi, &arch).code, FDT_OK);
    assert_int_equal(arch.plic_context, 5);
    assert_int_equal(parse_for(blob, len, 1, &bi, &arch).code, FDT_OK);
    assert_int_equal(arch.plic_context, 3);
    st = parse_for(blob, len, 7, &bi, &arch);
    assert_int_equal(st.code, FDT_ERR_PLIC_NO_CONTEXT);
    assert_int_equal(st.offset, b.struct_off + q.plic_contexts);
    free(blob);
}

/* Which of the PLIC's properties a test tree leaves out or spoils. */
enum plic_flaw {
    PLIC_WHOLE, PLIC_NO_REG, PLIC_NO_NDEV, PLIC_WIDE_NDEV, PLIC_NO_CONTEXTS, PLIC_ODD_CONTEXTS,
    PLIC_DISABLED,
};

/* A tree whose boot hart 4 has interrupt controller 5, and a PLIC (before
 * the CPUs if `plic_first`) with `ndev` sources and the contexts `pairs`.
 * *node gets the PLIC's offset, *prop that of riscv,ndev or the spoilt
 * interrupts-extended. */
static uint8_t *plic_blob(bool plic_first, enum plic_flaw flaw, uint32_t ndev, const uint32_t *pairs,
                          uint32_t n, struct fdt_builder *b, uint32_t *node, uint32_t *prop,
                          size_t *len)
{
    const uint64_t reg[] = { 0xc000000, 0x4000000 };

    fb_init(b);
    fb_begin(b, "");
    fb_u32(b, "#address-cells", 2);
    fb_u32(b, "#size-cells", 2);
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) == plic_first) {
            *node = fb_begin(b, "plic@c000000");
            fb_str(b, "compatible", "riscv,plic0");
            if (flaw != PLIC_NO_REG)
                fb_reg(b, 2, reg, 1);
            if (flaw == PLIC_WIDE_NDEV)
                *prop = fb_u64(b, "riscv,ndev", ndev);
            else if (flaw != PLIC_NO_NDEV)
                *prop = fb_u32(b, "riscv,ndev", ndev);
            if (flaw == PLIC_ODD_CONTEXTS)
                *prop = fb_prop(b, "interrupts-extended", pairs, 12);
            else if (flaw != PLIC_NO_CONTEXTS)
                fb_contexts(b, pairs, n);
            if (flaw == PLIC_DISABLED)
                fb_str(b, "status", "disabled");
            fb_end(b);
        } else {
            fb_begin(b, "cpus");
            fb_u32(b, "#address-cells", 1);
            fb_u32(b, "#size-cells", 0);
            fb_begin(b, "cpu@4");
            fb_str(b, "device_type", "cpu");
            fb_u32(b, "reg", 4);
            fb_cpu_intc(b, 5);
            fb_end(b);
            fb_end(b);
        }
    }
    fb_end(b);
    return fb_finish(b, len);
}

static void test_plic_before_or_after_the_cpus(void **state)
{
    const uint32_t pairs[] = { 5, 11, 5, 9 };
    struct fdt_builder b;
    struct boot_info bi;
    struct fdt_arch_info arch;
    uint32_t node = 0, prop = 0;
    size_t len;
    uint8_t *blob;

    (void)state;
    for (int first = 0; first < 2; first++) {
        blob = plic_blob(first, PLIC_WHOLE, 1023, pairs, 2, &b, &node, &prop, &len);
        assert_int_equal(parse_for(blob, len, 4, &bi, &arch).code, FDT_OK);
        assert_true(arch.has_plic);
        assert_int_equal(arch.plic_sources, 1023);
        assert_int_equal(arch.plic_context, 1);
        free(blob);
    }
    blob = plic_blob(true, PLIC_DISABLED, 8, pairs, 2, &b, &node, &prop, &len);
    assert_int_equal(parse_for(blob, len, 4, &bi, &arch).code, FDT_OK);
    assert_false(arch.has_plic);
    free(blob);
}

/* The error is at the spoilt property (`at_prop`), else at the PLIC node
 * for a missing one, else (checked by the caller) at its contexts. */
static void expect_plic_error(enum plic_flaw flaw, uint32_t ndev, const uint32_t *pairs, uint32_t n,
                              enum fdt_error code, bool at_prop)
{
    struct fdt_builder b;
    struct boot_info bi;
    struct fdt_arch_info arch;
    uint32_t node = 0, prop = 0;
    size_t len;
    uint8_t *blob = plic_blob(false, flaw, ndev, pairs, n, &b, &node, &prop, &len);
    struct fdt_status st = parse_for(blob, len, 4, &bi, &arch);

    assert_int_equal(st.code, code);
    if (at_prop)
        assert_int_equal(st.offset, b.struct_off + prop);
    else if (flaw != PLIC_WHOLE)
        assert_int_equal(st.offset, b.struct_off + node);
    assert_false(arch.has_plic);
    free(blob);
}

static void test_bad_plics(void **state)
{
    const uint32_t pairs[] = { 5, 11, 5, 9 };
    const uint32_t machine_only[] = { 5, 11 };
    const uint32_t other_hart[] = { 6, 9 };
    const uint8_t wide[8] = { 0 };

    (void)state;
    expect_plic_error(PLIC_NO_REG, 8, pairs, 2, FDT_ERR_PLIC_REG, false);
    expect_plic_error(PLIC_NO_NDEV, 8, pairs, 2, FDT_ERR_PLIC_NDEV, false);
    expect_plic_error(PLIC_WIDE_NDEV, 8, pairs, 2, FDT_ERR_PLIC_NDEV, true);
    expect_plic_error(PLIC_WHOLE, 0, pairs, 2, FDT_ERR_PLIC_NDEV, true);
    expect_plic_error(PLIC_WHOLE, 1024, pairs, 2, FDT_ERR_PLIC_NDEV, true);
    expect_plic_error(PLIC_NO_CONTEXTS, 8, pairs, 2, FDT_ERR_PLIC_CONTEXTS, false);
    expect_plic_error(PLIC_ODD_CONTEXTS, 8, pairs, 2, FDT_ERR_PLIC_CONTEXTS, true);
    expect_plic_error(PLIC_WHOLE, 8, machine_only, 1, FDT_ERR_PLIC_NO_CONTEXT, false);
    expect_plic_error(PLIC_WHOLE, 8, other_hart, 1, FDT_ERR_PLIC_NO_CONTEXT, false);
    expect_prop_error("intc", "phandle", wide, sizeof(wide), FDT_ERR_PHANDLE_LEN);
}

/* A CPU whose interrupt controller has a phandle must say its hart. */
static void test_cpu_intc_needs_a_hart_id(void **state)
{
    struct fdt_builder b;
    uint32_t cpu, reg;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, "cpus");
    fb_u32(&b, "#address-cells", 1);
    fb_u32(&b, "#size-cells", 0);
    cpu = fb_begin(&b, "cpu@0");
    fb_cpu_intc(&b, 1);
    fb_end(&b);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_HART_ID, b.struct_off + cpu);
    free(blob);

    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, "cpus");
    fb_u32(&b, "#address-cells", 1);
    fb_u32(&b, "#size-cells", 0);
    fb_begin(&b, "cpu@0");
    reg = fb_u64(&b, "reg", 0);
    fb_cpu_intc(&b, 1);
    fb_end(&b);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_HART_ID, b.struct_off + reg);
    free(blob);
}

/* 1+1 cells, two memory ranges in one reg, 4-byte initrd cells, an 8-byte
 * timebase on a cpu node, no test device, and a version 16 header. */
static void test_one_cell_tree_parses(void **state)
{
    const uint64_t mem[] = { 0x80000000, 0x1000000, 0x90000000, 0x2000000 };
    struct fdt_builder b;
    struct boot_info bi;
    struct fdt_arch_info arch;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    fb_u32(&b, "#address-cells", 1);
    fb_u32(&b, "#size-cells", 1);
    fb_begin(&b, "memory");
    fb_reg(&b, 1, mem, 2);
    fb_end(&b);
    fb_begin(&b, "chosen");
    fb_u32(&b, "linux,initrd-start", 0x84000000);
    fb_u32(&b, "linux,initrd-end", 0x84001000);
    fb_end(&b);
    fb_begin(&b, "cpus");
    fb_begin(&b, "cpu@0");
    fb_str(&b, "device_type", "cpu");
    fb_u64(&b, "timebase-frequency", 0x100000000ull);
    fb_end(&b);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    put32(blob + FDT_HDR_VERSION, 16);

    assert_int_equal(parse(blob, len, &bi, &arch).code, FDT_OK);
    assert_int_equal(bi.ram_count, 2);
    assert_int_equal(bi.ram[1].base, 0x90000000);
    assert_int_equal(bi.ram[1].size, 0x2000000);
    assert_int_equal(bi.initramfs_base, 0x84000000);
    assert_int_equal(bi.initramfs_size, 0x1000);
    assert_int_equal(bi.cpu_count, 1);
    assert_int_equal(arch.timebase_hz, 0x100000000ull);
    assert_false(arch.has_test_device);
    assert_string_equal(bi.cmdline, "");
    free(blob);
}

static void test_long_bootargs_truncated(void **state)
{
    char args[600];
    struct fdt_builder b;
    struct boot_info bi;
    struct fdt_arch_info arch;
    uint8_t *blob;
    size_t len;

    (void)state;
    memset(args, 'a', sizeof(args) - 1);
    args[sizeof(args) - 1] = '\0';
    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, "chosen");
    fb_str(&b, "bootargs", args);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    assert_int_equal(parse(blob, len, &bi, &arch).code, FDT_OK);
    assert_int_equal(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
    assert_int_equal(bi.initramfs_size, 0);
    free(blob);
}

static void test_total_size(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    uint32_t size = 0;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    (void)state;
    assert_int_equal(fdt_total_size(blob, FDT_HEADER_SIZE, &size).code, FDT_OK);
    assert_int_equal(size, len);
    assert_int_equal(fdt_total_size(blob, FDT_HEADER_SIZE - 1, &size).code, FDT_ERR_HEADER_SHORT);
    assert_int_equal(fdt_check_header(blob, len).code, FDT_OK);
    free(blob);
}

/* ---- damaged headers ---- */

/* A fresh QEMU-like blob with one header field replaced. */
static void expect_header_error(uint32_t field, uint32_t value, enum fdt_error code,
                                uint32_t offset)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    put32(blob + field, value);
    expect_error(blob, len, code, offset);
    free(blob);
}

static void test_bad_magic(void **state)
{
    (void)state;
    expect_header_error(0, 0xedfe0dd0, FDT_ERR_MAGIC, 0);
}

static void test_bad_version(void **state)
{
    (void)state;
    expect_header_error(FDT_HDR_VERSION, 15, FDT_ERR_VERSION, FDT_HDR_VERSION);
    expect_header_error(FDT_HDR_LAST_COMP, 18, FDT_ERR_VERSION, FDT_HDR_LAST_COMP);
}

static void test_totalsize_beyond_buffer(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    (void)state;
    expect_error(blob, len - 1, FDT_ERR_TOTALSIZE, FDT_HDR_TOTALSIZE);
    expect_error(blob, 20, FDT_ERR_HEADER_SHORT, 0);
    free(blob);
    expect_header_error(FDT_HDR_TOTALSIZE, 0xffffffff, FDT_ERR_TOTALSIZE, FDT_HDR_TOTALSIZE);
    expect_header_error(FDT_HDR_TOTALSIZE, 16, FDT_ERR_TOTALSIZE, FDT_HDR_TOTALSIZE);
}

static void test_blocks_out_of_bounds(void **state)
{
    (void)state;
    expect_header_error(FDT_HDR_SIZE_STRUCT, 0xfffffff0, FDT_ERR_STRUCT_BOUNDS, FDT_HDR_SIZE_STRUCT);
    expect_header_error(FDT_HDR_OFF_STRUCT, 0x7ffffff0, FDT_ERR_STRUCT_BOUNDS, FDT_HDR_OFF_STRUCT);
    expect_header_error(FDT_HDR_OFF_STRUCT, 8, FDT_ERR_STRUCT_BOUNDS, FDT_HDR_OFF_STRUCT);
    expect_header_error(FDT_HDR_OFF_STRINGS, 0xfffffff0, FDT_ERR_STRINGS_BOUNDS, FDT_HDR_OFF_STRINGS);
    expect_header_error(FDT_HDR_SIZE_STRINGS, 0x10000, FDT_ERR_STRINGS_BOUNDS, FDT_HDR_SIZE_STRINGS);
    expect_header_error(FDT_HDR_OFF_RSVMAP, 0xfffffff8, FDT_ERR_RSVMAP_BOUNDS, FDT_HDR_OFF_RSVMAP);
}

static void test_misaligned_offsets(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    (void)state;
    expect_header_error(FDT_HDR_OFF_STRUCT, b.struct_off + 2, FDT_ERR_ALIGN, FDT_HDR_OFF_STRUCT);
    expect_header_error(FDT_HDR_OFF_RSVMAP, FDT_HEADER_SIZE + 4, FDT_ERR_ALIGN, FDT_HDR_OFF_RSVMAP);
    expect_header_error(FDT_HDR_SIZE_STRUCT, get32(blob + FDT_HDR_SIZE_STRUCT) - 2, FDT_ERR_ALIGN,
                        FDT_HDR_SIZE_STRUCT);
    free(blob);
}

static void test_rsvmap_unterminated(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);
    /* The map now starts among the property names at the end of the blob:
     * one nonzero entry fits, the next would run past totalsize. */
    uint32_t off = (uint32_t)(len - 16) & ~7u;

    (void)state;
    put32(blob + FDT_HDR_OFF_RSVMAP, off);
    expect_error(blob, len, FDT_ERR_RSVMAP_UNTERMINATED, off);
    free(blob);
}

/* ---- damaged structure blocks ---- */

static void test_unterminated_node_name(void **state)
{
    struct fdt_builder b;
    uint32_t child;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    child = fb_begin(&b, "a-rather-long-node-name");
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    /* The block now ends in the middle of the child's name. */
    put32(blob + FDT_HDR_SIZE_STRUCT, child + 12);
    expect_error(blob, len, FDT_ERR_NAME_UNTERMINATED, b.struct_off + child);
    free(blob);
}

static void test_unterminated_string_property(void **state)
{
    (void)state;
    expect_prop_error("chosen", "bootargs", "test", 4, FDT_ERR_STRING_UNTERMINATED);
}

static void test_property_name_offset(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    (void)state;
    put32(blob + b.struct_off + q.bootargs + 8, b.str_len);
    expect_error(blob, len, FDT_ERR_NAMEOFF, b.struct_off + q.bootargs);
    free(blob);
}

static void test_property_name_unterminated(void **state)
{
    struct fdt_builder b;
    uint32_t prop;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    prop = fb_u32(&b, "last-name", 1);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    blob[len - 1] = 'x';   /* the NUL ending the strings block */
    expect_error(blob, len, FDT_ERR_PROPNAME_UNTERMINATED, b.struct_off + prop);
    free(blob);
}

static void test_property_past_block(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);
    uint32_t st_size = get32(blob + FDT_HDR_SIZE_STRUCT);

    (void)state;
    put32(blob + b.struct_off + q.bootargs + 4, st_size);
    expect_error(blob, len, FDT_ERR_PROP_TRUNCATED, b.struct_off + q.bootargs);
    put32(blob + b.struct_off + q.bootargs + 4, 0xfffffffc);
    expect_error(blob, len, FDT_ERR_PROP_TRUNCATED, b.struct_off + q.bootargs);
    /* A block that ends inside the property's own header. */
    put32(blob + FDT_HDR_SIZE_STRUCT, q.bootargs + 8);
    expect_error(blob, len, FDT_ERR_PROP_TRUNCATED, b.struct_off + q.bootargs);
    free(blob);
}

static void test_missing_end_token(void **state)
{
    struct fdt_builder b;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    b.no_end = true;
    fb_begin(&b, "");
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_NO_END, b.struct_off + b.st_len);
    free(blob);
}

static void test_nesting_too_deep(void **state)
{
    struct fdt_builder b;
    uint32_t deepest = 0;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    for (uint32_t i = 0; i <= FDT_MAX_DEPTH; i++)
        deepest = fb_begin(&b, i == 0 ? "" : "n");
    for (uint32_t i = 0; i <= FDT_MAX_DEPTH; i++)
        fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_DEPTH, b.struct_off + deepest);
    free(blob);
}

static void test_initrd_end_before_start(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);

    (void)state;
    put64(blob + b.struct_off + q.initrd_end + 12, 0x881fffff);
    expect_error(blob, len, FDT_ERR_INITRD_RANGE, b.struct_off + q.initrd_end);
    free(blob);
}

static void test_initrd_overlaps_blob(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    size_t len;
    uint8_t *blob = qemu_blob(&b, &q, &len);
    struct boot_info bi;
    struct fdt_arch_info arch;
    struct fdt_status st;

    (void)state;
    /* fw_jump with 64 MiB: both at 0x82200000. */
    st = fdt_parse(blob, len, 0x88200100, 0, &bi, &arch);
    assert_int_equal(st.code, FDT_ERR_INITRD_OVERLAP);
    assert_int_equal(st.offset, b.struct_off + q.initrd_end);
    free(blob);
}

static void test_unknown_token(void **state)
{
    struct fdt_builder b;
    uint32_t bad;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    bad = fb_token(&b, 7);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_BAD_TOKEN, b.struct_off + bad);
    free(blob);
}

static void test_unbalanced_nodes(void **state)
{
    struct fdt_builder b;
    uint32_t at;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    fb_end(&b);
    at = fb_token(&b, FDT_TOKEN_END_NODE);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_STRAY_END_NODE, b.struct_off + at);
    free(blob);

    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, "open");
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_UNCLOSED_NODE, b.struct_off + b.st_len - 4);
    free(blob);

    fb_init(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_NO_ROOT, b.struct_off);
    free(blob);

    fb_init(&b);
    fb_begin(&b, "");
    fb_end(&b);
    at = fb_begin(&b, "second-root");
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_OUTSIDE_ROOT, b.struct_off + at);
    free(blob);
}

/* A memory node whose reg is checked against its parent's cells. */
static void expect_memory_error(uint32_t addr_cells, const void *reg, uint32_t reg_len,
                                enum fdt_error code)
{
    struct fdt_builder b;
    uint32_t prop;
    uint8_t *blob;
    size_t len;

    fb_init(&b);
    fb_begin(&b, "");
    fb_u32(&b, "#address-cells", addr_cells);
    fb_begin(&b, "memory@0");
    prop = fb_prop(&b, "reg", reg, reg_len);
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, code, b.struct_off + prop);
    free(blob);
}

static void test_bad_reg(void **state)
{
    uint8_t reg[16];

    (void)state;
    memset(reg, 0, sizeof(reg));
    expect_memory_error(3, reg, 16, FDT_ERR_CELLS);
    expect_memory_error(2, reg, 10, FDT_ERR_REG_LEN);
    put64(reg, 0xfffffffffffff000ull);
    put32(reg + 8, 0x2000);
    expect_memory_error(2, reg, 12, FDT_ERR_REG_WRAP);
}

static void test_bad_numbers(void **state)
{
    struct fdt_builder b;
    uint32_t prop;
    uint8_t *blob;
    size_t len;

    (void)state;
    expect_prop_error("cpus", "timebase-frequency", "abc", 3, FDT_ERR_NUMBER_LEN);

    fb_init(&b);
    fb_begin(&b, "");
    prop = fb_prop(&b, "#address-cells", "ab", 2);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_CELLS_LEN, b.struct_off + prop);
    free(blob);
}

static void test_reserved_table_full(void **state)
{
    const uint64_t resv[] = { 0x80000000, 0x1000 };
    struct fdt_builder b;
    uint32_t last = 0;
    uint8_t *blob;
    size_t len;

    (void)state;
    fb_init(&b);
    fb_begin(&b, "");
    fb_begin(&b, "reserved-memory");
    fb_u32(&b, "#address-cells", 1);
    fb_u32(&b, "#size-cells", 1);
    /* The blob itself takes one slot, so the last node overflows the table. */
    for (uint32_t i = 0; i < BOOT_MAX_RESERVED; i++) {
        fb_begin(&b, "r");
        last = fb_reg(&b, 1, resv, 1);
        fb_end(&b);
    }
    fb_end(&b);
    fb_end(&b);
    blob = fb_finish(&b, &len);
    expect_error(blob, len, FDT_ERR_RESERVED_FULL, b.struct_off + last);
    free(blob);
}

/* ---- no input can crash it ---- */

/* Every truncation (with totalsize following it, so the inner checks run)
 * fails, and every single-byte change of a good blob parses to some answer
 * without a sanitizer report, leaving a terminated command line. */
static void test_every_damage_is_survived(void **state)
{
    struct fdt_builder b;
    struct qemu_tree q;
    struct boot_info bi;
    struct fdt_arch_info arch;
    size_t len;
    uint8_t *good = qemu_blob(&b, &q, &len);

    (void)state;
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *part = malloc(cut + 1);

        assert_non_null(part);
        memcpy(part, good, cut);
        if (cut >= FDT_HEADER_SIZE)
            put32(part + FDT_HDR_TOTALSIZE, (uint32_t)cut);
        assert_int_not_equal(parse(part, cut, &bi, &arch).code, FDT_OK);
        free(part);
    }
    for (size_t at = 0; at < len; at++) {
        static const uint8_t values[] = { 0x00, 0x01, 0x02, 0x03, 0x09, 0x7f, 0xff };

        for (size_t v = 0; v < sizeof(values); v++) {
            uint8_t *copy = malloc(len);

            assert_non_null(copy);
            memcpy(copy, good, len);
            copy[at] = values[v];
            (void)parse(copy, len, &bi, &arch);
            assert_non_null(memchr(bi.cmdline, '\0', BOOT_CMDLINE_MAX));
            free(copy);
        }
    }
    free(good);
}

static void test_every_error_has_a_message(void **state)
{
    (void)state;
    for (int code = 0; code < FDT_ERR_COUNT; code++) {
        assert_non_null(fdt_error_subject((enum fdt_error)code));
        assert_non_null(fdt_error_problem((enum fdt_error)code));
    }
    assert_string_equal(fdt_error_problem(FDT_ERR_PROP_TRUNCATED), "runs past the structure block");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qemu_tree_parses),
        cmocka_unit_test(test_plic_context_of_the_boot_hart),
        cmocka_unit_test(test_plic_before_or_after_the_cpus),
        cmocka_unit_test(test_bad_plics),
        cmocka_unit_test(test_cpu_intc_needs_a_hart_id),
        cmocka_unit_test(test_one_cell_tree_parses),
        cmocka_unit_test(test_long_bootargs_truncated),
        cmocka_unit_test(test_total_size),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_bad_version),
        cmocka_unit_test(test_totalsize_beyond_buffer),
        cmocka_unit_test(test_blocks_out_of_bounds),
        cmocka_unit_test(test_misaligned_offsets),
        cmocka_unit_test(test_rsvmap_unterminated),
        cmocka_unit_test(test_unterminated_node_name),
        cmocka_unit_test(test_unterminated_string_property),
        cmocka_unit_test(test_property_name_offset),
        cmocka_unit_test(test_property_name_unterminated),
        cmocka_unit_test(test_property_past_block),
        cmocka_unit_test(test_missing_end_token),
        cmocka_unit_test(test_nesting_too_deep),
        cmocka_unit_test(test_initrd_end_before_start),
        cmocka_unit_test(test_initrd_overlaps_blob),
        cmocka_unit_test(test_unknown_token),
        cmocka_unit_test(test_unbalanced_nodes),
        cmocka_unit_test(test_bad_reg),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_reserved_table_full),
        cmocka_unit_test(test_every_damage_is_survived),
        cmocka_unit_test(test_every_error_has_a_message),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
