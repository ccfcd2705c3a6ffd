/* SPDX-License-Identifier: GPL-2.0-only */
/* Host tests of the ACPI CPU count and I/O APIC list (arch/x86_64/acpi.c) over a
 * fake physical memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acpi.h"

/* Fake physical memory: tables at fixed addresses inside a 64 KiB window. */
#define MEM_SIZE 0x10000u
#define RSDP_PA  0x0100u
#define RSDT_PA  0x1000u
#define XSDT_PA  0x2000u
#define MADT_PA  0x3000u
#define FACP_PA  0x4000u
#define HDR      36u

static uint8_t *mem;
static struct acpi_mem window;
static struct acpi_error err;
static uint32_t madt_len;

static void put32(uint32_t pa, uint32_t v)
{
    memcpy(mem + pa, &v, 4);
}

static void put64(uint32_t pa, uint64_t v)
{
    memcpy(mem + pa, &v, 8);
}

static uint8_t sum(uint32_t pa, uint32_t len)
{
    uint8_t s = 0;
    uint32_t i;

    for (i = 0; i < len; i++)
        s = (uint8_t)(s + mem[pa + i]);
    return s;
}

/* Fixes the checksum byte at `at` so the `len` bytes at `pa` sum to zero. */
static void seal(uint32_t pa, uint32_t len, uint32_t at)
{
    mem[at] = 0;
    mem[at] = (uint8_t)(0x100 - sum(pa, len));
}

static void header(uint32_t pa, const char *sig, uint32_t len)
{
    memcpy(mem + pa, sig, 4);
    put32(pa + 4, len);
    mem[pa + 8] = 1;
    memcpy(mem + pa + 10, "CAIRN ", 6);
}

static void seal_table(uint32_t pa)
{
    uint32_t len;

    memcpy(&len, mem + pa + 4, 4);
    seal(pa, len, pa + 9);
}

static void rsdp(uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
    memcpy(mem + RSDP_PA, "RSD PTR ", 8);
    memcpy(mem + RSDP_PA + 9, "CAIRN ", 6);
    mem[RSDP_PA + 15] = revision;
    put32(RSDP_PA + 16, rsdt);
    put32(RSDP_PA + 20, 36);
    put64(RSDP_PA + 24, xsdt);
    seal(RSDP_PA, 20, RSDP_PA + 8);
    seal(RSDP_PA, 36, RSDP_PA + 32);
}

/* A root table listing a FACP first, then the MADT. */
static void root(uint32_t pa, bool wide)
{
    uint32_t step = wide ? 8 : 4;

    header(pa, wide ? "XSDT" : "RSDT", HDR + 2 * step);
    if (wide) {
        put64(pa + HDR, FACP_PA);
        put64(pa + HDR + 8, MADT_PA);
    } else {
        put32(pa + HDR, FACP_PA);
        put32(pa + HDR + 4, MADT_PA);
    }
    seal_table(pa);
}

static void madt_start(void)
{
    madt_len = 44;
}

static void madt_lapic(uint8_t id, uint32_t flags)
{
    uint32_t at = MADT_PA + madt_len;

    mem[at] = 0;
    mem[at + 1] = 8;
    mem[at + 2] = id;
    mem[at + 3] = id;
    put32(at + 4, flags);
    madt_len += 8;
}

static void madt_x2apic(uint32_t id, uint32_t flags)
{
    uint32_t at = MADT_PA + madt_len;

    mem[at] = 9;
    mem[at + 1] = 16;
    put32(at + 4, id);
    put32(at + 8, flags);
    put32(at + 12, id);
    madt_len += 16;
}

static uint32_t madt_ioapic_at(uint8_t id, uint32_t address, uint32_t gsi_base)
{
    uint32_t at = MADT_PA + madt_len;

    mem[at] = 1;
    mem[at + 1] = 12;
    mem[at + 2] = id;
    put32(at + 4, address);
    put32(at + 8, gsi_base);
    madt_len += 12;
    return at;
}

static void madt_ioapic(void)
{
    madt_ioapic_at(0, 0xfec00000, 0);
}

/* An interrupt source override: ISA `irq` on `bus` arrives at `gsi`. */
static uint32_t madt_override(uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    uint32_t at = MADT_PA + madt_len;

    mem[at] = 2;
    mem[at + 1] = 10;
    mem[at + 2] = bus;
    mem[at + 3] = irq;
    put32(at + 4, gsi);
    mem[at + 8] = (uint8_t)flags;
    mem[at + 9] = (uint8_t)(flags >> 8);
    madt_len += 10;
    return at;
}

static void madt_finish(void)
{
    header(MADT_PA, "APIC", madt_len);
    put32(MADT_PA + 36, 0xfee00000);
    put32(MADT_PA + 40, 1);
    seal_table(MADT_PA);
}

