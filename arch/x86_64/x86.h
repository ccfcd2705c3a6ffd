/* SPDX-License-Identifier: GPL-2.0-only */
/* Privileged x86_64 instructions as inline functions, and the arch layer's own constants. */
#ifndef CAIRN_X86_H
#define CAIRN_X86_H

/* ---- Shared with the assembly files ------------------------------------ */

/*
 * Segment selectors of the GDT built in init.c. SYSCALL takes the kernel's
 * from STAR[47:32] (CS, and SS = CS + 8); SYSRET takes the user's from
 * STAR[63:48], which holds X86_SEL_KDATA: SS = it + 8 and CS = it + 16, each
 * with RPL 3. So user data must sit right below user code.
 */
#define X86_SEL_KCODE 0x08
#define X86_SEL_KDATA 0x10
#define X86_SEL_UDATA 0x1b   /* GDT slot 3, RPL 3 */
#define X86_SEL_UCODE 0x23   /* GDT slot 4, RPL 3, 64-bit */
#define X86_SEL_TSS   0x28

/*
 * A struct user_context (arch.h) as user.c, trap.c and user_entry.S lay it
 * out, in words: the sixteen general registers in encoding order (so w[4] is
 * rsp), then rip, rflags, the FS and GS bases, and how the thread last
 * entered the kernel.
 */
#define UCTX_RAX      0
#define UCTX_RCX      1
#define UCTX_RDX      2
#define UCTX_RBX      3
#define UCTX_RSP      4
#define UCTX_RBP      5
#define UCTX_RSI      6
#define UCTX_RDI      7
#define UCTX_R8       8
#define UCTX_R9       9
#define UCTX_R10      10
#define UCTX_R11      11
#define UCTX_R12      12
#define UCTX_R13      13
#define UCTX_R14      14
#define UCTX_R15      15
#define UCTX_RIP      16
#define UCTX_RFLAGS   17
#define UCTX_FS_BASE  18
#define UCTX_GS_BASE  19
#define UCTX_ENTRY    20
#define UCTX_FPU_USED 21   /* 0 until the thread's FXSAVE area holds its state */
#define UCTX_FXSAVE   24   /* 512 bytes, 16-byte aligned: x87 and SSE (user.c) */
#define UCTX_USED     (UCTX_FXSAVE + 64)

/* UCTX_ENTRY. Zero, what a fresh context holds, is the exit that is always right. */
#define UCTX_ENTRY_TRAP    0   /* every register is the thread's: leave with IRETQ */
#define UCTX_ENTRY_SYSCALL 1   /* SYSCALL clobbered rcx and r11: SYSRET may leave */

#define X86_RFLAGS_FIXED 0x2   /* bit 1 always reads as one */

/* Every entry from ring 3 starts at the top of this stack (TSS.rsp0). */
#define X86_TRAP_STACK_SIZE 16384

#ifndef __ASSEMBLER__

#include "bootinfo.h"
#include "types.h"

/*
 * Physical memory is mapped here (PML4 slot 256). boot.S maps the first
 * 4 GiB; directmap.c adds 1 GiB pages up to the end of RAM, at most the one
 * PML4 slot's 512 GiB. x86_direct_map_end says how far it reaches now.
 */
#define X86_DIRECT_MAP_BASE 0xffff800000000000ull
#define X86_LOW_MEMORY_END   0x100000ull   /* kept from allocation: IVT, BIOS data, AP start-up */
#define X86_BOOT_MAP_END    0x100000000ull
#define X86_DIRECT_MAP_SPAN (512ull << 30)

/* Page-table entry bits. */
#define X86_PTE_P    (1ull << 0)
#define X86_PTE_W    (1ull << 1)
#define X86_PTE_PS   (1ull << 7)    /* a 2 MiB or 1 GiB page, not a table */
#define X86_PTE_NX   (1ull << 63)
#define X86_PTE_ADDR 0x000ffffffffff000ull

#define X86_CR0_PE  (1ull << 0)
#define X86_CR0_MP  (1ull << 1)
#define X86_CR0_EM  (1ull << 2)
#define X86_CR0_TS  (1ull << 3)
#define X86_CR0_WP  (1ull << 16)
#define X86_CR0_PG  (1ull << 31)
#define X86_CR4_PAE        (1ull << 5)
#define X86_CR4_OSFXSR     (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_FSGSBASE   (1ull << 16)
#define X86_CR4_OSXSAVE    (1ull << 18)
#define X86_CR4_SMEP       (1ull << 20)
#define X86_CR4_SMAP       (1ull << 21)

#define X86_MSR_EFER      0xc0000080u
#define X86_EFER_SCE      (1ull << 0)
#define X86_EFER_LME      (1ull << 8)
#define X86_EFER_LMA      (1ull << 10)
#define X86_EFER_NXE      (1ull << 11)
#define X86_MSR_APIC_BASE 0x1bu
#define X86_MSR_SYSENTER_CS 0x174u
#define X86_MSR_STAR      0xc0000081u
#define X86_MSR_LSTAR     0xc0000082u
#define X86_MSR_FMASK     0xc0000084u
#define X86_MSR_FS_BASE   0xc0000100u
#define X86_MSR_GS_BASE   0xc0000101u
#define X86_MSR_KERNEL_GS_BASE 0xc0000102u

