/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User address spaces, Sv48 where the hart has it and Sv39 otherwise: what a
 * page-table entry means, the kernel half every root table shares, and
 * switching satp.
 *
 * The lower half is user space (below 128 TiB under Sv48, 256 GiB under
 * Sv39). The kernel's addresses are all at or above DIRECT_MAP_BASE, in the
 * global gigapages entry.S built into the boot root table. Under Sv39 a new
 * root shares them by copying the boot root's entries 256..511. Under Sv48
 * the boot root table becomes the level-2 table below the last root entry
 * (0xffffff80_00000000 up), where the very same entries translate the very
 * same addresses, so a new root copies a single entry. No ASIDs yet: every
 * switch flushes the whole TLB.
 */
#include "arch.h"
#include "riscv.h"

#define SV39_LEVELS     3u
#define SV48_LEVELS     4u
#define SV39_USER_TOP   0x4000000000ull      /* 256 GiB: Sv39 root slots 0..255 */
#define SV48_USER_TOP   0x800000000000ull    /* 128 TiB: Sv48 root slots 0..255 */
#define KERNEL_SLOT_MIN (PT_ENTRIES / 2)
#define PTE_PPN_SHIFT   10
/* Sv39's PPN field reaches physical bit 55, but the kernel only ever writes
 * addresses below 2^52 (arch.h), so bits 52.. of every entry's address are
 * zero; cutting them off keeps arch_pte_addr's contract true for any entry. */
#define PTE_ADDR_MASK   0x000ffffffffff000ull

/* The boot root table (Sv39, entry.S): the kernel's gigapages. */
static paddr_t boot_root_pa;
/* The root whose upper half every user root copies: the boot root under
 * Sv39, sv48_root under Sv48. Set once at boot: satp later names whichever
 * VSpace runs. */
static paddr_t kernel_root_pa;
static pte_t sv48_root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned pt_levels = SV39_LEVELS;
static uint64_t satp_mode = SATP_MODE_SV39;

/*
 * Switch the kernel to Sv48 if the hart has it: satp ignores a write whose
 * mode the hart lacks, so the mode reads back only where it took. The
 * kernel keeps running across the switch, since its addresses translate the
 * same through the boot root as a level-2 table.
 */
static void riscv_sv48_try(void)
{
    paddr_t pa = (paddr_t)(uintptr_t)sv48_root - KERNEL_VIRT_OFFSET;
    uint64_t want = (uint64_t)SATP_MODE_SV48 << SATP_MODE_SHIFT | pa >> PAGE_SHIFT;

    sv48_root[PT_ENTRIES - 1] = arch_pte_table(boot_root_pa);
    __asm__ volatile("csrw satp, %0\n\tsfence.vma" : : "r"(want) : "memory");
    if (riscv_csr_read(satp) != want)
        return;
    kernel_root_pa = pa;
    pt_levels = SV48_LEVELS;
    satp_mode = SATP_MODE_SV48;
}

void riscv_paging_init(void)
{
    uint64_t satp = riscv_csr_read(satp);

    boot_root_pa = (satp & ((1ull << SATP_PPN_BITS) - 1)) << PAGE_SHIFT;
    kernel_root_pa = boot_root_pa;
    riscv_sv48_try();
}

paddr_t riscv_boot_root(void)
{
    return boot_root_pa;
}

paddr_t riscv_kernel_root(void)
{
    return kernel_root_pa;
}

uint64_t riscv_satp_mode(void)
{
    return satp_mode;
}

pte_t *arch_pt_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, PAGE_SIZE);
}

unsigned arch_pt_levels(void)
{
    return pt_levels;
}

uint64_t arch_user_top(void)
{
    return pt_levels == SV48_LEVELS ? SV48_USER_TOP : SV39_USER_TOP;
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

/* The kernel's root entries are global gigapage leaves (Sv39) or one table
 * of them that nothing ever writes (Sv48), so a copy shares the mappings
 * themselves and nothing below them can diverge. */
void arch_vspace_init_root(pte_t *root)
{
    const pte_t *kernel = arch_pt_at(kernel_root_pa);

    for (unsigned i = KERNEL_SLOT_MIN; i < PT_ENTRIES; i++)
        root[i] = kernel[i];
}

/*
 * Switch to another root (arch_fast.h's arch_vspace_activate skips the
 * switch to the root already active). Without ASIDs the new satp alone
 * does not retire the old space's translations: flush them all. fence.i:
 * code stored into the space's frames before the switch (an image the
 * kernel or a loader copied) must be what this hart fetches, and RISC-V
 * keeps instruction fetch coherent with stores only from a fence.i on.
 * A thread that stores code for its own space to run fences itself
 * (fence.i is unprivileged).
 */
void riscv_vspace_switch(paddr_t root)
{
    uint64_t satp = satp_mode << SATP_MODE_SHIFT | root >> PAGE_SHIFT;

    __asm__ volatile("csrw satp, %0\n\tsfence.vma\n\tfence.i" : : "r"(satp) : "memory");
}

void arch_tlb_flush_page(uint64_t va)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}