/* A machine with a FACP and a MADT of two enabled CPUs, one disabled, one online-capable. */
static int setup(void **state)
{
    (void)state;
    mem = calloc(1, MEM_SIZE);
    assert_non_null(mem);
    window.base = mem;
    window.limit = MEM_SIZE;
    header(FACP_PA, "FACP", 116);
    seal_table(FACP_PA);
    madt_start();
    madt_lapic(0, 1);
    madt_ioapic();
    madt_lapic(1, 1);
    madt_lapic(2, 0);
    madt_lapic(3, 2);
    madt_finish();
    root(RSDT_PA, false);
    root(XSDT_PA, true);
    rsdp(0, RSDT_PA, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(mem);
    return 0;
}

static enum acpi_status count(uint32_t *cpus)
{
    *cpus = 0;
    return acpi_count_cpus(&window, RSDP_PA, cpus, &err);
}

static void expect_error(enum acpi_status s, paddr_t where, const char *table)
{
    uint32_t cpus;

    assert_int_equal(count(&cpus), s);
    assert_int_equal(err.status, s);
    assert_int_equal(err.where, where);
    assert_string_equal(err.table, table);
    assert_int_equal(cpus, 0);
    assert_non_null(acpi_strerror(s));
}

static void rsdt_path_counts_enabled_and_online_capable_cpus(void **state)
{
    uint32_t cpus;

    (void)state;
    assert_int_equal(count(&cpus), ACPI_OK);
    assert_int_equal(cpus, 3);
}

static void xsdt_path_is_preferred_and_counts_x2apic(void **state)
{
    uint32_t cpus;

    (void)state;
    madt_x2apic(300, 1);
    madt_x2apic(301, 0);
    madt_finish();
    rsdp(2, 0xdead0000u, XSDT_PA);   /* an RSDT that is never read */
    assert_int_equal(count(&cpus), ACPI_OK);
    assert_int_equal(cpus, 4);
}

static void revision_2_without_xsdt_uses_the_rsdt(void **state)
{
    uint32_t cpus;

    (void)state;
    rsdp(2, RSDT_PA, 0);
    assert_int_equal(count(&cpus), ACPI_OK);
    assert_int_equal(cpus, 3);
}

static void missing_rsdp_is_reported(void **state)
{
    uint32_t cpus = 0;

    (void)state;
    assert_int_equal(acpi_count_cpus(&window, 0, &cpus, &err), ACPI_NO_RSDP);
}

static void bad_rsdp_is_refused(void **state)
{
    (void)state;
    mem[RSDP_PA] = 'X';
    expect_error(ACPI_RSDP_SIGNATURE, RSDP_PA, "RSDP");
    mem[RSDP_PA] = 'R';
    mem[RSDP_PA + 16] ^= 1;
    expect_error(ACPI_RSDP_CHECKSUM, RSDP_PA, "RSDP");
    rsdp(2, RSDT_PA, XSDT_PA);
    mem[RSDP_PA + 28] ^= 1;   /* only the extended checksum covers this */
    expect_error(ACPI_RSDP_CHECKSUM, RSDP_PA, "RSDP");
    rsdp(2, RSDT_PA, XSDT_PA);
    put32(RSDP_PA + 20, 20);
    seal(RSDP_PA, 36, RSDP_PA + 32);
    expect_error(ACPI_RSDP_LENGTH, RSDP_PA, "RSDP");
}

static void rsdp_at_the_edge_of_memory_is_refused(void **state)
{
    uint32_t cpus;

    (void)state;
    assert_int_equal(acpi_count_cpus(&window, MEM_SIZE - 10, &cpus, &err), ACPI_OUT_OF_RANGE);
    assert_int_equal(err.where, MEM_SIZE - 10);
    assert_int_equal(acpi_count_cpus(&window, UINT64_MAX - 4, &cpus, &err), ACPI_OUT_OF_RANGE);
}

static void madt_longer_than_memory_is_refused(void **state)
{
    (void)state;
    put32(MADT_PA + 4, MEM_SIZE);
    expect_error(ACPI_OUT_OF_RANGE, MADT_PA, "APIC");
    put32(MADT_PA + 4, 0xffffffffu);
    expect_error(ACPI_OUT_OF_RANGE, MADT_PA, "APIC");
}

static void madt_with_bad_checksum_is_refused(void **state)
{
    (void)state;
    mem[MADT_PA + 44 + 4] ^= 1;   /* the first CPU's flags */
    expect_error(ACPI_BAD_CHECKSUM, MADT_PA, "APIC");
}

static void table_pointer_past_memory_is_refused(void **state)
{
    (void)state;
    put32(RSDT_PA + HDR + 4, MEM_SIZE + 0x1000);
    seal_table(RSDT_PA);
    expect_error(ACPI_OUT_OF_RANGE, MEM_SIZE + 0x1000, "RSDT");

    put64(XSDT_PA + HDR + 8, 0x100000000000ull);
    seal_table(XSDT_PA);
    rsdp(2, RSDT_PA, XSDT_PA);
    expect_error(ACPI_OUT_OF_RANGE, 0x100000000000ull, "XSDT");

    rsdp(0, MEM_SIZE - 8, 0);
    expect_error(ACPI_OUT_OF_RANGE, MEM_SIZE - 8, "RSDT");
}

static void bad_root_tables_are_refused(void **state)
{
    (void)state;
    put32(RSDT_PA + 4, 20);
    seal_table(RSDT_PA);
    expect_error(ACPI_BAD_LENGTH, RSDT_PA, "RSDT");
    root(RSDT_PA, false);
    memcpy(mem + RSDT_PA, "XSDT", 4);
    expect_error(ACPI_BAD_SIGNATURE, RSDT_PA, "RSDT");
    root(RSDT_PA, false);
    put32(RSDT_PA + HDR + 4, FACP_PA);   /* lists only the FACP, twice */
    seal_table(RSDT_PA);
    expect_error(ACPI_NO_MADT, RSDT_PA, "RSDT");
}

static void broken_madt_entries_are_refused(void **state)
{
    (void)state;
    mem[MADT_PA + 44 + 1] = 0;   /* length 0 would loop forever */
    seal_table(MADT_PA);
    expect_error(ACPI_MADT_ENTRY, MADT_PA + 44, "APIC");

    mem[MADT_PA + 44 + 1] = 4;   /* a Local APIC entry needs 8 bytes */
    seal_table(MADT_PA);
    expect_error(ACPI_MADT_ENTRY, MADT_PA + 44, "APIC");

    mem[MADT_PA + 44 + 1] = 8;
    mem[MADT_PA + madt_len - 8 + 1] = 200;   /* the last entry runs past the table */
    seal_table(MADT_PA);
    expect_error(ACPI_MADT_ENTRY, MADT_PA + madt_len - 8, "APIC");

    put32(MADT_PA + 4, 40);   /* too short for the local APIC address and flags */
    seal_table(MADT_PA);
    expect_error(ACPI_BAD_LENGTH, MADT_PA, "APIC");
}

static void madt_without_usable_cpus_is_refused(void **state)
{
    (void)state;
    madt_start();
    madt_lapic(0, 0);
    madt_ioapic();
    madt_finish();
    expect_error(ACPI_NO_CPUS, MADT_PA, "APIC");
}

static void check_table_verifies_a_standalone_copy(void **state)
{
    struct acpi_mem copy;
    uint32_t len;

    (void)state;
    copy.base = mem + MADT_PA;
    copy.limit = madt_len;
    assert_int_equal(acpi_check_table(&copy, 0, "APIC", &len, &err), ACPI_OK);
    assert_int_equal(len, madt_len);
    copy.limit = madt_len - 1;
    assert_int_equal(acpi_check_table(&copy, 0, "APIC", &len, &err), ACPI_OUT_OF_RANGE);
}

static enum acpi_status read_irqs(struct acpi_irq_info *info)
{
    return acpi_read_irqs(&window, RSDP_PA, info, &err);
}

/* QEMU's pc: IRQ 0 moved to GSI 2, IRQ 9 level and active high; a second
 * I/O APIC from GSI 24. */
static void ioapics_and_overrides_are_read(void **state)
{
    struct acpi_irq_info info;

    (void)state;
    madt_override(0, 0, 2, 0);
    madt_override(0, 9, 9, ACPI_INTI_ACTIVE_HIGH | ACPI_INTI_LEVEL);
    madt_ioapic_at(3, 0xfec01000, 24);
    madt_finish();
    assert_int_equal(read_irqs(&info), ACPI_OK);
    assert_int_equal(info.ioapic_count, 2);
    assert_int_equal(info.ioapic[0].address, 0xfec00000);
    assert_int_equal(info.ioapic[0].gsi_base, 0);
    assert_int_equal(info.ioapic[1].id, 3);
    assert_int_equal(info.ioapic[1].address, 0xfec01000);
    assert_int_equal(info.ioapic[1].gsi_base, 24);
    assert_true(info.isa[0].overridden);
    assert_int_equal(info.isa[0].gsi, 2);
    assert_int_equal(info.isa[0].flags, 0);
    assert_int_equal(info.isa[9].flags, ACPI_INTI_ACTIVE_HIGH | ACPI_INTI_LEVEL);
    assert_false(info.isa[4].overridden);
    assert_int_equal(info.isa[4].gsi, 4);
    assert_int_equal(info.isa[4].flags, 0);
}

static void too_many_ioapics_are_refused(void **state)
{
    struct acpi_irq_info info;
    uint32_t ninth = 0;

    (void)state;
    for (uint32_t i = 1; i <= ACPI_MAX_IOAPICS; i++)
        ninth = madt_ioapic_at((uint8_t)i, 0xfec00000 + 0x1000 * i, 24 * i);
    madt_finish();
    assert_int_equal(read_irqs(&info), ACPI_IOAPICS_FULL);
    assert_int_equal(err.where, ninth);
    assert_string_equal(err.table, "APIC");
}

/* An override for another bus, an IRQ past 15, reserved polarity or
 * trigger, or a second one for one IRQ: each refused where it is. */
static void bad_overrides_are_refused(void **state)
{
    static const struct { uint8_t bus, irq; uint16_t flags; } bad[] = {
        { 1, 4, 0 }, { 0, 16, 0 }, { 0, 4, 0x2 }, { 0, 4, 0x8 },
    };
    struct acpi_irq_info info;
    uint32_t cpus, at;

    (void)state;
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        madt_start();
        madt_lapic(0, 1);
        at = madt_override(bad[i].bus, bad[i].irq, 4, bad[i].flags);
        madt_finish();
        assert_int_equal(read_irqs(&info), ACPI_BAD_OVERRIDE);
        assert_int_equal(err.where, at);
        assert_non_null(acpi_strerror(ACPI_BAD_OVERRIDE));
        assert_int_equal(count(&cpus), ACPI_OK);   /* the CPUs are still counted */
        assert_int_equal(cpus, 1);
    }
    madt_start();
    madt_lapic(0, 1);
    madt_override(0, 4, 4, 0);
    at = madt_override(0, 4, 5, 0);
    madt_finish();
    assert_int_equal(read_irqs(&info), ACPI_BAD_OVERRIDE);
    assert_int_equal(err.where, at);
}

