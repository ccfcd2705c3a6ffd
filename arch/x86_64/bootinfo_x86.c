/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arch_boot_info on x86_64: the multiboot2 tags, the direct map grown over all
 * RAM, the kernel image and the ACPI CPU count.
 */
#include "acpi.h"
#include "arch.h"
#include "console.h"
#include "multiboot2.h"
#include "x86.h"

/* Far more than GRUB ever writes (a few KiB with the EFI memory map); stops a
 * corrupt total_size from sending the parser across all of memory. */
#define MB2_MAX_SIZE (1u << 20)

paddr_t x86_acpi_rsdp;

/* Set by the linker script: the physical extent of the loaded image. */
extern char _kernel_phys_start[];
extern char _kernel_phys_end[];

/* The block itself lies below 4 GiB, in the boot map; the RAM it lists may
 * reach up to the direct map's span, which x86_direct_map_grow then maps. */
static void x86_mb2_source(struct mb2_source *src)
{
    uint64_t room = X86_BOOT_MAP_END - x86_mbi_phys;

    src->len = room < MB2_MAX_SIZE ? room : MB2_MAX_SIZE;
    src->data = arch_phys_to_virt(x86_mbi_phys, src->len);
    src->phys = x86_mbi_phys;
    src->phys_limit = X86_DIRECT_MAP_SPAN;
}

static void x86_mb2_report(const struct mb2_error *e)
{
    const char *value_name = mb2_value_name(e->status);

    kputl("multiboot2: ");
    if (e->tag == MB2_NO_TAG) {
        kputl("the boot information ");
    } else {
        kputl("tag ");
        kputu(e->tag);
        kputl(" at offset ");
        kputx(e->offset);
        kputl(" ");
    }
    kputs(mb2_strerror(e->status));
    if (value_name) {
        kputl(" (");
        kputs(value_name);
        kputl(" ");
        kputx(e->value);
        kputl(")");
    }
    kputl("\n");
}

/* A machine without a usable MADT still has the CPU running this code. */
static void x86_count_cpus(struct boot_info *bi)
{
    struct acpi_mem mem = { arch_phys_to_virt(0, x86_direct_map_end), x86_direct_map_end };
    struct acpi_error err;

    if (acpi_count_cpus(&mem, bi->acpi_rsdp, &bi->cpu_count, &err) == ACPI_OK) {
        bi->cpu_source = "ACPI MADT";
        return;
    }
    kputl("acpi: ");
    kputs(err.table);
    kputl(" at ");
    kputx(err.where);
    kputl(" ");
    kputs(acpi_strerror(err.status));
    kputl("\n");
    bi->cpu_count = 1;
    bi->cpu_source = "no usable ACPI MADT, assuming 1";
}

bool arch_boot_info(struct boot_info *bi)
{
    struct mb2_source src;
    struct mb2_error err;
    paddr_t kstart = (paddr_t)(uintptr_t)_kernel_phys_start;
    paddr_t kend = (paddr_t)(uintptr_t)_kernel_phys_end;

    bi->reserved_count = 0;
    bi->fdt = 0;
    x86_mb2_source(&src);
    if (mb2_parse(&src, bi, &err) != MB2_OK) {
        x86_mb2_report(&err);
        return false;
    }
    x86_direct_map_grow(bi);
    /* The first MiB holds the real-mode IVT and BIOS data, and is where the
     * application processors' start-up code will have to live. */
    if (!boot_info_reserve(bi, 0, X86_LOW_MEMORY_END) ||
        !boot_info_reserve(bi, kstart, kend - kstart)) {
        kputl("multiboot2: no reserved range left for low memory and the kernel image\n");
        return false;
    }
    x86_count_cpus(bi);
    x86_acpi_rsdp = bi->acpi_rsdp;   /* for the I/O APICs (ioapic.c) */
    return true;
}
