/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A user thread's saved registers (struct user_context, laid out as x86.h
 * says): the roles kernel/ reads and writes them by, saving them at a trap,
 * and the C half of the way back to ring 3: which exit instruction, the
 * RFLAGS a thread may run with, its FS and GS bases. The instructions that
 * enter and leave ring 3 are in user_entry.S.
 */
#include "arch.h"
#include "cairn/api_types.h"
#include "kernel.h"
#include "x86.h"

_Static_assert(UCTX_USED <= USER_CONTEXT_WORDS, "struct user_context is too small");

/* What a thread may choose in RFLAGS: the status flags, DF, ID and TF
 * (single-stepping traps as #DB in ring 3, the thread's own business). */
#define RFLAGS_USER (X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF | \
                     X86_RFLAGS_SF | X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_OF | \
                     X86_RFLAGS_ID)

struct user_context *x86_user_current;

/*
 * The FS and GS bases this CPU holds, and the context they were loaded for.
 * A thread cannot set a base (CR4.FSGSBASE stays off), but it can make one 0
 * by loading a segment selector: the user descriptors have base 0, and on
 * Intel a null selector clears the base. So a loaded 0 stays right whatever
 * runs, while the bases are trusted only for the context that got them
 * (x86_bases_owner) until its frame is written: another thread, even with
 * the same nonzero base, gets them written again.
 */
static uint64_t x86_fs_loaded;
static uint64_t x86_gs_loaded;
static const struct user_context *x86_bases_owner;

/*
 * The context whose x87/SSE registers this CPU holds, NULL for none. They
 * are saved into it only when another thread is about to run, so a thread
 * that keeps the CPU never pays for FXSAVE. kernel/ tells the arch when a
 * context dies (arch_user_context_forget), so that nothing is ever saved
 * into memory that has become something else.
 */
static struct user_context *x86_fpu_owner;

/* x87 and SSE as FNINIT and a reset leave them: all exceptions masked. */
#define FXSAVE_FCW_DEFAULT   0x37fu
#define FXSAVE_MXCSR_DEFAULT 0x1f80u
#define FXSAVE_MXCSR_WORD    3   /* bytes 24..27 of the area */

/* The frame of spec/api.toml [abi.x86_64].registers, word by word. */
static const uint8_t user_frame_word[] = {
    [CAIRN_REG_X86_64_RIP] = UCTX_RIP,       [CAIRN_REG_X86_64_RSP] = UCTX_RSP,
    [CAIRN_REG_X86_64_RFLAGS] = UCTX_RFLAGS, [CAIRN_REG_X86_64_RAX] = UCTX_RAX,
    [CAIRN_REG_X86_64_RBX] = UCTX_RBX,       [CAIRN_REG_X86_64_RCX] = UCTX_RCX,
    [CAIRN_REG_X86_64_RDX] = UCTX_RDX,       [CAIRN_REG_X86_64_RSI] = UCTX_RSI,
    [CAIRN_REG_X86_64_RDI] = UCTX_RDI,       [CAIRN_REG_X86_64_RBP] = UCTX_RBP,
    [CAIRN_REG_X86_64_R8] = UCTX_R8,         [CAIRN_REG_X86_64_R9] = UCTX_R9,
    [CAIRN_REG_X86_64_R10] = UCTX_R10,       [CAIRN_REG_X86_64_R11] = UCTX_R11,
    [CAIRN_REG_X86_64_R12] = UCTX_R12,       [CAIRN_REG_X86_64_R13] = UCTX_R13,
    [CAIRN_REG_X86_64_R14] = UCTX_R14,       [CAIRN_REG_X86_64_R15] = UCTX_R15,
    [CAIRN_REG_X86_64_FS_BASE] = UCTX_FS_BASE, [CAIRN_REG_X86_64_GS_BASE] = UCTX_GS_BASE,
};

_Static_assert(ARRAY_SIZE(user_frame_word) == CAIRN_ABI_X86_64_FRAME_WORDS &&
               CAIRN_ABI_X86_64_FRAME_WORDS <= USER_FRAME_MAX_WORDS,
               "user_frame_word covers the frame of spec/api.toml");

uint32_t arch_user_frame_words(void)
{
    return CAIRN_ABI_X86_64_FRAME_WORDS;
}

uint64_t arch_user_frame_get(const struct user_context *c, uint32_t i)
{
    return i < ARRAY_SIZE(user_frame_word) ? c->w[user_frame_word[i]] : 0;
}

