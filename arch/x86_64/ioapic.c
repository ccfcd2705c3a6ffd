/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device interrupt lines on x86_64 (arch.h, "Interrupt lines"): the GSIs of
 * the I/O APICs the MADT lists, each routed to the boot CPU's local APIC on
 * vector X86_VEC_IRQ_BASE + GSI. Every redirection entry is written once at
 * boot, masked; after that only its mask bit changes. An ISA IRQ keeps the
 * polarity and trigger its interrupt source override gives (edge, active
 * high when the override says nothing or there is none); GSIs from 16 on
 * are PCI's, level triggered and active low. The legacy 8259s stay masked
 * (init.c).
 */
#include "acpi.h"
#include "arch.h"
#include "console.h"
#include "x86.h"

/* The I/O APIC's two MMIO registers: an index, and the window onto it. */
#define IOAPIC_REGSEL        0x00
#define IOAPIC_WINDOW        0x10
#define IOAPIC_MMIO_BYTES    0x20
#define IOAPIC_REG_VERSION   0x01
#define IOAPIC_REG_REDIR(pin) (0x10u + 2u * (pin))   /* low word; the high word follows */
#define IOAPIC_PINS(version) ((((version) >> 16) & 0xffu) + 1u)

/* A redirection entry's low word: the vector in bits 0-7, fixed delivery
 * to a physical destination (both 0), and these. */
#define RTE_ACTIVE_LOW (1u << 13)
#define RTE_LEVEL      (1u << 15)
#define RTE_MASKED     (1u << 16)
#define RTE_DEST_SHIFT 24   /* in the high word: the destination's APIC ID */

/* Lines need a vector each, below the 8259s' (x86.h). */
#define X86_LINES_MAX (IRQ_LINES_MAX < X86_IRQ_VECTORS ? IRQ_LINES_MAX : X86_IRQ_VECTORS)

/* The PIT's ISA IRQ: the kernel calibrates its timer with it (lapic.c). */
#define ISA_IRQ_PIT 0

struct x86_line {
    volatile uint32_t *ioapic;   /* its I/O APIC's registers; NULL: no such line */
    uint32_t pin;
    uint32_t entry;              /* its redirection entry's low word, unmasked */
};

static struct x86_line x86_lines[X86_LINES_MAX];
static uint32_t x86_line_count;              /* every line is below this */
static uint32_t x86_pit_gsi = UINT32_MAX;   /* the line the kernel keeps */

static uint32_t ioapic_read(volatile uint32_t *io, uint32_t reg)
{
    io[IOAPIC_REGSEL / 4] = reg;
    return io[IOAPIC_WINDOW / 4];
}

static void ioapic_write(volatile uint32_t *io, uint32_t reg, uint32_t v)
{
    io[IOAPIC_REGSEL / 4] = reg;
    io[IOAPIC_WINDOW / 4] = v;
}

/* The ISA IRQ that arrives at `gsi`, or -1: one an override sends there,
 * or the IRQ of that number if no override moved it elsewhere. */
static int x86_isa_irq_at(const struct acpi_irq_info *info, uint32_t gsi)
{
    unsigned irq;

    for (irq = 0; irq < ACPI_ISA_IRQS; irq++) {
        if (info->isa[irq].overridden && info->isa[irq].gsi == gsi)
            return (int)irq;
    }
    if (gsi < ACPI_ISA_IRQS && !info->isa[gsi].overridden)
        return (int)gsi;
    return -1;
}

/* Polarity and trigger bits of `gsi`'s redirection entry. */
static uint32_t x86_line_mode(const struct acpi_irq_info *info, uint32_t gsi)
{
    int irq = x86_isa_irq_at(info, gsi);
    uint32_t mode = 0;
    uint16_t flags;

    if (irq < 0)
        return gsi < ACPI_ISA_IRQS ? 0 : RTE_LEVEL | RTE_ACTIVE_LOW;
    flags = info->isa[irq].flags;
    if ((flags & ACPI_INTI_POLARITY) == ACPI_INTI_ACTIVE_LOW)
        mode |= RTE_ACTIVE_LOW;
    if ((flags & ACPI_INTI_TRIGGER) == ACPI_INTI_LEVEL)
        mode |= RTE_LEVEL;
    return mode;
}

