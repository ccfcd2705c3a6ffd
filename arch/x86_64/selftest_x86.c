/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 self-tests in the booted kernel: the boot parsers on the real
 * firmware data and on damaged copies of it, the CPU state boot.S set up and
 * the page tables the kernel runs on; selftest_user.c adds the ring-3 set-up.
 */
#include "acpi.h"
#include "arch.h"
#include "multiboot2.h"
#include "selftest.h"
#include "x86.h"

/* Holds a copy of the boot information or of the MADT (no heap here). */
#define X86_ST_BUF_SIZE 32768
#define X86_ST_TICK_WAIT 100   /* hlt rounds; any interrupt ends one */

static uint8_t x86_st_buf[X86_ST_BUF_SIZE] __attribute__((aligned(8)));
static struct boot_info x86_st_bi;

static void x86_st_copy(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    uint32_t i;

    for (i = 0; i < n; i++)
        dst[i] = src[i];
}

static void x86_st_put32(uint32_t off, uint32_t v)
{
    unsigned i;

    for (i = 0; i < 4; i++)
        x86_st_buf[off + i] = (uint8_t)(v >> (8 * i));
}

static uint32_t x86_st_get32(uint32_t off)
{
    return (uint32_t)x86_st_buf[off] | (uint32_t)x86_st_buf[off + 1] << 8 |
           (uint32_t)x86_st_buf[off + 2] << 16 | (uint32_t)x86_st_buf[off + 3] << 24;
}

/* Copies the real boot information into the buffer; its total size, or 0 if it does not fit. */
static uint32_t x86_st_load_mbi(void)
{
    const uint8_t *mbi = arch_phys_to_virt(x86_mbi_phys, 8);
    uint32_t total = (uint32_t)mbi[0] | (uint32_t)mbi[1] << 8 | (uint32_t)mbi[2] << 16 |
                     (uint32_t)mbi[3] << 24;

    if (total < 16 || total > X86_ST_BUF_SIZE)
        return 0;
    x86_st_copy(x86_st_buf, mbi, total);
    return total;
}

static enum mb2_status x86_st_parse(size_t len, struct mb2_error *err)
{
    struct mb2_source src = { x86_st_buf, len, x86_mbi_phys, X86_DIRECT_MAP_SPAN };

    x86_st_bi.reserved_count = 0;
    return mb2_parse(&src, &x86_st_bi, err);
}

static void x86_st_multiboot2(struct selftest *t)
{
    struct mb2_error err;
    uint32_t total = x86_st_load_mbi();

    if (total == 0) {
        selftest_expect(t, false, "mb2: the boot information fits the self-test buffer");
        return;
    }
    selftest_expect(t, x86_st_parse(total, &err) == MB2_OK && x86_st_bi.ram_count > 0,
                    "mb2: the boot information parses again");
    selftest_expect(t, x86_st_parse(total - 8, &err) == MB2_BAD_TOTAL_SIZE,
                    "mb2: a truncated copy is refused");
    x86_st_put32(0, 4);
    selftest_expect(t, x86_st_parse(total, &err) == MB2_BAD_TOTAL_SIZE,
                    "mb2: a total size below the header is refused");
    x86_st_put32(0, total);
    x86_st_put32(12, total);
    selftest_expect(t, x86_st_parse(total, &err) == MB2_TAG_OVERRUN && err.offset == 8,
                    "mb2: a tag overrunning the end is refused at its offset");
    /* GRUB puts the end tag last; renaming it leaves a list with no end. */
    x86_st_load_mbi();
    if (x86_st_get32(total - 8) == MB2_TAG_END)
        x86_st_put32(total - 8, 0x7fff);
    selftest_expect(t, x86_st_parse(total, &err) == MB2_NO_END_TAG,
                    "mb2: a missing end tag is detected");
}

/* The real MADT is valid, and the same bytes with one changed are not. */
static void x86_st_acpi(struct selftest *t, paddr_t rsdp)
{
    struct acpi_mem mem = { arch_phys_to_virt(0, x86_direct_map_end), x86_direct_map_end };
    struct acpi_mem copy = { x86_st_buf, X86_ST_BUF_SIZE };
    struct acpi_error err;
    paddr_t madt;
    uint32_t len, len2;
    bool intact, refused;

    if (acpi_find_madt(&mem, rsdp, &madt, &len, &err) != ACPI_OK || len > X86_ST_BUF_SIZE) {
        selftest_expect(t, false, "acpi: the MADT is found and its checksum holds");
        return;
    }
    selftest_expect(t, true, "acpi: the MADT is found and its checksum holds");
    x86_st_copy(x86_st_buf, (const uint8_t *)arch_phys_to_virt(madt, len), len);
    intact = acpi_check_table(&copy, 0, "APIC", &len2, &err) == ACPI_OK;
    x86_st_buf[len - 1] ^= 0x5a;
    refused = acpi_check_table(&copy, 0, "APIC", &len2, &err) == ACPI_BAD_CHECKSUM;
    selftest_expect(t, intact && refused, "acpi: a MADT copy with one byte changed is refused");
}

