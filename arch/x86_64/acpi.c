/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Counting CPUs from the ACPI MADT (see acpi.h).
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
#define MADT_X2APIC         9
#define MADT_LOCAL_APIC_LEN 8
#define MADT_X2APIC_LEN     16
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

/* Counts the MADT entry at e (of length n) into *cpus if it is a CPU the kernel may use. */
static enum acpi_status acpi_madt_entry(const uint8_t *e, uint8_t n, uint32_t *cpus)
{
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
    paddr_t madt;
    uint32_t len, off, cpus = 0;
    enum acpi_status s = acpi_find_madt(m, rsdp, &madt, &len, err);

    if (s != ACPI_OK)
        return s;
    if (len < ACPI_MADT_ENTRIES)
        return acpi_fail(err, ACPI_BAD_LENGTH, madt, "APIC");
    for (off = ACPI_MADT_ENTRIES; len - off >= 2; ) {
        const uint8_t *e = m->base + madt + off;   /* inside the checked MADT */
        uint8_t n = e[1];

        if (n < 2 || n > len - off || acpi_madt_entry(e, n, &cpus) != ACPI_OK)
            return acpi_fail(err, ACPI_MADT_ENTRY, madt + off, "APIC");
        off += n;
    }
    if (cpus == 0)
        return acpi_fail(err, ACPI_NO_CPUS, madt, "APIC");
    *count = cpus;
    return ACPI_OK;
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
    }
    return "has an unknown error";
}
