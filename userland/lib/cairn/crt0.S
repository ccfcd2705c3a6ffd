/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A process's entry point. The builder starts the first thread here with the
 * stack pointer below the startup block (16-byte aligned at a call, as both C
 * ABIs want) and the block's address as the first C argument.
 */
    .section .text.start, "ax"
    .globl _start
_start:
#if defined(__x86_64__)
    xor     %ebp, %ebp              /* the end of the frame chain */
    call    cairn_start
    ud2                             /* cairn_start does not return */
#elif defined(__riscv)
    li      fp, 0
    li      ra, 0
    call    cairn_start
    unimp
#else
#error "crt0: no entry point for this architecture"
#endif

    .section .note.GNU-stack, "", @progbits