/* rcx and r11 are in the frame, so the thread must not leave by SYSRET,
 * which would load them from rip and RFLAGS: it takes IRETQ next time. The
 * bases may have changed, so the CPU's are no longer trusted to be its. */
void arch_user_frame_set(struct user_context *c, uint32_t i, uint64_t v)
{
    if (i >= ARRAY_SIZE(user_frame_word))
        return;
    c->w[user_frame_word[i]] = v;
    c->w[UCTX_ENTRY] = UCTX_ENTRY_TRAP;
    if (c == x86_bases_owner)
        x86_bases_owner = NULL;
}

/*
 * A fresh thread: every register zero, IF on, IOPL 0. It never made a system
 * call, so it leaves through IRETQ, with rcx and r11 zero too. Its bases and
 * x87/SSE registers are not loaded, even if an earlier thread's context
 * lived at the same address: it starts with the reset state.
 */
void arch_user_context_init(struct user_context *c, uint64_t pc, uint64_t sp)
{
    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++)
        c->w[i] = 0;
    c->w[UCTX_RIP] = pc;
    c->w[UCTX_RSP] = sp;
    c->w[UCTX_RFLAGS] = X86_RFLAGS_IF | X86_RFLAGS_FIXED;
    arch_user_context_forget(c);
}

/* At a trap from ring 3 (trap.c): the registers entry.S and the CPU pushed
 * go to the running thread's context. */
void x86_user_save_trap(const struct x86_trap_frame *f)
{
    uint64_t *w = x86_user_current->w;

    w[UCTX_RAX] = f->rax;
    w[UCTX_RCX] = f->rcx;
    w[UCTX_RDX] = f->rdx;
    w[UCTX_RBX] = f->rbx;
    w[UCTX_RSP] = f->rsp;
    w[UCTX_RBP] = f->rbp;
    w[UCTX_RSI] = f->rsi;
    w[UCTX_RDI] = f->rdi;
    w[UCTX_R8] = f->r8;
    w[UCTX_R9] = f->r9;
    w[UCTX_R10] = f->r10;
    w[UCTX_R11] = f->r11;
    w[UCTX_R12] = f->r12;
    w[UCTX_R13] = f->r13;
    w[UCTX_R14] = f->r14;
    w[UCTX_R15] = f->r15;
    w[UCTX_RIP] = f->rip;
    w[UCTX_RFLAGS] = f->rflags;
    w[UCTX_ENTRY] = UCTX_ENTRY_TRAP;
}

/*
 * The RFLAGS a thread runs with: its own choice of RFLAGS_USER, IF on (it
 * must not stop the timer) and bit 1 set. Everything else is cleared: IOPL
 * 0, so cli, popf's IF and every I/O port stay forbidden; NT, RF, VM, VIF,
 * VIP and AC, which 64-bit user code has no use for (CR0.AM is clear, so AC
 * would check nothing), and the reserved bits.
 */
uint64_t x86_user_rflags(uint64_t rflags)
{
    return (rflags & RFLAGS_USER) | X86_RFLAGS_IF | X86_RFLAGS_FIXED;
}

/*
 * SYSRET is the fast way out, and right only when the thread last came in by
 * SYSCALL (its rcx and r11 are gone already) and
 *  - rip is in the lower half. On Intel, SYSRET to a non-canonical rcx
 *    raises #GP in ring 0 with the user's rsp already loaded: a kernel
 *    exception on a stack the user chose. An upper-half rip can only be one
 *    the kernel wrote; IRETQ takes it to an ordinary user page fault.
 *  - TF is clear. SYSRET would raise the single-step trap as soon as it
 *    completes, before the thread's next instruction; IRETQ steps exactly.
 */
ALWAYS_INLINE bool x86_user_may_sysret(const struct user_context *c)
{
    return c->w[UCTX_ENTRY] == UCTX_ENTRY_SYSCALL && c->w[UCTX_RIP] < X86_LOWER_HALF_END &&
           (c->w[UCTX_RFLAGS] & X86_RFLAGS_TF) == 0;
}

static bool x86_canonical(uint64_t va)
{
    return va < X86_LOWER_HALF_END || va >= 0 - X86_LOWER_HALF_END;
}

/* Only the kernel can have put a non-canonical value in rip or a base (no
 * instruction loads one), and neither IRETQ nor wrmsr would take it: it is
 * reported as the #GP the thread would have got, and the thread is not run. */
