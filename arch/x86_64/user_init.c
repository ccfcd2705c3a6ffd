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
 * User threads have x87 and SSE state of their own (user.c saves it with
 * FXSAVE when another thread takes the CPU), and nothing more, whatever the
 * firmware left on (UEFI runs with SSE and may enable more):
 *  - CR0.EM and TS clear, MP set: x87, MMX and SSE run, WAIT honours TS;
 *  - CR4.OSFXSR and OSXMMEXCPT set: FXSAVE/FXRSTOR cover the SSE registers,
 *    and an unmasked SSE exception is #XM, reported as an arithmetic fault;
 *  - CR4.OSXSAVE clear: every VEX/EVEX (AVX) instruction, XSAVE and XGETBV
 *    raise #UD, since no thread's AVX state is saved.
 * The kernel is built with general registers only (arch.cmake), so it never
 * touches the thread's registers except to save and restore them.
 * CR4.FSGSBASE stays off: user.c relies on threads not setting their bases.
 */
static void x86_fpu_init(void)
{
    write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP);
    write_cr4((read_cr4() & ~(X86_CR4_OSXSAVE | X86_CR4_FSGSBASE)) |
              X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
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
    x86_fpu_init();
    x86_smep_smap_init();
    x86_user_bases_reset();
}
