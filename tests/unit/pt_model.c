/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A model arch layer for the page-table code of kernel/ on the host: 4
 * levels, entries as x86_64 lays them out (present bit 0, large page bit 7,
 * address bits 12..51), tables and bookkeeping in the test program's own
 * memory (the direct map is the identity, as in direct_map.c).
 */
#include "pt_model.h"

unsigned pt_model_flushes;

unsigned arch_pt_levels(void) { return 4; }
uint64_t arch_user_top(void) { return PT_MODEL_USER_TOP; }
bool arch_pte_present(pte_t e) { return (e & PT_MODEL_P) != 0; }
bool arch_pte_is_table(pte_t e) { return (e & PT_MODEL_PS) == 0; }
paddr_t arch_pte_addr(pte_t e) { return e & PT_MODEL_ADDR_MASK; }
pte_t arch_pte_table(paddr_t pa) { return pa | PT_MODEL_P; }
pte_t arch_pte_leaf(paddr_t pa, unsigned map, bool device)
{
    return pa | PT_MODEL_P | PT_MODEL_PS | ((pte_t)map << 1) | ((pte_t)device << 4);
}
pte_t *arch_pt_at(paddr_t pa) { return (pte_t *)(uintptr_t)pa; }
struct vspace *arch_vspace_at(paddr_t pa) { return (struct vspace *)(uintptr_t)pa; }
void arch_tlb_flush_page(uint64_t va) { (void)va; pt_model_flushes++; }

/* The kernel half: one recognisable entry, so a test can see it was filled. */
void arch_vspace_init_root(pte_t *root)
{
    root[PT_ENTRIES - 1] = PT_MODEL_KERNEL_ENTRY;
}

/* Follow va down to its leaf the way the MMU would; 0 if unmapped. */
pte_t pt_model_translate(paddr_t root, uint64_t va)
{
    const pte_t *t = arch_pt_at(root);

    for (int level = 3; level >= 0; level--) {
        pte_t e = t[(va >> (12 + 9 * level)) & 511];

        if (!(e & PT_MODEL_P))
            return 0;
        if (level == 0)
            return e;
        t = arch_pt_at(e & PT_MODEL_ADDR_MASK);
    }
    return 0;
}