static void x86_user_check_canonical(uint64_t v)
{
    if (!x86_canonical(v))
        kernel_user_fault(CAIRN_FAULT_PROTECTION, v, X86_VEC_GP);
}

/* Known bases on this CPU: zero, no owner. x86_user_init calls it once. */
void x86_user_bases_reset(void)
{
    wrmsr(X86_MSR_FS_BASE, 0);
    wrmsr(X86_MSR_GS_BASE, 0);
    wrmsr(X86_MSR_KERNEL_GS_BASE, 0);
    x86_fs_loaded = 0;
    x86_gs_loaded = 0;
    x86_bases_owner = NULL;
}

/* wrmsr is slow: skip it when the MSR holds `base` already and that is 0,
 * which is right for every thread (x86_fs_loaded). */
static void x86_base_load(uint32_t msr, uint64_t base, uint64_t *loaded)
{
    if (base == 0 && *loaded == 0)
        return;
    wrmsr(msr, base);
    *loaded = base;
}

/* Load the FS and GS bases of `c`, which does not own the loaded ones. */
static void x86_bases_load(const struct user_context *c)
{
    x86_user_check_canonical(c->w[UCTX_FS_BASE]);
    x86_user_check_canonical(c->w[UCTX_GS_BASE]);
    x86_base_load(X86_MSR_FS_BASE, c->w[UCTX_FS_BASE], &x86_fs_loaded);
    x86_base_load(X86_MSR_GS_BASE, c->w[UCTX_GS_BASE], &x86_gs_loaded);
    x86_bases_owner = c;
}

/* The area must be 16-byte aligned: the context is, and UCTX_FXSAVE is even. */
_Static_assert(UCTX_FXSAVE % 2 == 0, "the FXSAVE area is 16-byte aligned");

static void fxsave(uint64_t *area)
{
    __asm__ volatile("fxsave64 %0" : "=m"(*(uint64_t (*)[64])area));
}

static void fxrstor(const uint64_t *area)
{
    __asm__ volatile("fxrstor64 %0" : : "m"(*(const uint64_t (*)[64])area));
}

/*
 * Give the CPU's x87/SSE registers to `c`, which does not hold them: the
 * owner's go back to its context first. A context that never ran gets the
 * reset state, never the registers of whoever ran before it.
 */
static void x86_fpu_switch(struct user_context *c)
{
    uint64_t *area = &c->w[UCTX_FXSAVE];

    if (x86_fpu_owner != NULL)
        fxsave(&x86_fpu_owner->w[UCTX_FXSAVE]);
    if (c->w[UCTX_FPU_USED] == 0) {
        for (unsigned i = 0; i < 64; i++)
            area[i] = 0;
        area[0] = FXSAVE_FCW_DEFAULT;
        area[FXSAVE_MXCSR_WORD] = FXSAVE_MXCSR_DEFAULT;
        c->w[UCTX_FPU_USED] = 1;
    }
    fxrstor(area);
    x86_fpu_owner = c;
}

void arch_user_context_forget(const struct user_context *c)
{
    if (c == x86_fpu_owner)
        x86_fpu_owner = NULL;
    if (c == x86_bases_owner)
        x86_bases_owner = NULL;
}

/*
 * From arch_user_enter, on the trap stack with interrupts off: make `c` the
 * context traps and system calls save into, give it its x87/SSE registers
 * and FS and GS bases (each only if another thread has them) and refuse
 * what cannot be entered. Returns whether it may leave through SYSRET. A
 * thread going back and forth with one partner pays for no wrmsr.
 *
 * SYSRET takes RFLAGS as SYSCALL saved them: flags the thread set itself in
 * ring 3, where IF stays on and IOPL cannot change, so they need no
 * sanitising. Any other RFLAGS (from a trap frame or a frame write, which
 * sends the thread out through IRETQ) are sanitised here.
 */
bool x86_user_exit_prepare(struct user_context *c)
{
    x86_user_current = c;
    if (c != x86_fpu_owner)
        x86_fpu_switch(c);
    if (c != x86_bases_owner &&
        (c->w[UCTX_FS_BASE] | c->w[UCTX_GS_BASE] | x86_fs_loaded | x86_gs_loaded) != 0)
        x86_bases_load(c);   /* zero bases are right for every thread */
    if (x86_user_may_sysret(c))
        return true;
    c->w[UCTX_RFLAGS] = x86_user_rflags(c->w[UCTX_RFLAGS]);
    x86_user_check_canonical(c->w[UCTX_RIP]);
    return false;
}
