/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 4-level paging as kernel/vspace.c sees it: what an entry means.
 */
#include "arch.h"
#include "x86.h"

#define X86_PTE_U     (1ull << 2)
#define X86_PTE_PCD   (1ull << 4)   /* with PWT: uncached (PAT entry 3, UC) */
#define X86_PTE_PWT   (1ull << 3)
#define X86_USER_TOP  0x0000800000000000ull

unsigned arch_pt_levels(void)
{
    return 4;
}

uint64_t arch_user_top(void)
{
    return X86_USER_TOP;
}

bool arch_pte_present(pte_t e)
{
    return (e & X86_PTE_P) != 0;
}

bool arch_pte_is_table(pte_t e)
{
    return (e & X86_PTE_PS) == 0;
}

paddr_t arch_pte_addr(pte_t e)
{
    return e & X86_PTE_ADDR;
}

/* Tables allow everything; the leaf decides (x86 ANDs the levels' rights). */
pte_t arch_pte_table(paddr_t pa)
{
    return pa | X86_PTE_P | X86_PTE_W | X86_PTE_U;
}

pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device)
{
    pte_t e = pa | X86_PTE_P | X86_PTE_U;

    if (map & MAP_WRITE)
        e |= X86_PTE_W;
    if (!(map & MAP_EXECUTE) && (rdmsr(X86_MSR_EFER) & X86_EFER_NXE))
        e |= X86_PTE_NX;
    if (device)
        e |= X86_PTE_PCD | X86_PTE_PWT;
    return e;
}

pte_t *arch_pt_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, PAGE_SIZE);
}

void arch_tlb_flush_page(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}
