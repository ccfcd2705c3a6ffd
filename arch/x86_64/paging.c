/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 4-level paging as kernel/vspace.c sees it: what an entry means, the
 * kernel half every address space shares, and switching address spaces.
 */
#include "arch.h"
#include "endpoint.h"
#include "tcb.h"
#include "vspace.h"
#include "x86.h"

#define X86_PTE_U     (1ull << 2)
#define X86_PTE_PCD   (1ull << 4)   /* with PWT: PAT entry 3, uncached */
#define X86_PTE_PWT   (1ull << 3)
#define KERNEL_HALF   (PT_ENTRIES / 2)

/* The root table the kernel booted on: its upper half is the kernel's. */
static paddr_t x86_kernel_root;
/* The no-execute bit, where EFER.NXE makes it one. Without it bit 63 is
 * reserved (setting it would make every access a reserved-bit fault) and
 * every user page is executable: such a CPU cannot enforce W^X. */
static pte_t x86_pte_nx;

/* At boot, before any address space exists: CR3 is still the kernel's. */
void x86_paging_init(void)
{
    x86_kernel_root = read_cr3() & X86_PTE_ADDR;
    x86_pte_nx = (rdmsr(X86_MSR_EFER) & X86_EFER_NXE) ? X86_PTE_NX : 0;
}

unsigned arch_pt_levels(void)
{
    return 4;
}

uint64_t arch_user_top(void)
{
    return X86_LOWER_HALF_END;
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

/* Tables allow everything, user access (U) included at every level; the
 * leaf decides, since x86 ANDs the rights of every level of the walk. */
pte_t arch_pte_table(paddr_t pa)
{
    return pa | X86_PTE_P | X86_PTE_W | X86_PTE_U;
}

pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device)
{
    pte_t e = pa | X86_PTE_P | X86_PTE_U;

    if (map & MAP_WRITE)
        e |= X86_PTE_W;
    if (!(map & MAP_EXECUTE))
        e |= x86_pte_nx;
    if (device)
        e |= X86_PTE_PCD | X86_PTE_PWT;
    return e;
}

pte_t *arch_pt_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, PAGE_SIZE);
}

/* The kernel's PDPTs are shared, not copied: the direct map grows in place
 * (directmap.c) and every address space sees it. */
void arch_vspace_init_root(pte_t *root)
{
    const pte_t *kernel = arch_pt_at(x86_kernel_root);
    unsigned i;

    for (i = KERNEL_HALF; i < PT_ENTRIES; i++)
        root[i] = kernel[i];
}

void arch_tlb_flush_page(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

struct vspace *arch_vspace_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, sizeof(struct vspace));
}
