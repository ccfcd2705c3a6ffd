/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counting CPUs and finding the I/O APICs in the ACPI MADT (see acpi.h).
 *
 * Every access first asks acpi_span() for the bytes it needs, so a pointer
 * or length from the firmware can at worst produce an error. Fields are read
 * byte by byte: ACPI tables are packed and XSDT entries are unaligned.
 */
#include "acpi.h"

#define ACPI_RSDP_V1_SIZE   20
#define ACPI_RSDP_V2_SIZE   36
#define ACPI_HEADER_SIZE    36
#define ACPI_MADT_ENTRIES   44    /* header, local APIC address, flags */

#define RSDP_CHECKSUM_V1    20
#define RSDP_REVISION       15
#define RSDP_RSDT           16
#define RSDP_LENGTH         20
#define RSDP_XSDT           24

#define SDT_LENGTH          4

#define MADT_LOCAL_APIC     0
#define MADT_IOAPIC         1
#define MADT_OVERRIDE       2
#define MADT_X2APIC         9
#define MADT_LOCAL_APIC_LEN 8
#define MADT_IOAPIC_LEN     12
#define MADT_OVERRIDE_LEN   10
#define MADT_X2APIC_LEN     16
#define MADT_BUS_ISA        0
#define INTI_RESERVED_POLARITY 0x2u
#define INTI_RESERVED_TRIGGER  0x8u
#define MADT_ENABLED        0x1u
#define MADT_ONLINE_CAPABLE 0x2u

static uint32_t acpi_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t acpi_rd64(const uint8_t *p)
{
    return (uint64_t)acpi_rd32(p) | (uint64_t)acpi_rd32(p + 4) << 32;
}

static enum acpi_status acpi_fail(struct acpi_error *err, enum acpi_status s, paddr_t where,
                                  const char *sig)
{
    unsigned i;

    err->status = s;
    err->where = where;
    for (i = 0; i < 4 && sig && sig[i]; i++)
        err->table[i] = sig[i];
    err->table[i] = '\0';
    return s;
}

/* The bytes [pa, pa + len) of physical memory, or NULL when they leave the window. */
static const uint8_t *acpi_span(const struct acpi_mem *m, paddr_t pa, uint64_t len)
{
    if (pa > m->limit || len > m->limit - pa)
        return NULL;
    return m->base + pa;
}