#define X86_RFLAGS_CF   (1ull << 0)
#define X86_RFLAGS_PF   (1ull << 2)
#define X86_RFLAGS_AF   (1ull << 4)
#define X86_RFLAGS_ZF   (1ull << 6)
#define X86_RFLAGS_SF   (1ull << 7)
#define X86_RFLAGS_TF   (1ull << 8)
#define X86_RFLAGS_IF   (1ull << 9)
#define X86_RFLAGS_DF   (1ull << 10)
#define X86_RFLAGS_OF   (1ull << 11)
#define X86_RFLAGS_IOPL (3ull << 12)
#define X86_RFLAGS_NT   (1ull << 14)
#define X86_RFLAGS_RF   (1ull << 16)
#define X86_RFLAGS_VM   (1ull << 17)
#define X86_RFLAGS_AC   (1ull << 18)
#define X86_RFLAGS_VIF  (1ull << 19)
#define X86_RFLAGS_VIP  (1ull << 20)
#define X86_RFLAGS_ID   (1ull << 21)

/* 4-level paging: an address is canonical when bits 63..47 are all equal;
 * the lower half, user space, ends here. */
#define X86_LOWER_HALF_END 0x0000800000000000ull

/* Exception vectors, and the interrupts. The 8259s are moved to 0xf0..0xff,
 * out of everyone's way; device lines (GSIs) take one vector each from
 * X86_VEC_IRQ_BASE on, the vector being the line's number plus the base. */
#define X86_VEC_DE   0
#define X86_VEC_DB   1
#define X86_VEC_NMI  2
#define X86_VEC_BP   3
#define X86_VEC_UD   6
#define X86_VEC_NM   7
#define X86_VEC_DF   8
#define X86_VEC_TS   10
#define X86_VEC_NP   11
#define X86_VEC_SS   12
#define X86_VEC_GP   13
#define X86_VEC_PF   14
#define X86_VEC_MF   16
#define X86_VEC_AC   17
#define X86_VEC_MC   18
#define X86_VEC_XM   19
#define X86_VEC_EXCEPTIONS 32
#define X86_VEC_TIMER    32
#define X86_VEC_IRQ_BASE 0x30
#define X86_VEC_PIC_BASE 0xf0
#define X86_IRQ_VECTORS  (X86_VEC_PIC_BASE - X86_VEC_IRQ_BASE)
#define X86_VEC_SPURIOUS 0xff

/* What entry.S pushes, lowest address first: the general registers, the
 * vector and error code, then what the CPU pushed. */
struct x86_trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

/* The operand of lgdt and lidt: a descriptor table's last byte and address. */
struct x86_table_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline uint64_t read_cr0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline void write_cr0(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

/* Also flushes every non-global TLB entry. */
static inline void write_cr3(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;

    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr4(uint64_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void x86_cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

/* Shared between the arch files; each is defined where it is set up. */
extern uint32_t x86_mbi_phys;      /* the multiboot2 information GRUB handed over */
extern uint64_t x86_lapic_hz;      /* LAPIC timer ticks per second, 0 before the timer runs */
extern volatile uint64_t x86_timer_ticks;   /* timer interrupts taken */
extern paddr_t x86_direct_map_end;   /* physical 0 up to here is in the direct map */
extern paddr_t x86_acpi_rsdp;        /* the RSDP the boot loader gave, 0 if none */

struct user_context;
struct selftest;

/* The user thread traps and system calls save into: the context most
 * recently given to arch_user_enter (one CPU for now). */
extern struct user_context *x86_user_current;
extern char x86_syscall_entry[];     /* LSTAR */
extern char x86_trap_stack_top[];    /* TSS.rsp0 */

void x86_serial_init(void);
void x86_trap_init(void);
void x86_paging_init(void);
void x86_user_init(void);
void x86_user_bases_reset(void);
uint32_t x86_cpuid7_ebx(void);
uint64_t x86_user_rflags(uint64_t rflags);
bool x86_user_may_sysret(const struct user_context *c);
bool x86_user_exit_prepare(struct user_context *c);
void x86_user_save_trap(const struct x86_trap_frame *f);
void x86_st_user(struct selftest *t);
void x86_lapic_eoi(void);
_Noreturn void x86_interrupt_on_trap_stack(uint32_t line);
bool x86_has_1g_pages(void);
/* Maps bi's RAM above 4 GiB, or drops it from bi when the CPU cannot. */
void x86_direct_map_grow(struct boot_info *bi);

/* An IDT gate descriptor (64-bit interrupt or trap gate). */
struct x86_idt_entry {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} __attribute__((packed));

#endif /* __ASSEMBLER__ */

#endif
