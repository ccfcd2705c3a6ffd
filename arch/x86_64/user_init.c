/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Setting this CPU up for ring 3, once at boot: the SYSCALL MSRs, the FPU
 * kept out of reach, SMEP and SMAP where the CPU has them, and FS/GS bases
 * the kernel knows.
 */
#include "x86.h"

#define CPUID_MAX_BASIC   0u
#define CPUID_STRUCTURED  7u
#define CPUID7_EBX_SMEP   (1u << 7)
#define CPUID7_EBX_SMAP   (1u << 20)

/* SYSCALL: CS = STAR[47:32], SS = that + 8. SYSRET: SS = STAR[63:48] + 8,
 * CS = STAR[63:48] + 16, RPL 3 (x86.h). */
#define STAR_SYSCALL_CS   X86_SEL_KCODE
#define STAR_SYSRET_BASE  X86_SEL_KDATA
_Static_assert(STAR_SYSCALL_CS + 8 == X86_SEL_KDATA, "SYSCALL's SS is the kernel data selector");
_Static_assert(STAR_SYSRET_BASE + 8 == (X86_SEL_UDATA & ~3), "SYSRET's SS is user data");
_Static_assert(STAR_SYSRET_BASE + 16 == (X86_SEL_UCODE & ~3), "SYSRET's CS is user code");

/*
 * What SYSCALL clears in RFLAGS on the way in: IF (the entry stub has no
 * kernel stack until it switches to the trap stack), TF (no single-step trap
 * in the kernel), DF (the C ABI), AC (SMAP stays armed), NT and IOPL.
 */
#define SYSCALL_FMASK (X86_RFLAGS_IF | X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_AC | \
                       X86_RFLAGS_NT | X86_RFLAGS_IOPL)

/*
 * SYSCALL from 64-bit code goes to LSTAR. The other fast entries must lead
 * nowhere: CSTAR (SYSCALL from compatibility mode, AMD only) is never used,
 * since the GDT has no 32-bit user code segment to get there with; and
 * SYSENTER, which Intel allows in 64-bit mode, raises #GP while SYSENTER_CS
 * is 0, whatever the firmware left there.
 */
static void x86_syscall_init(void)
{
    wrmsr(X86_MSR_STAR, (uint64_t)STAR_SYSRET_BASE << 48 | (uint64_t)STAR_SYSCALL_CS << 32);
    wrmsr(X86_MSR_LSTAR, (uint64_t)x86_syscall_entry);
    wrmsr(X86_MSR_FMASK, SYSCALL_FMASK);
    wrmsr(X86_MSR_SYSENTER_CS, 0);
    wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_SCE);
}

/*
 * User threads have no floating point yet: nothing saves x87/SSE/AVX state,
 * so one thread's registers would show through in the next. Every such
 * instruction must trap instead, whatever the firmware left on (UEFI runs
 * with SSE enabled):
 *  - CR0.EM: x87 instructions raise #NM, MMX and SSE ones #UD;
 *  - CR0.TS with CR0.MP: WAIT/FWAIT and FXSAVE raise #NM as well;
 *  - CR4.OSFXSR, OSXMMEXCPT and OSXSAVE clear: SSE, every VEX/EVEX (AVX)
 *    instruction, XSAVE and XGETBV raise #UD.
 * trap.c reports #NM and #UD as FAULT_UNDEFINED. The kernel is built with
 * general registers only (arch.cmake), so none of this touches it; if it
 * ever ran an FP instruction, that would be a PANIC, not a silent leak.
 * CR4.FSGSBASE stays off: user.c relies on threads not setting their bases.
 */
static void x86_fpu_off(void)
{
    write_cr0(read_cr0() | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS);
    write_cr4(read_cr4() & ~(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_OSXSAVE |
                             X86_CR4_FSGSBASE));
}

/* CPUID leaf 7's feature bits (EBX), 0 on a CPU without the leaf. */
uint32_t x86_cpuid7_ebx(void)
{
    uint32_t r[4];

    x86_cpuid(CPUID_MAX_BASIC, r);
    if (r[0] < CPUID_STRUCTURED)
        return 0;
    x86_cpuid(CPUID_STRUCTURED, r);
    return r[1];
}

/*
 * SMEP: the kernel never executes a user page; SMAP: it never reads or
 * writes one by its user address. The kernel reaches user memory only
 * through the direct map, so it needs no stac/clac; entries from ring 3
 * clear RFLAGS.AC (FMASK, entry.S) so a user's AC cannot lift SMAP.
 */
static void x86_smep_smap_init(void)
{
    uint32_t features = x86_cpuid7_ebx();
    uint64_t cr4 = read_cr4();

    if (features & CPUID7_EBX_SMEP)
        cr4 |= X86_CR4_SMEP;
    if (features & CPUID7_EBX_SMAP)
        cr4 |= X86_CR4_SMAP;
    write_cr4(cr4);
}

void x86_user_init(void)
{
    x86_syscall_init();
    x86_fpu_off();
    x86_smep_smap_init();
    x86_user_bases_reset();
}
