/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Saving and loading a thread's floating-point registers (user.c): f0..f31
 * and fcsr, 33 words at a0. The kernel is built without F and D; these two
 * routines alone use them, with sstatus.FS on.
 */
    .option push
    .option arch, +d

    .text
    .globl riscv_fpu_save
riscv_fpu_save:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, \
            20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fsd     f\n, (\n * 8)(a0)
    .endr
    frcsr   t0
    sd      t0, (32 * 8)(a0)
    ret

    .globl riscv_fpu_load
riscv_fpu_load:
    .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, \
            20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    fld     f\n, (\n * 8)(a0)
    .endr
    ld      t0, (32 * 8)(a0)
    fscsr   t0
    ret

    .option pop

    .section .note.GNU-stack, "", @progbits
