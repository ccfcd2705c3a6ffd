/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_64 self-tests of the ring-3 set-up, read back from the CPU where it
 * can be (the live GDT, IDT, TSS and MSRs rather than the tables init.c
 * meant to build), and of the context functions kernel/ relies on.
 */
#include "arch.h"
#include "selftest.h"
#include "x86.h"

/* Descriptor bits (GDT entries and IDT gates). */
#define DESC_PRESENT    (1ull << 47)
#define DESC_DPL_SHIFT  45
#define DESC_CODE_DATA  (1ull << 44)   /* S: code or data, not a system descriptor */
#define DESC_CODE       (1ull << 43)
#define DESC_WRITABLE   (1ull << 41)   /* data segments */
#define DESC_LONG       (1ull << 53)
#define DESC_DEFAULT32  (1ull << 54)
#define GATE_PRESENT    0x80
#define GATE_DPL_SHIFT  5
#define TSS_RSP0_OFFSET 4

#define RFLAGS_RESERVED (~0x3f7fd7ull)   /* bits RFLAGS does not define (bit 1 is defined: one) */

static uint64_t x86_st_gdt_entry(uint16_t selector)
{
    struct x86_table_pointer gdtr;

    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    if ((unsigned)(selector & ~7) + 7 > gdtr.limit)
        return 0;
    return ((const uint64_t *)gdtr.base)[selector >> 3];
}

static unsigned x86_st_dpl(uint64_t desc)
{
    return (unsigned)(desc >> DESC_DPL_SHIFT) & 3;
}

static bool x86_st_is_code64(uint64_t d, unsigned dpl)
{
    return (d & DESC_PRESENT) && (d & DESC_CODE_DATA) && (d & DESC_CODE) && (d & DESC_LONG) &&
           !(d & DESC_DEFAULT32) && x86_st_dpl(d) == dpl;
}

static bool x86_st_is_data(uint64_t d, unsigned dpl)
{
    return (d & DESC_PRESENT) && (d & DESC_CODE_DATA) && !(d & DESC_CODE) &&
           (d & DESC_WRITABLE) && x86_st_dpl(d) == dpl;
}

/* What SYSCALL and SYSRET will load, from STAR, is what the GDT holds there. */
static bool x86_st_star_selectors(void)
{
    uint64_t star = rdmsr(X86_MSR_STAR);
    uint16_t kcode = (uint16_t)(star >> 32);
    uint16_t ubase = (uint16_t)(star >> 48);

    return kcode == X86_SEL_KCODE && (ubase + 8) == (X86_SEL_UDATA & ~3) &&
           (ubase + 16) == (X86_SEL_UCODE & ~3) &&
           x86_st_is_code64(x86_st_gdt_entry(kcode), 0) &&
           x86_st_is_data(x86_st_gdt_entry(kcode + 8), 0) &&
           x86_st_is_data(x86_st_gdt_entry(ubase + 8), 3) &&
           x86_st_is_code64(x86_st_gdt_entry(ubase + 16), 3);
}

static bool x86_st_syscall_msrs(void)
{
    uint64_t fmask = X86_RFLAGS_IF | X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_AC |
                     X86_RFLAGS_NT | X86_RFLAGS_IOPL;

    return (rdmsr(X86_MSR_EFER) & X86_EFER_SCE) &&
           rdmsr(X86_MSR_LSTAR) == (uint64_t)x86_syscall_entry &&
           (rdmsr(X86_MSR_FMASK) & fmask) == fmask && rdmsr(X86_MSR_SYSENTER_CS) == 0;
}

static uint64_t x86_st_load64(const uint8_t *p)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* The TSS the task register names (a 16-byte system descriptor): its rsp0. */
static uint64_t x86_st_tss_rsp0(void)
{
    uint16_t tr;
    uint64_t low, high, base;

    __asm__ volatile("str %0" : "=r"(tr));
    low = x86_st_gdt_entry(tr);
    high = x86_st_gdt_entry((uint16_t)(tr + 8));
    base = ((low >> 16) & 0xffffff) | ((low >> 56) << 24) | (high << 32);
    return x86_st_load64((const uint8_t *)base + TSS_RSP0_OFFSET);
}

