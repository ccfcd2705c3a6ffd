/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interrupt and exception entry: 256 stubs, 16 bytes apart so trap.c can find
 * stub N at x86_trap_stubs + 16 * N, all funnelling into one path that saves
 * the general registers as a struct x86_trap_frame and calls x86_trap().
 * From ring 3 the CPU has switched to the trap stack (TSS.rsp0) first, and
 * x86_trap() does not return unless the interrupt was spurious.
 */
#include "x86.h"

        .section .note.GNU-stack, "", @progbits
        .cfi_sections .debug_frame

/* Exceptions for which the CPU pushes an error code itself. */
#define HAS_ERROR(n) ((n) == 8 || ((n) >= 10 && (n) <= 14) || (n) == 17 || (n) == 21 || \
                      (n) == 29 || (n) == 30)

        .text
        .balign 16
        .globl x86_trap_stubs
x86_trap_stubs:
        .set vec, 0
        .rept 256
        .balign 16
        .if !HAS_ERROR(vec)
        pushq $0
        .endif
        pushq $vec
        jmp trap_common
        .set vec, vec + 1
        .endr

        .macro save reg
        pushq %\reg
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset \reg, 0
        .endm

        .macro restore reg
        popq %\reg
        .cfi_adjust_cfa_offset -8
        .endm

/*
 * On entry the stack holds vector, error code, then the CPU's rip, cs,
 * rflags, rsp, ss; the CFI says so, so a debugger can unwind into the
 * interrupted code. The CPU aligned the stack to 16 before its pushes, and
 * 7 + 15 eight-byte slots keep it aligned for the C call.
 */
trap_common:
        .cfi_startproc simple
        .cfi_signal_frame
        .cfi_def_cfa rsp, 7 * 8
        .cfi_offset rip, -5 * 8
        .cfi_offset rsp, -2 * 8
        save rax
        save rbx
        save rcx
        save rdx
        save rsi
        save rdi
        save rbp
        save r8
        save r9
        save r10
        save r11
        save r12
        save r13
        save r14
        save r15
        mov %rsp, %rdi
        /* A gate clears IF and TF but not DF or AC, which ring 3 controls:
         * the C ABI wants DF clear, and AC set would lift SMAP. */
        pushq $X86_RFLAGS_FIXED
        .cfi_adjust_cfa_offset 8
        popfq
        .cfi_adjust_cfa_offset -8
        call x86_trap
        restore r15
        restore r14
        restore r13
        restore r12
        restore r11
        restore r10
        restore r9
        restore r8
        restore rbp
        restore rdi
        restore rsi
        restore rdx
        restore rcx
        restore rbx
        restore rax
        add $16, %rsp
        .cfi_adjust_cfa_offset -16
        iretq
        .cfi_endproc