/* The boot CPU's initial APIC ID (CPUID leaf 1, EBX bits 24-31). */
static uint32_t x86_boot_apic_id(void)
{
    uint32_t r[4];

    x86_cpuid(1, r);
    return r[1] >> 24;
}

/* Pin `pin` of `io` becomes line `gsi`, masked and routed to `apic_id`. */
static void x86_line_add(const struct acpi_irq_info *info, volatile uint32_t *io, uint32_t pin,
                         uint32_t gsi, uint32_t apic_id)
{
    uint32_t entry = (X86_VEC_IRQ_BASE + gsi) | x86_line_mode(info, gsi);

    ioapic_write(io, IOAPIC_REG_REDIR(pin) + 1, apic_id << RTE_DEST_SHIFT);
    ioapic_write(io, IOAPIC_REG_REDIR(pin), entry | RTE_MASKED);
    x86_lines[gsi] = (struct x86_line){ io, pin, entry };
    if (gsi >= x86_line_count)
        x86_line_count = gsi + 1;
}

/* Mask every input of one I/O APIC; those with a vector to spare and not
 * claimed by an earlier I/O APIC (a firmware error) become lines. */
static void x86_ioapic_add(const struct acpi_irq_info *info, const struct acpi_ioapic *a,
                           uint32_t apic_id)
{
    volatile uint32_t *io;
    uint32_t pins, pin;

    if (a->address == 0 || a->address > x86_direct_map_end - IOAPIC_MMIO_BYTES) {
        kputl("irq: I/O APIC ");
        kputu(a->id);
        kputl(" at ");
        kputx(a->address);
        kputl(" is outside the direct map; its lines are left alone\n");
        return;
    }
    io = arch_phys_to_virt(a->address, IOAPIC_MMIO_BYTES);
    pins = IOAPIC_PINS(ioapic_read(io, IOAPIC_REG_VERSION));
    for (pin = 0; pin < pins; pin++) {
        uint64_t gsi = (uint64_t)a->gsi_base + pin;

        if (gsi < X86_LINES_MAX && x86_lines[gsi].ioapic == NULL)
            x86_line_add(info, io, pin, (uint32_t)gsi, apic_id);
        else
            ioapic_write(io, IOAPIC_REG_REDIR(pin), RTE_MASKED);
    }
}

static void x86_irq_report(uint32_t ioapics)
{
    kputl("irq: ");
    kputu(x86_line_count);
    kputl(" lines (GSIs) on ");
    kputu(ioapics);
    kputs(ioapics == 1 ? " I/O APIC\n" : " I/O APICs\n");
}

void arch_irq_init(void)
{
    struct acpi_mem mem = { arch_phys_to_virt(0, x86_direct_map_end), x86_direct_map_end };
    struct acpi_irq_info info;
    struct acpi_error err;
    uint32_t apic_id = x86_boot_apic_id();
    uint32_t i;

    if (acpi_read_irqs(&mem, x86_acpi_rsdp, &info, &err) != ACPI_OK) {
        kputl("irq: ");
        kputs(err.table);
        kputl(" at ");
        kputx(err.where);
        kputl(" ");
        kputs(acpi_strerror(err.status));
        kputl("; no device interrupts\n");
        return;
    }
    for (i = 0; i < info.ioapic_count; i++)
        x86_ioapic_add(&info, &info.ioapic[i], apic_id);
    x86_pit_gsi = info.isa[ISA_IRQ_PIT].gsi;
    x86_irq_report(info.ioapic_count);
}

/* Line `line` as the hardware has it, or NULL for none. */
static const struct x86_line *x86_line(uint32_t line)
{
    return line < x86_line_count && x86_lines[line].ioapic != NULL ? &x86_lines[line] : NULL;
}

uint32_t arch_irq_lines(void)
{
    return x86_line_count;
}

bool arch_irq_usable(uint32_t line)
{
    return x86_line(line) != NULL && line != x86_pit_gsi;
}

void arch_irq_mask(uint32_t line)
{
    const struct x86_line *l = x86_line(line);

    if (l != NULL)
        ioapic_write(l->ioapic, IOAPIC_REG_REDIR(l->pin), l->entry | RTE_MASKED);
}

void arch_irq_unmask(uint32_t line)
{
    const struct x86_line *l = x86_line(line);

    if (l != NULL)
        ioapic_write(l->ioapic, IOAPIC_REG_REDIR(l->pin), l->entry);
}
