/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IDT and the C side of every interrupt: the LAPIC timer ticks the
 * kernel, device lines go to the generic kernel (kernel_interrupt),
 * spurious interrupts are dropped. Exceptions in the kernel panic
 * with a register dump; from ring 3 they are the thread's faults, reported
 * to the generic kernel (kernel.h) with its registers saved in its context,
 * except NMI, double fault and machine check, which stay kernel panics.
 */
#include "arch.h"
#include "console.h"
#include "kernel.h"
#include "x86.h"

#define IDT_INTERRUPT_GATE 0x8e   /* present, DPL 0, interrupts off on entry */
#define IDT_DPL_3          0x60   /* ring 3 may `int` into it */
#define STUB_SIZE 16              /* entry.S aligns every stub to 16 bytes */

/* Page-fault error code bits. */
#define PF_WRITE 0x02
#define PF_RSVD  0x08   /* a reserved bit set in a page-table entry */
#define PF_INSN  0x10   /* an instruction fetch */

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

static void x86_idt_set(unsigned vector, uint8_t ist, uint8_t type)
{
    uint64_t addr = (uint64_t)(x86_trap_stubs + STUB_SIZE * vector);
    struct x86_idt_entry *e = &x86_idt[vector];

    e->offset_low = (uint16_t)addr;
    e->selector = X86_SEL_KCODE;
    e->ist = ist;
    e->type_attr = type;
    e->offset_mid = (uint16_t)(addr >> 16);
    e->offset_high = (uint32_t)(addr >> 32);
    e->zero = 0;
}

void x86_trap_init(void)
{
    struct x86_table_pointer idtr = { sizeof(x86_idt) - 1, (uint64_t)x86_idt };
    unsigned v;

    /* Every gate but #BP is DPL 0: `int N` to it from ring 3 is a #GP, so
     * a thread cannot fake a page fault, the timer or a system call. int3
     * may reach #BP: a breakpoint is the thread's own fault. */
    for (v = 0; v < ARRAY_SIZE(x86_idt); v++)
        x86_idt_set(v, 0, IDT_INTERRUPT_GATE);
    x86_idt_set(X86_VEC_BP, 0, IDT_INTERRUPT_GATE | IDT_DPL_3);
    x86_idt_set(X86_VEC_NMI, IST_NMI, IDT_INTERRUPT_GATE);
    x86_idt_set(X86_VEC_DF, IST_DOUBLE_FAULT, IDT_INTERRUPT_GATE);
    x86_idt_set(X86_VEC_MC, IST_MACHINE_CHECK, IDT_INTERRUPT_GATE);
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

/*
 * Which access a page fault at `addr` was. The CPU says fetch (I/D) only
 * with NX or SMEP on; without both, a fetch is recognised by CR2 being rip:
 * an instruction whose first byte could be fetched can also read it, so no
 * read fault has CR2 == rip. (A fetch fault on the second page of an
 * instruction that straddles two then reads as a read fault.)
 */
static fault_kind_t x86_page_fault_kind(uint64_t error, uint64_t addr, uint64_t rip)
{
    if (error & PF_INSN)
        return CAIRN_FAULT_PAGE_EXECUTE;
    if (error & PF_WRITE)
        return CAIRN_FAULT_PAGE_WRITE;
    return addr == rip ? CAIRN_FAULT_PAGE_EXECUTE : CAIRN_FAULT_PAGE_READ;
}

/* The fault a thread's exception reports (kernel.h). */
static fault_kind_t x86_fault_kind(const struct x86_trap_frame *f, uint64_t addr)
{
    switch (f->vector) {
    case X86_VEC_PF:
        return x86_page_fault_kind(f->error, addr, f->rip);
    case X86_VEC_UD:
    case X86_VEC_NM:   /* FP is off for threads (user_init.c) */
        return CAIRN_FAULT_UNDEFINED;
    case X86_VEC_GP:
    case X86_VEC_SS:
    case X86_VEC_NP:
    case X86_VEC_TS:
        return CAIRN_FAULT_PROTECTION;
    case X86_VEC_DE:
    case X86_VEC_MF:
    case X86_VEC_XM:
        return CAIRN_FAULT_ARITHMETIC;
    case X86_VEC_AC:
        return CAIRN_FAULT_ALIGNMENT;
    case X86_VEC_BP:
    case X86_VEC_DB:
        return CAIRN_FAULT_BREAKPOINT;
    default:
        return CAIRN_FAULT_OTHER;
    }
}

/* NMI, #DF and #MC say the machine is in trouble, not the thread. */
static bool x86_is_thread_fault(uint64_t vector)
{
    return vector < X86_VEC_EXCEPTIONS && vector != X86_VEC_NMI && vector != X86_VEC_DF &&
           vector != X86_VEC_MC;
}

/*
 * A thread's exception: its page fault's address is CR2 (read before
 * anything can fault again); other faults report its rip, which for the
 * traps (#BP, single-step #DB) is past the instruction. A reserved-bit page
 * fault means the kernel built a bad page table: that is a kernel panic.
 */
static _Noreturn void x86_thread_fault(const struct x86_trap_frame *f)
{
    uint64_t addr = f->vector == X86_VEC_PF ? read_cr2() : f->rip;

    if (f->vector == X86_VEC_PF && (f->error & PF_RSVD))
        x86_exception(f);
    x86_user_save_trap(f);
    kernel_user_fault(x86_fault_kind(f, addr), addr, f->vector);
}

static void x86_timer_interrupt(void)
{
    x86_timer_ticks++;
    kernel_timer_tick();
    x86_lapic_eoi();
}

/*
 * A device line: masked at its I/O APIC before the EOI, so that a level
 * triggered line still asserted does not come straight back; the generic
 * kernel signals what it is bound to and picks the thread to run. Once
 * threads exist the kernel runs with interrupts on only in its idle loop,
 * which this leaves for good, so from ring 0 nothing is lost either.
 */
static _Noreturn void x86_device_interrupt(const struct x86_trap_frame *f, bool from_user)
{
    uint32_t line = (uint32_t)(f->vector - X86_VEC_IRQ_BASE);

    if (from_user)
        x86_user_save_trap(f);
    arch_irq_mask(line);
    x86_lapic_eoi();
    x86_interrupt_on_trap_stack(line);
}

/* From entry.S, interrupts off. A trap from ring 3 saves the thread's
 * registers and goes to the generic kernel, which never returns here. */
void x86_trap(struct x86_trap_frame *f)
{
    bool from_user = (f->cs & 3) == 3;

    if (from_user && x86_is_thread_fault(f->vector))
        x86_thread_fault(f);
    if (f->vector < X86_VEC_EXCEPTIONS)
        x86_exception(f);
    if (f->vector == X86_VEC_TIMER) {
        if (from_user)
            x86_user_save_trap(f);
        x86_timer_interrupt();
        if (from_user)
            kernel_user_resume();
        return;
    }
    if (f->vector >= X86_VEC_IRQ_BASE && f->vector < X86_VEC_IRQ_BASE + X86_IRQ_VECTORS)
        x86_device_interrupt(f, from_user);
    /* LAPIC spurious (0xff) needs no EOI; the masked 8259s can still raise
     * their spurious IRQ 7/15, which must not be acknowledged either. Either
     * way the interrupted code, user or kernel, goes on as it was. */
    if (f->vector >= X86_VEC_PIC_BASE)
        return;
    x86_unexpected(f);
}
