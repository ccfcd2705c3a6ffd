/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device interrupt lines on riscv64 (arch.h, "Interrupt lines"): the
 * sources of the PLIC the device tree describes, which interrupt the boot
 * hart in supervisor mode through one context. Every source has priority 1
 * and the context's threshold is 0, so an enabled source interrupts; a
 * line's mask is its enable bit in that context. Source 0 does not exist
 * (the PLIC's "no interrupt").
 */
#include "arch.h"
#include "console.h"
#include "riscv.h"

#define PLIC_PRIORITY(src)     (4u * (src))
#define PLIC_ENABLE(ctx, src)  (0x2000u + 0x80u * (ctx) + 4u * ((src) / 32u))
#define PLIC_THRESHOLD(ctx)    (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx)        (PLIC_THRESHOLD(ctx) + 4u)   /* claim by reading, complete by writing */
#define PLIC_SOURCE_PRIORITY   1u

static volatile uint8_t *plic_regs;   /* NULL: no PLIC, no lines */
static uint32_t plic_context;
static uint32_t plic_lines;           /* sources 1 .. plic_lines - 1 */

static volatile uint32_t *plic_reg(uint32_t offset)
{
    return (volatile uint32_t *)(plic_regs + offset);
}

static void plic_enable(uint32_t src, bool on)
{
    volatile uint32_t *word = plic_reg(PLIC_ENABLE(plic_context, src));
    uint32_t bit = 1u << (src % 32u);

    *word = on ? *word | bit : *word & ~bit;
}

/* The registers up to the boot hart's context's claim register must lie in
 * the PLIC's range and the direct map. */
static bool plic_fits(const struct fdt_arch_info *f)
{
    uint64_t need = PLIC_CLAIM(f->plic_context) + 4u;

    return f->plic_size >= need && f->plic_base <= ((uint64_t)DIRECT_MAP_GIB << 30) - need;
}

void arch_irq_init(void)
{
    const struct fdt_arch_info *f = &riscv_boot.fdt;
    uint32_t src;

    if (!f->has_plic || !plic_fits(f)) {
        kputl("irq: no PLIC context for the boot hart; no device interrupts\n");
        return;
    }
    plic_regs = arch_phys_to_virt(f->plic_base, f->plic_size);
    plic_context = f->plic_context;
    plic_lines = f->plic_sources + 1 < IRQ_LINES_MAX ? f->plic_sources + 1 : IRQ_LINES_MAX;
    for (src = 1; src <= f->plic_sources; src++) {
        plic_enable(src, false);
        *plic_reg(PLIC_PRIORITY(src)) = PLIC_SOURCE_PRIORITY;
    }
    *plic_reg(PLIC_THRESHOLD(plic_context)) = 0;
    riscv_csr_set(sie, SIE_SEIE);
    kputl("irq: ");
    kputu(plic_lines - 1);
    kputl(" lines (PLIC sources 1-");
    kputu(plic_lines - 1);
    kputl("), context ");
    kputu(plic_context);
    kputl("\n");
}

uint32_t arch_irq_lines(void)
{
    return plic_lines;
}

bool arch_irq_usable(uint32_t line)
{
    return line != 0 && line < plic_lines;
}

void arch_irq_mask(uint32_t line)
{
    if (arch_irq_usable(line))
        plic_enable(line, false);
}

void arch_irq_unmask(uint32_t line)
{
    if (arch_irq_usable(line))
        plic_enable(line, true);
}

/*
 * A supervisor external interrupt: claim the source, disable it, complete
 * it (the PLIC forwards nothing more from a claimed source until then), and
 * hand it to the generic kernel, which does not return here. A claim of 0
 * means another context took the interrupt first: nothing to do.
 */
void riscv_external_interrupt(void)
{
    uint32_t src;

    if (plic_regs == NULL)
        return;
    src = *plic_reg(PLIC_CLAIM(plic_context));
    if (src == 0)
        return;
    arch_irq_mask(src);
    *plic_reg(PLIC_CLAIM(plic_context)) = src;
    riscv_interrupt_on_trap_stack(src);
}
