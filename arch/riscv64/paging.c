/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sv39 user address spaces: what a page-table entry means, the kernel half
 * every root table shares, and switching satp.
 *
 * The lower half of Sv39 (below 256 GiB) is user space; the upper half holds
 * only the global gigapages entry.S built (the direct map and the kernel), so
 * a new root shares them by copying its root entries 256..511 from the boot
 * root table. No ASIDs yet: every switch flushes the whole TLB.
 */
#include "arch.h"
#include "riscv.h"

#define SV39_LEVELS     3u
#define SV39_USER_TOP   0x4000000000ull    /* 256 GiB: root slots 0..255 */
#define KERNEL_SLOT_MIN (PT_ENTRIES / 2)
#define PTE_PPN_SHIFT   10
#define PAGE_SHIFT      12
/* Sv39's PPN field reaches physical bit 55, but the kernel only ever writes
 * addresses below 2^52 (arch.h), so bits 52.. of every entry's address are
 * zero; cutting them off keeps arch_pte_addr's contract true for any entry. */
#define PTE_ADDR_MASK   0x000ffffffffff000ull

/* The physical address of the boot root table, whose upper half every user
 * root copies. Set once at boot: satp later names whichever VSpace runs. */
static paddr_t kernel_root_pa;

void riscv_paging_init(void)
{
    uint64_t satp = riscv_csr_read(satp);

    kernel_root_pa = (satp & ((1ull << SATP_PPN_BITS) - 1)) << PAGE_SHIFT;
}

paddr_t riscv_kernel_root(void)
{
    return kernel_root_pa;
}

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

/* The kernel's root entries are global gigapage leaves, never tables, so a
 * copy shares the mappings themselves and nothing below them can diverge. */
void arch_vspace_init_root(pte_t *root)
{
    const pte_t *kernel = arch_pt_at(kernel_root_pa);

    for (unsigned i = KERNEL_SLOT_MIN; i < PT_ENTRIES; i++)
        root[i] = kernel[i];
}

/*
 * Without ASIDs the new satp alone does not retire the old space's
 * translations: flush them all. fence.i: code stored into the space's
 * frames before the switch (an image the kernel or a loader copied) must be
 * what this hart fetches, and RISC-V keeps instruction fetch coherent with
 * stores only from a fence.i on.
 */
void arch_vspace_activate(paddr_t root)
{
    uint64_t satp = (uint64_t)SATP_MODE_SV39 << SATP_MODE_SHIFT | root >> PAGE_SHIFT;

    __asm__ volatile("csrw satp, %0\n\tsfence.vma\n\tfence.i" : : "r"(satp) : "memory");
}

void arch_tlb_flush_page(uint64_t va)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}