static void short_irq_entries_are_refused(void **state)
{
    struct acpi_irq_info info;
    uint32_t at;

    (void)state;
    madt_start();
    madt_lapic(0, 1);
    at = madt_ioapic_at(0, 0xfec00000, 0);
    mem[at + 1] = 8;
    madt_len -= 4;
    madt_finish();
    assert_int_equal(read_irqs(&info), ACPI_MADT_ENTRY);
    assert_int_equal(err.where, at);
    madt_start();
    madt_lapic(0, 1);
    at = madt_override(0, 4, 4, 0);
    mem[at + 1] = 6;
    madt_len -= 4;
    madt_finish();
    assert_int_equal(read_irqs(&info), ACPI_MADT_ENTRY);
    assert_int_equal(err.where, at);
}

/* Every single-bit corruption of every table byte: an error or a count, never a crash. */
static void damaged_tables_never_crash(void **state)
{
    static const uint32_t spans[][2] = {
        { RSDP_PA, 36 }, { XSDT_PA, HDR + 16 }, { MADT_PA, 100 },
    };
    uint8_t *good = malloc(MEM_SIZE);
    struct acpi_irq_info info;
    uint32_t cpus, s, i, k;

    (void)state;
    assert_non_null(good);
    madt_override(0, 0, 2, 0);
    madt_finish();
    rsdp(2, RSDT_PA, XSDT_PA);
    memcpy(good, mem, MEM_SIZE);
    for (s = 0; s < 3; s++) {
        for (i = 0; i < spans[s][1]; i++) {
            for (k = 0; k < 8; k++) {
                memcpy(mem, good, MEM_SIZE);
                mem[spans[s][0] + i] ^= (uint8_t)(1u << k);
                count(&cpus);
                read_irqs(&info);
            }
        }
    }
    free(good);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(rsdt_path_counts_enabled_and_online_capable_cpus),
        T(xsdt_path_is_preferred_and_counts_x2apic),
        T(revision_2_without_xsdt_uses_the_rsdt),
        T(missing_rsdp_is_reported),
        T(bad_rsdp_is_refused),
        T(rsdp_at_the_edge_of_memory_is_refused),
        T(madt_longer_than_memory_is_refused),
        T(madt_with_bad_checksum_is_refused),
        T(table_pointer_past_memory_is_refused),
        T(bad_root_tables_are_refused),
        T(broken_madt_entries_are_refused),
        T(madt_without_usable_cpus_is_refused),
        T(check_table_verifies_a_standalone_copy),
        T(ioapics_and_overrides_are_read),
        T(too_many_ioapics_are_refused),
        T(bad_overrides_are_refused),
        T(short_irq_entries_are_refused),
        T(damaged_tables_never_crash),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
