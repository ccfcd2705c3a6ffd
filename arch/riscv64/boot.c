/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From entry.S to kernel_main: the console and trap vector, then (when
 * kernel_main asks) the boot information read from the device tree.
 */
#include "arch.h"
#include "cap.h"
#include "console.h"
#include "kernel.h"
#include "riscv.h"
#include "sbi.h"
#include "endpoint.h"
#include "tcb.h"
#include "vspace.h"

/* A device tree is a few KiB; a header claiming more than this is refused
 * by the parser rather than read past the end of RAM. */
#define FDT_MAX_SIZE (1u << 20)

extern char __kernel_end[];

struct riscv_boot riscv_boot;

_Noreturn void riscv_init(uint64_t hart_id, paddr_t fdt_pa)
{
    sbi_init();
    /* The trap vector reads a nonzero sscratch as "trapped from user mode";
     * the firmware may have left anything there. */
    riscv_csr_write(sscratch, 0);
    riscv_csr_write(stvec, (uint64_t)riscv_trap_vector);
    /* The kernel is built without FP; with FS off a stray FP instruction
     * traps instead of silently using state nobody saves. SUM off: the
     * kernel reaches user pages only through the direct map. */
    riscv_csr_clear(sstatus, SSTATUS_FS | SSTATUS_SUM);
    /* User mode reads the counters as x86 user mode reads the TSC: the
     * benchmarks' clock (scripts/bench). */
    riscv_csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
    riscv_paging_init();
    riscv_boot.hart_id = hart_id;
    riscv_boot.fdt_pa = fdt_pa;
    kernel_main();
}

void arch_putchar(char c)
{
    sbi_console_putchar(c);
}

/* The direct map covers the first DIRECT_MAP_GIB GiB whole, so `len` needs
 * no mapping work; arch_boot_info refuses a device tree outside it. */
void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    (void)len;
    return (void *)(DIRECT_MAP_BASE + pa);
}

struct vspace *arch_vspace_at(paddr_t pa)
{
    return arch_phys_to_virt(pa, sizeof(struct vspace));
}

uint8_t *arch_bytes_at(paddr_t pa, size_t len)
{
    return arch_phys_to_virt(pa, len);
}

/* userland/init/image.S puts init's ELF file between these two symbols. */
extern const uint8_t init_image_start[], init_image_end[];

const uint8_t *arch_init_image(uint64_t *size)
{
    *size = (uint64_t)(init_image_end - init_image_start);
    return init_image_start;
}

uint64_t *arch_words_at(paddr_t pa, size_t count)
{
    return arch_phys_to_virt(pa, count * sizeof(uint64_t));
}

static void boot_fdt_report(struct fdt_status st)
{
    kputl("fdt: ");
    kputs(fdt_error_subject(st.code));
    kputl(" at offset ");
    kputx(st.offset);
    kputl(" ");
    kputs(fdt_error_problem(st.code));
    kputl("\n");
}

/* The blob's length comes from its own header, capped so a lying header
 * makes the parse fail instead of the kernel read beyond RAM. */
static struct fdt_status boot_parse_fdt(struct boot_info *bi)
{
    const void *blob = arch_phys_to_virt(riscv_boot.fdt_pa, FDT_HEADER_SIZE);
    uint32_t size = 0;
    struct fdt_status st = fdt_total_size(blob, FDT_HEADER_SIZE, &size);

    if (st.code != FDT_OK)
        return st;
    if (size > FDT_MAX_SIZE)
        size = FDT_MAX_SIZE;
    return fdt_parse(blob, size, riscv_boot.fdt_pa, riscv_boot.hart_id, bi, &riscv_boot.fdt);
}

bool arch_boot_info(struct boot_info *bi)
{
    paddr_t fdt_pa = riscv_boot.fdt_pa;
    paddr_t image_end = (paddr_t)(uintptr_t)__kernel_end - KERNEL_VIRT_OFFSET;
    struct fdt_status st;

    if (fdt_pa == 0 || fdt_pa >= (paddr_t)DIRECT_MAP_GIB << 30) {
        kputl("fdt: no device tree at ");
        kputx(fdt_pa);
        kputl(" (the firmware passes it in a1)\n");
        return false;
    }
    st = boot_parse_fdt(bi);
    if (st.code != FDT_OK) {
        boot_fdt_report(st);
        return false;
    }
    if (!boot_info_reserve(bi, KERNEL_PHYS_BASE, image_end - KERNEL_PHYS_BASE)) {
        kputl("riscv: no room left to reserve the kernel image\n");
        return false;
    }
    if (bi->cpu_count == 0) {
        bi->cpu_count = 1;
        bi->cpu_source = "boot hart (the device tree lists no CPU)";
    }
    riscv_boot.bi = bi;
    return true;
}