static bool acpi_sum_is_zero(const uint8_t *p, uint64_t len)
{
    uint8_t sum = 0;
    uint64_t i;

    for (i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

static bool acpi_sig_is(const uint8_t *p, const char *sig, unsigned n)
{
    unsigned i;

    for (i = 0; i < n; i++)
        if (p[i] != (uint8_t)sig[i])
            return false;
    return true;
}

enum acpi_status acpi_check_table(const struct acpi_mem *m, paddr_t pa, const char *sig,
                                  uint32_t *length, struct acpi_error *err)
{
    const uint8_t *h = acpi_span(m, pa, ACPI_HEADER_SIZE);
    uint32_t len;

    if (!h)
        return acpi_fail(err, ACPI_OUT_OF_RANGE, pa, sig);
    if (!acpi_sig_is(h, sig, 4))
        return acpi_fail(err, ACPI_BAD_SIGNATURE, pa, sig);
    len = acpi_rd32(h + SDT_LENGTH);
    if (len < ACPI_HEADER_SIZE)
        return acpi_fail(err, ACPI_BAD_LENGTH, pa, sig);
    if (!acpi_span(m, pa, len))
        return acpi_fail(err, ACPI_OUT_OF_RANGE, pa, sig);
    if (!acpi_sum_is_zero(h, len))
        return acpi_fail(err, ACPI_BAD_CHECKSUM, pa, sig);
    *length = len;
    return ACPI_OK;
}

/* The root table the RSDP names: the XSDT from ACPI 2.0 on, else the RSDT. */
static enum acpi_status acpi_root(const struct acpi_mem *m, paddr_t rsdp, paddr_t *root,
                                  bool *wide, struct acpi_error *err)
{
    const uint8_t *r = acpi_span(m, rsdp, ACPI_RSDP_V1_SIZE);
    uint32_t len;

    if (rsdp == 0)
        return acpi_fail(err, ACPI_NO_RSDP, 0, "RSDP");
    if (!r)
        return acpi_fail(err, ACPI_OUT_OF_RANGE, rsdp, "RSDP");
    if (!acpi_sig_is(r, "RSD PTR ", 8))
        return acpi_fail(err, ACPI_RSDP_SIGNATURE, rsdp, "RSDP");
    if (!acpi_sum_is_zero(r, RSDP_CHECKSUM_V1))
        return acpi_fail(err, ACPI_RSDP_CHECKSUM, rsdp, "RSDP");
    *root = acpi_rd32(r + RSDP_RSDT);
    *wide = false;
    if (r[RSDP_REVISION] < 2)
        return ACPI_OK;
    r = acpi_span(m, rsdp, ACPI_RSDP_V2_SIZE);
    if (!r)
        return acpi_fail(err, ACPI_OUT_OF_RANGE, rsdp, "RSDP");
    len = acpi_rd32(r + RSDP_LENGTH);
    if (len < ACPI_RSDP_V2_SIZE)
        return acpi_fail(err, ACPI_RSDP_LENGTH, rsdp, "RSDP");
    r = acpi_span(m, rsdp, len);
    if (!r)
        return acpi_fail(err, ACPI_OUT_OF_RANGE, rsdp, "RSDP");
    if (!acpi_sum_is_zero(r, len))
        return acpi_fail(err, ACPI_RSDP_CHECKSUM, rsdp, "RSDP");
    if (acpi_rd64(r + RSDP_XSDT) != 0) {
        *root = acpi_rd64(r + RSDP_XSDT);
        *wide = true;
    }
    return ACPI_OK;
}

enum acpi_status acpi_find_madt(const struct acpi_mem *m, paddr_t rsdp, paddr_t *madt,
                                uint32_t *length, struct acpi_error *err)
{
    const char *root_sig;
    paddr_t root;
    bool wide;
    uint32_t len, step, off;
    enum acpi_status s = acpi_root(m, rsdp, &root, &wide, err);

    if (s != ACPI_OK)
        return s;
    root_sig = wide ? "XSDT" : "RSDT";
    s = acpi_check_table(m, root, root_sig, &len, err);
    if (s != ACPI_OK)
        return s;
    step = wide ? 8 : 4;
    for (off = ACPI_HEADER_SIZE; len - off >= step; off += step) {
        const uint8_t *e = m->base + root + off;   /* inside the checked root table */
        paddr_t pa = wide ? acpi_rd64(e) : acpi_rd32(e);
        const uint8_t *h = acpi_span(m, pa, 4);

        if (!h)
            return acpi_fail(err, ACPI_OUT_OF_RANGE, pa, root_sig);
        if (acpi_sig_is(h, "APIC", 4)) {
            *madt = pa;
            return acpi_check_table(m, pa, "APIC", length, err);
        }
    }
    return acpi_fail(err, ACPI_NO_MADT, root, root_sig);
}

/* What one MADT entry means to a reader: an error status for an entry it
 * cannot use, ACPI_OK otherwise (including types it does not read). */
typedef enum acpi_status (*acpi_madt_visit)(const uint8_t *e, uint8_t n, void *ctx);

/*
 * Calls `visit` on every entry of the MADT the RSDP leads to. An entry
 * shorter than its own header or running past the table, or one `visit`
 * refuses, stops the walk with an error at that entry.
 */
static enum acpi_status acpi_madt_walk(const struct acpi_mem *m, paddr_t rsdp,
                                       acpi_madt_visit visit, void *ctx, paddr_t *at,
                                       struct acpi_error *err)
{
    paddr_t madt;
    uint32_t len, off;
    enum acpi_status s = acpi_find_madt(m, rsdp, &madt, &len, err);

    if (s != ACPI_OK)
        return s;
    if (len < ACPI_MADT_ENTRIES)
        return acpi_fail(err, ACPI_BAD_LENGTH, madt, "APIC");
    for (off = ACPI_MADT_ENTRIES; len - off >= 2; ) {
        const uint8_t *e = m->base + madt + off;   /* inside the checked MADT */
        uint8_t n = e[1];

        if (n < 2 || n > len - off)
            return acpi_fail(err, ACPI_MADT_ENTRY, madt + off, "APIC");
        s = visit(e, n, ctx);
        if (s != ACPI_OK)
            return acpi_fail(err, s, madt + off, "APIC");
        off += n;
    }
    *at = madt;
    return ACPI_OK;
}

/* Counts the MADT entry at e (of length n) into *ctx if it is a CPU the kernel may use. */
static enum acpi_status acpi_count_cpu(const uint8_t *e, uint8_t n, void *ctx)
{
    uint32_t *cpus = ctx;
    uint32_t flags;

    if (e[0] == MADT_LOCAL_APIC) {
        if (n < MADT_LOCAL_APIC_LEN)
            return ACPI_MADT_ENTRY;
        flags = acpi_rd32(e + 4);
    } else if (e[0] == MADT_X2APIC) {
        if (n < MADT_X2APIC_LEN)
            return ACPI_MADT_ENTRY;
        flags = acpi_rd32(e + 8);
    } else {
        return ACPI_OK;
    }
    if (flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE))
        (*cpus)++;
    return ACPI_OK;
}

enum acpi_status acpi_count_cpus(const struct acpi_mem *m, paddr_t rsdp, uint32_t *count,
                                 struct acpi_error *err)
{
    paddr_t madt = 0;
    uint32_t cpus = 0;
    enum acpi_status s = acpi_madt_walk(m, rsdp, acpi_count_cpu, &cpus, &madt, err);

    if (s != ACPI_OK)
        return s;
    if (cpus == 0)
        return acpi_fail(err, ACPI_NO_CPUS, madt, "APIC");
    *count = cpus;
    return ACPI_OK;
}

static enum acpi_status acpi_add_ioapic(struct acpi_irq_info *info, const uint8_t *e, uint8_t n)
{
    struct acpi_ioapic *io;

    if (n < MADT_IOAPIC_LEN)
        return ACPI_MADT_ENTRY;
    if (info->ioapic_count == ACPI_MAX_IOAPICS)
        return ACPI_IOAPICS_FULL;
    io = &info->ioapic[info->ioapic_count++];
    io->id = e[2];
    io->address = acpi_rd32(e + 4);
    io->gsi_base = acpi_rd32(e + 8);
    return ACPI_OK;
}

/* An override moves one ISA IRQ, once, with flags that mean something. */
static enum acpi_status acpi_add_override(struct acpi_irq_info *info, const uint8_t *e, uint8_t n)
{
    uint16_t flags;
    struct acpi_isa_irq *irq;

    if (n < MADT_OVERRIDE_LEN)
        return ACPI_MADT_ENTRY;
    flags = (uint16_t)(e[8] | e[9] << 8);
    if (e[2] != MADT_BUS_ISA || e[3] >= ACPI_ISA_IRQS ||
        (flags & ACPI_INTI_POLARITY) == INTI_RESERVED_POLARITY ||
        (flags & ACPI_INTI_TRIGGER) == INTI_RESERVED_TRIGGER)
        return ACPI_BAD_OVERRIDE;
    irq = &info->isa[e[3]];
    if (irq->overridden)
        return ACPI_BAD_OVERRIDE;
    irq->gsi = acpi_rd32(e + 4);
    irq->flags = flags;
    irq->overridden = true;
    return ACPI_OK;
}

static enum acpi_status acpi_irq_entry(const uint8_t *e, uint8_t n, void *ctx)
{
    if (e[0] == MADT_IOAPIC)
        return acpi_add_ioapic(ctx, e, n);
    if (e[0] == MADT_OVERRIDE)
        return acpi_add_override(ctx, e, n);
    return ACPI_OK;
}

enum acpi_status acpi_read_irqs(const struct acpi_mem *m, paddr_t rsdp,
                                struct acpi_irq_info *out, struct acpi_error *err)
{
    paddr_t madt = 0;
    unsigned i;

    out->ioapic_count = 0;
    for (i = 0; i < ACPI_ISA_IRQS; i++)
        out->isa[i] = (struct acpi_isa_irq){ .gsi = i };
    return acpi_madt_walk(m, rsdp, acpi_irq_entry, out, &madt, err);
}

const char *acpi_strerror(enum acpi_status s)
{
    switch (s) {
    case ACPI_OK:             return "is fine";
    case ACPI_NO_RSDP:        return "was not given by the firmware";
    case ACPI_OUT_OF_RANGE:   return "lies past the end of reachable memory";
    case ACPI_RSDP_SIGNATURE: return "has no \"RSD PTR \" signature";
    case ACPI_RSDP_CHECKSUM:  return "has a bad checksum";
    case ACPI_RSDP_LENGTH:    return "is too short for ACPI 2.0";
    case ACPI_BAD_SIGNATURE:  return "has the wrong signature";
    case ACPI_BAD_LENGTH:     return "is shorter than its header";
    case ACPI_BAD_CHECKSUM:   return "has a bad checksum";
    case ACPI_NO_MADT:        return "lists no MADT";
    case ACPI_MADT_ENTRY:     return "has an entry too short or past its end";
    case ACPI_NO_CPUS:        return "lists no usable CPU";
    case ACPI_IOAPICS_FULL:   return "lists more I/O APICs than the kernel handles";
    case ACPI_BAD_OVERRIDE:   return "has an interrupt source override for no ISA IRQ, with reserved flags, or twice for one IRQ";
    }
    return "has an unknown error";
}