static bool x86_st_tss_trap_stack(void)
{
    uint64_t rsp0 = x86_st_tss_rsp0();

    return rsp0 == (uint64_t)x86_trap_stack_top && rsp0 % 16 == 0;
}

/* Every gate present, in the kernel's code segment, DPL 0 but #BP's 3, and
 * NMI, #DF and #MC on IST stacks. */
static bool x86_st_idt_gates(void)
{
    struct x86_table_pointer idtr;
    const struct x86_idt_entry *g;

    __asm__ volatile("sidt %0" : "=m"(idtr));
    if (idtr.limit + 1u != 256 * sizeof(*g))
        return false;
    g = (const struct x86_idt_entry *)idtr.base;
    for (unsigned v = 0; v < 256; v++) {
        unsigned dpl = (g[v].type_attr >> GATE_DPL_SHIFT) & 3;
        bool ist = v == X86_VEC_NMI || v == X86_VEC_DF || v == X86_VEC_MC;

        if (!(g[v].type_attr & GATE_PRESENT) || g[v].selector != X86_SEL_KCODE)
            return false;
        if (dpl != (v == X86_VEC_BP ? 3u : 0u) || (g[v].ist != 0) != ist)
            return false;
    }
    return true;
}

/* Where spec/api.toml [abi.x86_64] and the SysV ABI put each role. */
static const uint8_t x86_st_role_word[USER_REG_COUNT] = {
    [USER_REG_PC] = UCTX_RIP,       [USER_REG_SP] = UCTX_RSP,
    [USER_REG_ARG0] = UCTX_RDI,     [USER_REG_SYSCALL] = UCTX_RAX,
    [USER_REG_CPTR] = UCTX_RDI,     [USER_REG_MSGINFO] = UCTX_RSI,
    [USER_REG_MSG0] = UCTX_RDX,     [USER_REG_MSG0 + 1] = UCTX_R8,
    [USER_REG_MSG0 + 2] = UCTX_R9,  [USER_REG_MSG0 + 3] = UCTX_R10,
};

/* Setting role r changes its word and no other, and reads back. */
static bool x86_st_role(unsigned r)
{
    struct user_context c = { { 0 } };
    uint64_t v = 0x1122334455667700ull + r;

    arch_user_reg_set(&c, r, v);
    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++) {
        if (c.w[i] != (i == x86_st_role_word[r] ? v : 0))
            return false;
    }
    return arch_user_reg(&c, r) == v;
}

static bool x86_st_roles(void)
{
    for (unsigned r = 0; r < USER_REG_COUNT; r++) {
        if (!x86_st_role(r))
            return false;
    }
    return true;
}

/* A fresh context: rip and rsp, RFLAGS exactly IF and bit 1 (IOPL 0), all
 * else zero, so the first exit is an IRETQ. Starts from garbage. */
static bool x86_st_context_init(void)
{
    struct user_context c;

    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++)
        c.w[i] = ~0ull;
    arch_user_context_init(&c, 0x401000, 0x7ffffff000);
    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++) {
        uint64_t want = i == UCTX_RIP ? 0x401000 : i == UCTX_RSP ? 0x7ffffff000 :
                        i == UCTX_RFLAGS ? X86_RFLAGS_IF | X86_RFLAGS_FIXED : 0;

        if (c.w[i] != want)
            return false;
    }
    return !x86_user_may_sysret(&c);
}

/* Whatever a context holds, a thread runs with IF on, IOPL 0, none of
 * NT/RF/VM/AC/VIF/VIP, no reserved bit, and keeps its status flags. */
static bool x86_st_rflags(void)
{
    uint64_t all = x86_user_rflags(~0ull);
    uint64_t banned = X86_RFLAGS_IOPL | X86_RFLAGS_NT | X86_RFLAGS_RF | X86_RFLAGS_VM |
                      X86_RFLAGS_AC | X86_RFLAGS_VIF | X86_RFLAGS_VIP | RFLAGS_RESERVED;

    return (all & banned) == 0 && (all & X86_RFLAGS_IF) && (all & X86_RFLAGS_FIXED) &&
           (all & (X86_RFLAGS_CF | X86_RFLAGS_ZF | X86_RFLAGS_DF | X86_RFLAGS_TF)) &&
           x86_user_rflags(0) == (X86_RFLAGS_IF | X86_RFLAGS_FIXED);
}

