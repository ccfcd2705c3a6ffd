/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A user thread's saved registers (struct user_context, laid out as riscv.h
 * says) and the roles kernel/ reads and writes them by. Entering and leaving
 * user mode is in trap_vector.S.
 */
#include "arch.h"
#include "cairn/api_types.h"
#include "riscv.h"

_Static_assert(UCTX_USED <= USER_CONTEXT_WORDS, "struct user_context is too small");

/* The frame of spec/api.toml [abi.riscv64].registers is the pc and then
 * x1..x31 in encoding order: word i > 0 is register xi, saved in w[i]. */
_Static_assert(CAIRN_REG_RISCV64_PC == 0 && CAIRN_REG_RISCV64_RA == 1 &&
               CAIRN_REG_RISCV64_A0 == REG_A0 && CAIRN_REG_RISCV64_T6 == 31 &&
               CAIRN_ABI_RISCV64_FRAME_WORDS == 32 &&
               CAIRN_ABI_RISCV64_FRAME_WORDS <= USER_FRAME_MAX_WORDS,
               "the register frame of spec/api.toml is pc, x1..x31");

uint32_t arch_user_frame_words(void)
{
    return CAIRN_ABI_RISCV64_FRAME_WORDS;
}

static unsigned user_frame_word(uint32_t i)
{
    return i == CAIRN_REG_RISCV64_PC ? UCTX_SEPC : i;
}

uint64_t arch_user_frame_get(const struct user_context *c, uint32_t i)
{
    return i < CAIRN_ABI_RISCV64_FRAME_WORDS ? c->w[user_frame_word(i)] : 0;
}

void arch_user_frame_set(struct user_context *c, uint32_t i, uint64_t v)
{
    if (i < CAIRN_ABI_RISCV64_FRAME_WORDS)
        c->w[user_frame_word(i)] = v;
}

/*
 * The context whose floating-point registers this hart holds, NULL for
 * none. They are saved into it only when another thread is about to run,
 * and only if it wrote them (sstatus.FS Dirty in its saved sstatus), so a
 * thread that keeps the hart, or never touches floating point, costs
 * nothing. kernel/ tells the arch when a context dies
 * (arch_user_context_forget), so nothing is saved into memory that has
 * become something else.
 */
static struct user_context *riscv_fpu_owner;

/*
 * Whether the hart's floating-point registers hold the reset state (every
 * register +0.0, fcsr 0), which is also what a context whose area was never
 * saved into (UCTX_FPU_SAVED 0) holds: switching between two such threads,
 * which never used floating point, loads nothing. Unknown at boot.
 */
static bool riscv_fpu_reset;

/* FS in a saved sstatus, replaced by `fs`. */
static void set_fs(struct user_context *c, uint64_t fs)
{
    c->w[UCTX_SSTATUS] = (c->w[UCTX_SSTATUS] & ~(uint64_t)SSTATUS_FS) | fs;
}

static bool fs_dirty(const struct user_context *c)
{
    return (c->w[UCTX_SSTATUS] & SSTATUS_FS) == SSTATUS_FS_DIRTY;
}

/*
 * Give the hart's floating-point registers to `c`; the owner's go back to
 * its context first if it changed them. A context that never ran has a
 * zeroed area (retype or arch_user_context_init), which loads as +0.0 in
 * every register and fcsr 0: never the registers of whoever ran before.
 */
static void riscv_fpu_switch(struct user_context *c)
{
    if (c == riscv_fpu_owner)
        return;
    riscv_csr_set(sstatus, SSTATUS_FS_CLEAN);   /* the kernel's own FS, for fpu.S */
    if (riscv_fpu_owner != NULL && fs_dirty(riscv_fpu_owner)) {
        riscv_fpu_save(&riscv_fpu_owner->w[UCTX_FPU]);
        set_fs(riscv_fpu_owner, SSTATUS_FS_CLEAN);
        riscv_fpu_owner->w[UCTX_FPU_SAVED] = 1;
        riscv_fpu_reset = false;
    }
    if (c->w[UCTX_FPU_SAVED] != 0 || !riscv_fpu_reset) {
        riscv_fpu_load(&c->w[UCTX_FPU]);
        riscv_fpu_reset = c->w[UCTX_FPU_SAVED] == 0;
    }
    riscv_csr_clear(sstatus, SSTATUS_FS);
    set_fs(c, SSTATUS_FS_CLEAN);
    riscv_fpu_owner = c;
}

/* A dying owner's registers stay on the hart, unsaved: if it wrote them,
 * they are no longer the reset state. */
void arch_user_context_forget(const struct user_context *c)
{
    if (c != riscv_fpu_owner)
        return;
    if (fs_dirty(c))
        riscv_fpu_reset = false;
    riscv_fpu_owner = NULL;
}

void arch_user_enter(struct user_context *c)
{
    riscv_fpu_switch(c);
    riscv_user_enter(c);
}

/*
 * sstatus for sret: SPP = 0 returns to user mode, SPIE = 1 leaves interrupts
 * on there (S-mode interrupts always reach a hart in U-mode; SPIE only says
 * what SIE becomes). SUM = 0: the kernel never touches user memory through
 * user addresses. FS = 0 (off) until the thread first runs, when
 * riscv_fpu_switch loads its (zeroed) floating-point registers.
 */
void arch_user_context_init(struct user_context *c, uint64_t pc, uint64_t sp)
{
    for (unsigned i = 0; i < USER_CONTEXT_WORDS; i++)
        c->w[i] = 0;
    c->w[UCTX_SEPC] = pc;
    c->w[REG_SP] = sp;
    c->w[UCTX_SSTATUS] = SSTATUS_UXL_64 | SSTATUS_SPIE;
    arch_user_context_forget(c);
}
