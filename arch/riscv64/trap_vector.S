/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor trap vector (stvec, direct mode): save every register into
 * a struct trap_frame on the current kernel stack, call riscv_trap(), and
 * return with sret. Only the kernel runs yet, so the trap always arrives on
 * a kernel stack and sscratch is not needed.
 */
#include "riscv.h"

#define FRAME_X(n)      ((n) * 8)
#define FRAME_SEPC      (32 * 8)
#define FRAME_SSTATUS   (33 * 8)
#define FRAME_SCAUSE    (34 * 8)
#define FRAME_STVAL     (35 * 8)
#define FRAME_SIZE      (36 * 8)   /* a multiple of 16, as the ABI wants for sp */

/* Registers saved and restored the same way: all but zero, sp (x2) and the
 * t0 (x5) used as scratch around the CSR reads. */
.macro for_saved_regs op
    \op x1, FRAME_X(1)(sp)
    .irp n, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    \op x\n, FRAME_X(\n)(sp)
    .endr
.endm

    .text
    .balign 4
    .globl riscv_trap_vector
riscv_trap_vector:
    addi    sp, sp, -FRAME_SIZE
    sd      t0, FRAME_X(5)(sp)
    for_saved_regs sd
    addi    t0, sp, FRAME_SIZE
    sd      t0, FRAME_X(2)(sp)
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
     * them, and the syscall path will advance sepc there. */
    ld      t0, FRAME_SEPC(sp)
    csrw    sepc, t0
    ld      t0, FRAME_SSTATUS(sp)
    csrw    sstatus, t0
    for_saved_regs ld
    ld      t0, FRAME_X(5)(sp)
    addi    sp, sp, FRAME_SIZE
    sret

    .section .note.GNU-stack, "", @progbits
