/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor trap vector (stvec, direct mode) and the way into user mode.
 *
 * sscratch tells where a trap came from: it is 0 while the kernel runs and
 * holds the running thread's struct user_context while user code runs
 * (riscv_user_enter puts it there). The vector swaps it with sp:
 *  - From the kernel: save every register into a struct trap_frame on the
 *    current kernel stack, call riscv_trap(), and return with sret.
 *  - From user mode: save the user's registers into its context, switch to
 *    the top of the trap stack and call riscv_trap_user(), which never
 *    returns; the kernel goes back to user mode through riscv_user_enter.
 */
#include "riscv.h"

#define REG(n)          ((n) * 8)
#define FRAME_SEPC      (32 * 8)
#define FRAME_SSTATUS   (33 * 8)
#define FRAME_SCAUSE    (34 * 8)
#define FRAME_STVAL     (35 * 8)
#define FRAME_SIZE      (36 * 8)   /* a multiple of 16, as the ABI wants for sp */

/* Registers the vector saves (and the kernel path restores) in one sweep:
 * all but zero, and sp (x2) and t0 (x5), which each path handles itself
 * (t0 is the scratch register around the CSR reads). */
#define SAVED_REGS      1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, \
                        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
/* What arch_user_enter loads before a0 (x10), which holds the context. */
#define ENTER_REGS      1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, \
                        20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31

/* `op` (sd or ld) each register xn of `regs` at offset 8n from `base`: the
 * layout struct trap_frame and struct user_context share. */
.macro for_regs op, base, regs:vararg
    .irp n, \regs
    \op x\n, REG(\n)(\base)
    .endr
.endm

    .text
    .balign 4
    .globl riscv_trap_vector
riscv_trap_vector:
    csrrw   sp, sscratch, sp
    bnez    sp, trap_from_user
    /* From the kernel: swapping back restores sp and leaves sscratch 0. */
    csrrw   sp, sscratch, sp
    addi    sp, sp, -FRAME_SIZE
    sd      t0, REG(5)(sp)
    for_regs sd, sp, SAVED_REGS
    addi    t0, sp, FRAME_SIZE
    sd      t0, REG(2)(sp)
    csrr    t0, sepc
    sd      t0, FRAME_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, FRAME_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, FRAME_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, FRAME_STVAL(sp)

    mv      a0, sp
    call    riscv_trap

    /* From the frame, not the CSRs: a nested trap would have overwritten
     * them. */
    ld      t0, FRAME_SEPC(sp)
    csrw    sepc, t0
    ld      t0, FRAME_SSTATUS(sp)
    csrw    sstatus, t0
    for_regs ld, sp, SAVED_REGS
    ld      t0, REG(5)(sp)
    addi    sp, sp, FRAME_SIZE
    sret

/* sp is the user context, sscratch the user's sp. Clearing sscratch first
 * thing (with t0 freed) means a fault anywhere after it is a kernel trap.
 * The user's gp and tp stay in place: the kernel uses neither (no
 * global-pointer relaxation, no per-CPU pointer yet). */
trap_from_user:
    sd      t0, REG(5)(sp)
    csrrw   t0, sscratch, zero
    sd      t0, REG(2)(sp)
    for_regs sd, sp, SAVED_REGS
    csrr    t0, sepc
    sd      t0, UCTX_SEPC * 8(sp)
    csrr    t0, sstatus
    sd      t0, UCTX_SSTATUS * 8(sp)

    mv      a0, sp
    csrr    a1, scause
    csrr    a2, stval
    /* Nothing on the kernel stacks outlives a return to user mode, so every
     * trap from it starts with the whole trap stack. */
    lla     sp, trap_stack_top
    call    riscv_trap_user
    unimp                       /* riscv_trap_user never returns */

/*
 * riscv_user_enter(struct user_context *c): load the whole user state from c
 * and sret to it (arch_user_enter in user.c, once the FPU is c's). The sstatus written clears SIE, so no interrupt comes
 * between here and the sret (which turns SPIE into the user's SIE), and SPP,
 * so the sret can only go to user mode.
 */
    .globl riscv_user_enter
riscv_user_enter:
    ld      t0, UCTX_SSTATUS * 8(a0)
    andi    t0, t0, ~(SSTATUS_SPP | SSTATUS_SIE)
    csrw    sstatus, t0
    csrw    sscratch, a0
    ld      t0, UCTX_SEPC * 8(a0)
    csrw    sepc, t0
    for_regs ld, a0, ENTER_REGS
    ld      a0, REG(10)(a0)
    sret

/*
 * riscv_interrupt_on_trap_stack(source): kernel_interrupt(source) from the
 * top of the trap stack. Whatever the interrupt came in on is abandoned: a
 * thread's trap, saved already, or the idle loop, which an interrupt that
 * wakes no thread enters again; from the top each time, so such interrupts
 * do not pile up frames.
 */
    .text
    .globl riscv_interrupt_on_trap_stack
riscv_interrupt_on_trap_stack:
    lla     sp, trap_stack_top
    call    kernel_interrupt
    unimp                       /* kernel_interrupt never returns */

    .section .bss, "aw", @nobits
    .balign 16
    .space  TRAP_STACK_SIZE
trap_stack_top:

    .section .note.GNU-stack, "", @progbits