static bool x86_st_sysret_if(uint64_t entry, uint64_t rip, uint64_t rflags)
{
    struct user_context c = { { 0 } };

    c.w[UCTX_ENTRY] = entry;
    c.w[UCTX_RIP] = rip;
    c.w[UCTX_RFLAGS] = rflags;
    return x86_user_may_sysret(&c);
}

/* SYSRET only after a SYSCALL, to the lower half, without TF. */
static bool x86_st_sysret_choice(void)
{
    uint64_t f = X86_RFLAGS_IF | X86_RFLAGS_FIXED;

    return x86_st_sysret_if(UCTX_ENTRY_SYSCALL, 0x401000, f) &&
           x86_st_sysret_if(UCTX_ENTRY_SYSCALL, X86_LOWER_HALF_END - 1, f) &&
           !x86_st_sysret_if(UCTX_ENTRY_SYSCALL, X86_LOWER_HALF_END, f) &&
           !x86_st_sysret_if(UCTX_ENTRY_SYSCALL, 0xffffffff80100000ull, f) &&
           !x86_st_sysret_if(UCTX_ENTRY_SYSCALL, 0x401000, f | X86_RFLAGS_TF) &&
           !x86_st_sysret_if(UCTX_ENTRY_TRAP, 0x401000, f);
}

/* CR4.SMEP and SMAP are on exactly where CPUID leaf 7 has them. */
static bool x86_st_smep_smap(void)
{
    uint32_t ebx = x86_cpuid7_ebx();
    uint64_t cr4 = read_cr4();

    return ((cr4 & X86_CR4_SMEP) != 0) == ((ebx & (1u << 7)) != 0) &&
           ((cr4 & X86_CR4_SMAP) != 0) == ((ebx & (1u << 20)) != 0);
}

/* x87 and SSE on (their state is saved per thread), AVX and FSGSBASE off. */
static bool x86_st_fpu(void)
{
    uint64_t cr0 = read_cr0(), cr4 = read_cr4();
    uint64_t cr4_on = X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

    return (cr0 & (X86_CR0_EM | X86_CR0_TS)) == 0 && (cr0 & X86_CR0_MP) != 0 &&
           (cr4 & cr4_on) == cr4_on && (cr4 & (X86_CR4_OSXSAVE | X86_CR4_FSGSBASE)) == 0;
}

void x86_st_user(struct selftest *t)
{
    selftest_expect(t, x86_st_star_selectors(),
                    "x86: STAR and the GDT agree on the SYSCALL/SYSRET selectors");
    selftest_expect(t, x86_st_syscall_msrs(),
                    "x86: EFER.SCE, LSTAR the entry stub, FMASK IF/TF/DF/AC/NT/IOPL, no SYSENTER");
    selftest_expect(t, x86_st_tss_trap_stack(), "x86: TSS.rsp0 is the top of the trap stack");
    selftest_expect(t, x86_st_idt_gates(),
                    "x86: every gate is DPL 0 but #BP's, NMI/#DF/#MC on IST stacks");
    selftest_expect(t, x86_st_roles(), "x86: every register role reads and writes its own word");
    selftest_expect(t, x86_st_context_init(),
                    "x86: a fresh context has rip, rsp, IF=1, IOPL 0 and nothing else");
    selftest_expect(t, x86_st_rflags(), "x86: a thread never runs with IOPL, NT, AC or IF off");
    selftest_expect(t, x86_st_sysret_choice(),
                    "x86: SYSRET only after SYSCALL, to the lower half, without TF");
    selftest_expect(t, x86_st_smep_smap(), "x86: SMEP and SMAP are on where the CPU has them");
    selftest_expect(t, x86_st_fpu(),
                    "x86: x87/SSE on for threads (CR0.MP, OSFXSR), AVX off (no OSXSAVE)");
}