static bool x86_st_cpu_state(void)
{
    uint64_t cr0 = X86_CR0_PE | X86_CR0_WP | X86_CR0_PG;
    uint64_t efer = X86_EFER_LME | X86_EFER_LMA;
    uint32_t r[4];

    x86_cpuid(0x80000001u, r);
    if (r[3] & (1u << 20))
        efer |= X86_EFER_NXE;
    return (read_cr0() & cr0) == cr0 && (read_cr4() & X86_CR4_PAE) &&
           (rdmsr(X86_MSR_EFER) & efer) == efer;
}

/* The physical address `va` maps to in the live page tables; false when nothing is mapped. */
static bool x86_st_translate(uint64_t va, paddr_t *pa)
{
    const uint64_t *table = arch_phys_to_virt(read_cr3() & X86_PTE_ADDR, PAGE_SIZE);
    unsigned shift;

    for (shift = 39;; shift -= 9) {
        uint64_t e = table[(va >> shift) & 511];
        uint64_t offset_mask = (1ull << shift) - 1;

        if (!(e & X86_PTE_P))
            return false;
        if (shift == 12 || (e & X86_PTE_PS)) {
            *pa = (e & X86_PTE_ADDR & ~offset_mask) | (va & offset_mask);
            return true;
        }
        table = arch_phys_to_virt(e & X86_PTE_ADDR, PAGE_SIZE);
    }
}

/* The end of the highest RAM below `limit` in the firmware's memory map (re-parsed). */
static paddr_t x86_st_ram_end(paddr_t limit)
{
    paddr_t end = 0;
    uint32_t i;

    for (i = 0; i < x86_st_bi.ram_count; i++) {
        const struct mem_region *r = &x86_st_bi.ram[i];
        paddr_t r_end = r->base + r->size < limit ? r->base + r->size : limit;

        if (r->base < limit && r_end > end)
            end = r_end;
    }
    return end;
}

/*
 * The last page of RAM, as far as this CPU can map it, is reached through the
 * direct map at its own physical address. The expected end comes from the
 * firmware's memory map, not from what the kernel made of it.
 */
static bool x86_st_direct_map_reaches_ram_end(void)
{
    paddr_t limit = x86_has_1g_pages() ? X86_DIRECT_MAP_SPAN : X86_BOOT_MAP_END;
    paddr_t end = x86_st_ram_end(limit);
    paddr_t last = (end - 1) & ~(paddr_t)(PAGE_SIZE - 1);
    const volatile uint64_t *word;
    paddr_t pa;

    if (end == 0 || end > x86_direct_map_end)
        return false;
    if (!x86_st_translate(X86_DIRECT_MAP_BASE + last, &pa) || pa != last)
        return false;
    word = arch_phys_to_virt(last, sizeof(*word));
    (void)*word;   /* the CPU's own walk: a missing page faults here */
    return true;
}

/* The lower half will be user space: the identity map must not grow with the direct map. */
static bool x86_st_identity_map_stays_low(void)
{
    paddr_t pa;

    return !x86_st_translate(X86_BOOT_MAP_END, &pa);
}

/* Sleeps until the tick count moves; the timer is the only interrupt source. */
static bool x86_st_timer_ticks(void)
{
    uint64_t start = x86_timer_ticks;
    unsigned i;

    for (i = 0; i < X86_ST_TICK_WAIT && x86_timer_ticks == start; i++)
        arch_idle();
    return x86_timer_ticks != start;
}

void arch_selftest(struct selftest *t)
{
    struct mb2_error err;

    x86_st_multiboot2(t);
    x86_st_parse(x86_st_load_mbi(), &err);
    x86_st_acpi(t, x86_st_bi.acpi_rsdp);
    selftest_expect(t, x86_lapic_hz != 0, "x86: the LAPIC timer frequency was measured");
    selftest_expect(t, x86_st_timer_ticks(), "x86: the LAPIC timer interrupt arrives");
    selftest_expect(t, x86_st_cpu_state(), "x86: CR0.PG/WP, CR4.PAE and EFER.LME/LMA/NXE are set");
    selftest_expect(t, x86_st_direct_map_reaches_ram_end(),
                    "x86: the direct map reaches the end of RAM");
    selftest_expect(t, x86_st_identity_map_stays_low(),
                    "x86: the identity map ends at 4 GiB");
    x86_st_user(t);
}
