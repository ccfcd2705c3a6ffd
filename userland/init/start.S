/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's entry point. The kernel starts the thread here with the stack
 * pointer at CAIRN_INIT_STACK_TOP (16-byte aligned, as both C ABIs want at
 * a call) and the argument in the first C argument register: the boot-info
 * address, or a probe number (spec/include/cairn/boot_info.h).
 */
    .section .text.start, "ax"
    .globl _start
_start:
#if defined(__x86_64__)
    xor     %ebp, %ebp              /* the end of the frame chain */
    call    init_main
    ud2                             /* init_main does not return */
#elif defined(__riscv)
    li      fp, 0
    li      ra, 0
    call    init_main
    unimp
#else
#error "init: no entry point for this architecture"
#endif

    .section .note.GNU-stack, "", @progbits
