/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough ACPI to count the CPUs and find the interrupt controllers:
 * RSDP, RSDT or XSDT, MADT (its CPU, I/O APIC and interrupt source
 * override entries).
 *
 * Plain C that runs on the host too. Physical memory is reached through a
 * struct acpi_mem window, so a test can hand it a buffer; no table is read
 * past its own length or past the window's limit.
 */
#ifndef CAIRN_ACPI_H
#define CAIRN_ACPI_H

#include "types.h"

/* Physical address pa is at base + pa, for pa + length <= limit. */
struct acpi_mem {
    const uint8_t *base;
    paddr_t limit;
};

enum acpi_status {
    ACPI_OK = 0,
    ACPI_NO_RSDP,          /* the firmware gave no RSDP */
    ACPI_OUT_OF_RANGE,     /* a table lies (partly) past the memory limit */
    ACPI_RSDP_SIGNATURE,   /* not "RSD PTR " */
    ACPI_RSDP_CHECKSUM,    /* first 20 bytes, or the ACPI 2.0 extended part */
    ACPI_RSDP_LENGTH,      /* ACPI 2.0 RSDP shorter than 36 bytes */
    ACPI_BAD_SIGNATURE,    /* a table is not what its pointer promised */
    ACPI_BAD_LENGTH,       /* a table shorter than its own header */
    ACPI_BAD_CHECKSUM,     /* a table's bytes do not sum to 0 */
    ACPI_NO_MADT,          /* no "APIC" table in the RSDT/XSDT */
    ACPI_MADT_ENTRY,       /* a MADT entry too short for its type or past the end */
    ACPI_NO_CPUS,          /* the MADT lists no usable CPU */
    ACPI_IOAPICS_FULL,     /* more I/O APICs than struct acpi_irq_info holds */
    ACPI_BAD_OVERRIDE,     /* an interrupt source override for no ISA IRQ, with
                            * reserved flags, or a second one for the same IRQ */
};

struct acpi_error {
    enum acpi_status status;
    paddr_t where;      /* physical address of the table or entry at fault */
    char table[5];      /* its signature, NUL-terminated ("" if unknown) */
};

/*
 * Checks the table at `pa`: inside the window, signature `sig`, length at
 * least a header, checksum 0. On success *length is its length.
 */
enum acpi_status acpi_check_table(const struct acpi_mem *m, paddr_t pa, const char *sig,
                                  uint32_t *length, struct acpi_error *err);

/* Follows the RSDP at `rsdp` to a valid MADT: its address in *madt, its length in *length. */
enum acpi_status acpi_find_madt(const struct acpi_mem *m, paddr_t rsdp, paddr_t *madt,
                                uint32_t *length, struct acpi_error *err);

/* Counts enabled or online-capable Local APIC and x2APIC entries of the MADT. */
enum acpi_status acpi_count_cpus(const struct acpi_mem *m, paddr_t rsdp, uint32_t *count,
                                 struct acpi_error *err);

#define ACPI_MAX_IOAPICS 8u
#define ACPI_ISA_IRQS    16u

/* The MPS INTI flags of an interrupt source override. 0 in a field means
 * "as the bus says", which for ISA is active high and edge triggered. */
#define ACPI_INTI_POLARITY       0x3u
#define ACPI_INTI_ACTIVE_HIGH    0x1u
#define ACPI_INTI_ACTIVE_LOW     0x3u
#define ACPI_INTI_TRIGGER        0xcu
#define ACPI_INTI_EDGE           0x4u
#define ACPI_INTI_LEVEL          0xcu

struct acpi_ioapic {
    uint8_t id;
    paddr_t address;      /* its registers */
    uint32_t gsi_base;    /* the GSI of its first input */
};

/* Where an ISA IRQ arrives: its GSI (the IRQ number unless overridden) and
 * the override's ACPI_INTI_* flags (0 without one). */
struct acpi_isa_irq {
    uint32_t gsi;
    uint16_t flags;
    bool overridden;
};

struct acpi_irq_info {
    struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
    uint32_t ioapic_count;
    struct acpi_isa_irq isa[ACPI_ISA_IRQS];
};

/* Reads the MADT's I/O APIC and interrupt source override entries. */
enum acpi_status acpi_read_irqs(const struct acpi_mem *m, paddr_t rsdp,
                                struct acpi_irq_info *out, struct acpi_error *err);

const char *acpi_strerror(enum acpi_status s);

#endif
