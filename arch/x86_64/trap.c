/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IDT and the C side of every interrupt: exceptions panic with a register
 * dump, the LAPIC timer ticks the kernel, spurious interrupts are dropped.
 */
#include "console.h"
#include "kernel.h"
#include "x86.h"

/* What entry.S pushes, lowest address first. */
struct x86_trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};

struct x86_idt_entry {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} __attribute__((packed));

#define IDT_INTERRUPT_GATE 0x8e   /* present, DPL 0, interrupts off on entry */
#define STUB_SIZE 16              /* entry.S aligns every stub to 16 bytes */

/* IST slots of the TSS (init.c): these arrive when the current stack may be bad. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MACHINE_CHECK 3

void x86_trap(struct x86_trap_frame *f);

extern char x86_trap_stubs[];

volatile uint64_t x86_timer_ticks;

static struct x86_idt_entry x86_idt[256] __attribute__((aligned(16)));

static const char *const x86_exception_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range exceeded", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack-segment fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 floating-point error",
    "#AC alignment check", "#MC machine check", "#XM SIMD floating-point error",
    "#VE virtualization exception", "#CP control protection", "reserved 22",
    "reserved 23", "reserved 24", "reserved 25", "reserved 26", "reserved 27",
    "#HV hypervisor injection", "#VC VMM communication", "#SX security exception",
    "reserved 31",
};

static void x86_idt_set(unsigned vector, uint8_t ist)
{
    uint64_t addr = (uint64_t)(x86_trap_stubs + STUB_SIZE * vector);
    struct x86_idt_entry *e = &x86_idt[vector];

    e->offset_low = (uint16_t)addr;
    e->selector = X86_SEL_KCODE;
    e->ist = ist;
    e->type_attr = IDT_INTERRUPT_GATE;
    e->offset_mid = (uint16_t)(addr >> 16);
    e->offset_high = (uint32_t)(addr >> 32);
    e->zero = 0;
}

void x86_trap_init(void)
{
    struct x86_table_pointer idtr = { sizeof(x86_idt) - 1, (uint64_t)x86_idt };
    unsigned v;

    for (v = 0; v < ARRAY_SIZE(x86_idt); v++)
        x86_idt_set(v, 0);
    x86_idt_set(2, IST_NMI);
    x86_idt_set(8, IST_DOUBLE_FAULT);
    x86_idt_set(18, IST_MACHINE_CHECK);
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

static void x86_dump_reg(const char *name, uint64_t v)
{
    kputs(name);
    kputx(v);
}

static void x86_dump_frame(const struct x86_trap_frame *f)
{
    x86_dump_reg("  rip ", f->rip);
    x86_dump_reg(" cs ", f->cs);
    x86_dump_reg(" rflags ", f->rflags);
    x86_dump_reg(" rsp ", f->rsp);
    x86_dump_reg(" ss ", f->ss);
    if (f->vector == 14)
        x86_dump_reg(" cr2 ", read_cr2());
    x86_dump_reg(" cr3 ", read_cr3());
    x86_dump_reg("\n  rax ", f->rax);
    x86_dump_reg(" rbx ", f->rbx);
    x86_dump_reg(" rcx ", f->rcx);
    x86_dump_reg(" rdx ", f->rdx);
    x86_dump_reg("\n  rsi ", f->rsi);
    x86_dump_reg(" rdi ", f->rdi);
    x86_dump_reg(" rbp ", f->rbp);
    x86_dump_reg(" r8 ", f->r8);
    x86_dump_reg("\n  r9 ", f->r9);
    x86_dump_reg(" r10 ", f->r10);
    x86_dump_reg(" r11 ", f->r11);
    x86_dump_reg(" r12 ", f->r12);
    x86_dump_reg("\n  r13 ", f->r13);
    x86_dump_reg(" r14 ", f->r14);
    x86_dump_reg(" r15 ", f->r15);
    kputl("\n");
}

static _Noreturn void x86_exception(const struct x86_trap_frame *f)
{
    kputl("PANIC: exception ");
    kputu(f->vector);
    kputl(" (");
    kputs(x86_exception_names[f->vector]);
    x86_dump_reg(") error ", f->error);
    x86_dump_reg(" at rip ", f->rip);
    kputl("\n");
    x86_dump_frame(f);
    panic_stop();
}

static _Noreturn void x86_unexpected(const struct x86_trap_frame *f)
{
    kputl("PANIC: unexpected interrupt vector ");
    kputu(f->vector);
    x86_dump_reg(" at rip ", f->rip);
    kputl("\n");
    x86_dump_frame(f);
    panic_stop();
}

void x86_trap(struct x86_trap_frame *f)
{
    if (f->vector < 32)
        x86_exception(f);
    if (f->vector == X86_VEC_TIMER) {
        x86_timer_ticks++;
        kernel_timer_tick();
        x86_lapic_eoi();
        return;
    }
    /* LAPIC spurious (0xff) needs no EOI; the masked 8259s can still raise
     * their spurious IRQ 7/15, which must not be acknowledged either. */
    if (f->vector >= X86_VEC_PIC_BASE)
        return;
    x86_unexpected(f);
}
