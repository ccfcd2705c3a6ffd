/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sv39 user address spaces as kernel/vspace.c sees them: what a page-table
 * entry means. The lower half of Sv39 (below 256 GiB) is user space; the
 * upper half holds only the global gigapages entry.S built.
 */
#include "arch.h"
#include "riscv.h"

#define SV39_LEVELS     3u
#define SV39_USER_TOP   0x4000000000ull    /* 256 GiB: root slots 0..255 */
#define PTE_PPN_SHIFT   10
#define PAGE_SHIFT      12
/* Sv39's PPN field reaches physical bit 55, but the kernel only ever writes
 * addresses below 2^52 (arch.h), so bits 52.. of every entry's address are
 * zero; cutting them off keeps arch_pte_addr's contract true for any entry. */
#define PTE_ADDR_MASK   0x000ffffffffff000ull

pte_t *arch_pt_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, PAGE_SIZE);
}

unsigned arch_pt_levels(void)
{
    return SV39_LEVELS;
}

uint64_t arch_user_top(void)
{
    return SV39_USER_TOP;
}

bool arch_pte_present(pte_t e)
{
    return (e & PTE_V) != 0;
}

/* R = W = X = 0 is what marks a pointer to the next level in Sv39. */
bool arch_pte_is_table(pte_t e)
{
    return (e & PTE_V) != 0 && (e & (PTE_R | PTE_W | PTE_X)) == 0;
}

paddr_t arch_pte_addr(pte_t e)
{
    return (e >> PTE_PPN_SHIFT << PAGE_SHIFT) & PTE_ADDR_MASK;
}

static pte_t pte_ppn(paddr_t pa)
{
    return pa >> PAGE_SHIFT << PTE_PPN_SHIFT;
}

/* The privileged spec reserves U, A and D in non-leaf entries (they must be
 * zero); whether user mode may use the pages is decided by the leaves. */
pte_t arch_pte_table(paddr_t pa)
{
    return pte_ppn(pa) | PTE_V;
}

/*
 * A and D are set up front: hardware without automatic A/D updates (Svade)
 * would otherwise fault on the first access. W without R is reserved, so
 * write-only asks for read too. `device` has no effect: plain Sv39 has no
 * memory types (that needs Svpbmt), and QEMU's devices are uncached anyway.
 * Never G: user mappings differ between address spaces.
 */
pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device)
{
    pte_t e = pte_ppn(pa) | PTE_V | PTE_U | PTE_A | PTE_D;

    (void)device;
    if ((map & (MAP_READ | MAP_WRITE)) != 0)
        e |= PTE_R;
    if ((map & MAP_WRITE) != 0)
        e |= PTE_W;
    if ((map & MAP_EXECUTE) != 0)
        e |= PTE_X;
    return e;
}

void arch_tlb_flush_page(uint64_t va)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}
