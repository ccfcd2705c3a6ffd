/* SPDX-License-Identifier: GPL-2.0-only */
/* The first C on x86_64: console, GDT with TSS, IDT, 8259s masked, paging and
 * ring 3 set up, then kernel_main. */
#include "arch.h"
#include "kernel.h"
#include "x86.h"

/* The hardware's 64-bit TSS: only the stack pointers matter in long mode. */
struct x86_tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

#define GDT_TSS_SLOT 5           /* selector 0x28, two slots wide */
#define TSS_TYPE_AVAILABLE 0x89  /* present, 64-bit TSS, not busy */
#define IST_STACK_SIZE 8192
#define IST_STACKS 3             /* #DF, NMI, #MC: see trap.c */

void x86_init(uint32_t mbi_phys);

uint32_t x86_mbi_phys;

/* userland/init/image.S puts init's ELF file between these two symbols. */
extern const uint8_t init_image_start[], init_image_end[];

/* Kernel and user segments in the order SYSCALL/SYSRET expect (x86.h). */
static uint64_t x86_gdt[7] __attribute__((aligned(16))) = {
    0,
    0x00af9a000000ffffull,   /* 0x08 kernel code, 64-bit */
    0x00cf92000000ffffull,   /* 0x10 kernel data */
    0x00cff2000000ffffull,   /* 0x18 user data */
    0x00affa000000ffffull,   /* 0x20 user code, 64-bit */
    0, 0,                    /* 0x28 TSS */
};

static struct x86_tss x86_tss;
static uint8_t x86_ist_stacks[IST_STACKS][IST_STACK_SIZE] __attribute__((aligned(16)));

static void x86_tss_init(void)
{
    uint64_t base = (uint64_t)&x86_tss;
    uint64_t limit = sizeof(x86_tss) - 1;
    unsigned i;

    /* Every entry from ring 3, trap or interrupt, starts on the trap stack
     * (user_entry.S), as system calls do. */
    x86_tss.rsp[0] = (uint64_t)x86_trap_stack_top;
    for (i = 0; i < IST_STACKS; i++)
        x86_tss.ist[i] = (uint64_t)(x86_ist_stacks[i] + IST_STACK_SIZE);
    x86_tss.iomap_base = sizeof(x86_tss);   /* no I/O bitmap: every port traps in ring 3 */

    x86_gdt[GDT_TSS_SLOT] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                            ((uint64_t)TSS_TYPE_AVAILABLE << 40) |
                            (((base >> 24) & 0xff) << 56);
    x86_gdt[GDT_TSS_SLOT + 1] = base >> 32;
}

/* The boot GDT lives in low memory that the kernel will not keep mapped. */
static void x86_gdt_load(void)
{
    struct x86_table_pointer gdtr = { sizeof(x86_gdt) - 1, (uint64_t)x86_gdt };

    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w2, %%ds\n\t"
                     "movw %w2, %%es\n\t"
                     "movw %w2, %%ss\n\t"
                     "ltr %w3"
                     : : "m"(gdtr), "i"(X86_SEL_KCODE), "r"(X86_SEL_KDATA), "r"(X86_SEL_TSS)
                     : "rax", "memory");
}

/* The LAPIC replaces the 8259s; remap them off the exception vectors, then mask every line. */
static void x86_pic_disable(void)
{
    outb(0x20, 0x11);                  /* ICW1: initialise, ICW4 follows */
    outb(0xa0, 0x11);
    outb(0x21, X86_VEC_PIC_BASE);      /* ICW2: vector base */
    outb(0xa1, X86_VEC_PIC_BASE + 8);
    outb(0x21, 0x04);                  /* ICW3: slave on IRQ 2 */
    outb(0xa1, 0x02);
    outb(0x21, 0x01);                  /* ICW4: 8086 mode */
    outb(0xa1, 0x01);
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
}

const uint8_t *arch_init_image(uint64_t *size)
{
    *size = (uint64_t)(init_image_end - init_image_start);
    return init_image_start;
}

void x86_init(uint32_t mbi_phys)
{
    x86_mbi_phys = mbi_phys;
    x86_serial_init();
    x86_tss_init();
    x86_gdt_load();
    x86_trap_init();
    x86_pic_disable();
    x86_paging_init();
    x86_user_init();
    kernel_main();
}
