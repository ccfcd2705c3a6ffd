/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The direct map: all RAM at X86_DIRECT_MAP_BASE + physical address.
 *
 * boot.S maps the first 4 GiB with 2 MiB pages, enough for the kernel, the
 * boot information and the ACPI tables. Once the memory map is known, the
 * RAM above 4 GiB gets 1 GiB pages in the direct map's own PDPT, which needs
 * no page-table memory and so can happen before there is an allocator.
 */
#include "arch.h"
#include "cap.h"
#include "console.h"
#include "kernel.h"
#include "x86.h"

#define X86_DIRECT_MAP_SLOT ((X86_DIRECT_MAP_BASE >> 39) & 511)
#define X86_GIB             (1ull << 30)
#define CPUID_EXT_FEATURES  0x80000001u
#define CPUID_PAGE1GB       (1u << 26)   /* EDX */

paddr_t x86_direct_map_end = X86_BOOT_MAP_END;

/* A caller asking past the end would fault later anyway; stopping here names the address. */
static _Noreturn void x86_direct_map_miss(paddr_t pa, size_t len)
{
    kputl("PANIC: physical ");
    kputx(pa);
    kputl(" + ");
    kputx(len);
    kputl(" is past the direct map's end ");
    kputx(x86_direct_map_end);
    kputl("\n");
    panic_stop();
}

void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    if (pa >= x86_direct_map_end || len > x86_direct_map_end - pa)
        x86_direct_map_miss(pa, len);
    return (void *)(uintptr_t)(X86_DIRECT_MAP_BASE + pa);
}

uint8_t *arch_bytes_at(paddr_t pa, size_t len)
{
    return arch_phys_to_virt(pa, len);
}

/* IPC buffers are a page at most, so the byte count cannot overflow. */
uint64_t *arch_words_at(paddr_t pa, size_t count)
{
    return arch_phys_to_virt(pa, count * sizeof(uint64_t));
}

bool x86_has_1g_pages(void)
{
    uint32_t r[4];

    x86_cpuid(CPUID_EXT_FEATURES, r);
    return (r[3] & CPUID_PAGE1GB) != 0;
}

static paddr_t x86_ram_end(const struct boot_info *bi)
{
    paddr_t end = 0;
    uint32_t i;

    for (i = 0; i < bi->ram_count; i++) {
        if (bi->ram[i].base + bi->ram[i].size > end)
            end = bi->ram[i].base + bi->ram[i].size;
    }
    return end;
}

/* Drops the RAM at and above `limit` from bi, keeping the order of the rest. */
static void x86_ram_clip(struct boot_info *bi, paddr_t limit)
{
    uint32_t i, kept = 0;

    for (i = 0; i < bi->ram_count; i++) {
        struct mem_region r = bi->ram[i];

        if (r.base >= limit)
            continue;
        if (r.size > limit - r.base)
            r.size = limit - r.base;
        bi->ram[kept++] = r;
    }
    bi->ram_count = kept;
}

/* Found through CR3, not a boot.S symbol: whatever PDPT serves PML4[256] is the one to fill. */
static uint64_t *x86_direct_map_pdpt(void)
{
    const uint64_t *pml4 = arch_phys_to_virt(read_cr3() & X86_PTE_ADDR, PAGE_SIZE);

    return arch_phys_to_virt(pml4[X86_DIRECT_MAP_SLOT] & X86_PTE_ADDR, PAGE_SIZE);
}

/* Maps [x86_direct_map_end, end) with 1 GiB pages; `end` is GiB-aligned, at most the span. */
static void x86_direct_map_gib(paddr_t end)
{
    uint64_t *pdpt = x86_direct_map_pdpt();
    uint64_t flags = X86_PTE_P | X86_PTE_W | X86_PTE_PS;
    paddr_t pa;

    if (rdmsr(X86_MSR_EFER) & X86_EFER_NXE)
        flags |= X86_PTE_NX;   /* only data is ever reached through the direct map */
    for (pa = x86_direct_map_end; pa < end; pa += X86_GIB)
        pdpt[pa / X86_GIB] = pa | flags;
    write_cr3(read_cr3());
    x86_direct_map_end = end;
}

/*
 * The map stops at RAM's end rounded up to a GiB, not at the slot's 512 GiB:
 * MMIO above RAM must get no cacheable mapping. QEMU starts its 64-bit PCI
 * window on the next GiB boundary, so the rounding covers no device there.
 * Whatever RAM is left beyond the map is dropped from bi.
 */
void x86_direct_map_grow(struct boot_info *bi)
{
    paddr_t end = x86_ram_end(bi);

    if (end <= x86_direct_map_end)
        return;
    if (x86_has_1g_pages())
        x86_direct_map_gib(end < X86_DIRECT_MAP_SPAN ? (end + X86_GIB - 1) & ~(X86_GIB - 1)
                                                     : X86_DIRECT_MAP_SPAN);
    else
        kputl("memory: RAM above 4 GiB is not used: this CPU has no 1 GiB pages\n");
    x86_ram_clip(bi, x86_direct_map_end);
}
