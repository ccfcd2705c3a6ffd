/* SPDX-License-Identifier: GPL-2.0-only */
/* Privileged x86_64 instructions as inline functions, and the arch layer's own constants. */
#ifndef CAIRN_X86_H
#define CAIRN_X86_H

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
#define X86_CR0_WP  (1ull << 16)
#define X86_CR0_PG  (1ull << 31)
#define X86_CR4_PAE (1ull << 5)

#define X86_MSR_EFER      0xc0000080u
#define X86_EFER_LME      (1ull << 8)
#define X86_EFER_LMA      (1ull << 10)
#define X86_EFER_NXE      (1ull << 11)
#define X86_MSR_APIC_BASE 0x1bu

/* Segment selectors of the GDT built in init.c (STAR-compatible order). */
#define X86_SEL_KCODE 0x08
#define X86_SEL_KDATA 0x10
#define X86_SEL_TSS   0x28

/* Interrupt vectors. The 8259s are moved to 0xf0..0xff, out of everyone's way. */
#define X86_VEC_TIMER    32
#define X86_VEC_PIC_BASE 0xf0
#define X86_VEC_SPURIOUS 0xff

/* The operand of lgdt and lidt: a descriptor table's last byte and address. */
struct x86_table_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
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

void x86_serial_init(void);
void x86_trap_init(void);
void x86_lapic_eoi(void);
bool x86_has_1g_pages(void);
/* Maps bi's RAM above 4 GiB, or drops it from bi when the CPU cannot. */
void x86_direct_map_grow(struct boot_info *bi);

#endif
