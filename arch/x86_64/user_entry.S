/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ways between ring 3 and the kernel that are not IDT gates: the SYSCALL
 * entry (LSTAR) and arch_user_enter, which leaves through SYSRET when it may
 * and IRETQ when it must (user.c decides). Also the trap stack, TSS.rsp0:
 * every entry from ring 3 starts at its top, since nothing on it outlives a
 * return to user mode.
 *
 * One CPU for now: the running thread's context (x86_user_current) and the
 * user's rsp during the SYSCALL entry are plain globals. SMP will need them
 * per CPU, reached through GS after a swapgs. The kernel uses neither FS
 * nor GS today, so the user's bases stay loaded while it runs and no swapgs
 * is needed.
 */
#include "x86.h"

        .section .note.GNU-stack, "", @progbits

#define W(n) ((n) * 8)

/* `op` (ctx_store or ctx_load) every general register but rbx, rcx, r11 and
 * rsp, which each path handles itself, at its word of the context `base`. */
        .macro ctx_regs op, base
        \op rax, UCTX_RAX, \base
        \op rdx, UCTX_RDX, \base
        \op rbp, UCTX_RBP, \base
        \op rsi, UCTX_RSI, \base
        \op rdi, UCTX_RDI, \base
        \op r8, UCTX_R8, \base
        \op r9, UCTX_R9, \base
        \op r10, UCTX_R10, \base
        \op r12, UCTX_R12, \base
        \op r13, UCTX_R13, \base
        \op r14, UCTX_R14, \base
        \op r15, UCTX_R15, \base
        .endm

        .macro ctx_store reg, word, base
        mov %\reg, W(\word)(%\base)
        .endm

        .macro ctx_load reg, word, base
        mov W(\word)(%\base), %\reg
        .endm

        .text
/*
 * SYSCALL from ring 3: rcx holds the user's rip after the instruction, r11
 * its rflags, and FMASK has cleared IF, TF, DF, AC, NT and IOPL. rsp is still
 * the user's, so it is parked and the context itself serves as the base
 * until every register is saved. Nothing can interrupt this on the user's
 * stack: interrupts are off, the kernel sets no debug breakpoints, and NMI
 * and #MC switch to stacks of their own (IST).
 */
        .balign 16
        .globl x86_syscall_entry
x86_syscall_entry:
        mov %rsp, x86_syscall_user_rsp(%rip)
        mov x86_user_current(%rip), %rsp
        ctx_regs ctx_store, rsp
        mov %rbx, W(UCTX_RBX)(%rsp)
        /* rcx and r11 are lost to the thread (the ABI says so); keeping what
         * SYSCALL put there lets an IRETQ exit give the same values back. */
        mov %rcx, W(UCTX_RCX)(%rsp)
        mov %rcx, W(UCTX_RIP)(%rsp)
        mov %r11, W(UCTX_R11)(%rsp)
        mov %r11, W(UCTX_RFLAGS)(%rsp)
        mov x86_syscall_user_rsp(%rip), %rax
        mov %rax, W(UCTX_RSP)(%rsp)
        movq $UCTX_ENTRY_SYSCALL, W(UCTX_ENTRY)(%rsp)
        lea x86_trap_stack_top(%rip), %rsp
        xor %ebp, %ebp                  /* the end of the frame-pointer chain */
        call kernel_syscall
        ud2                             /* kernel_syscall never returns */

/*
 * arch_user_enter(struct user_context *c): run the thread whose state is c.
 * Interrupts go off first and come back only with the thread's own RFLAGS.
 * Whatever kernel stack this was called on is abandoned: the C half runs at
 * the top of the trap stack, where a kernel_user_fault it reports starts
 * afresh too. c must not live on a kernel stack.
 */
        .balign 16
        .globl arch_user_enter
arch_user_enter:
        cli
        lea x86_trap_stack_top(%rip), %rsp
        mov %rdi, %rbx                  /* callee-saved: c survives the call */
        call x86_user_exit_prepare
        test %al, %al
        jz 1f

        /* SYSRET: rip from rcx, rflags from r11 (sanitised by the C half).
         * From the moment rsp is the user's only NMI and #MC can come, and
         * they switch stacks (IST). */
        mov %rbx, %rsp
        mov W(UCTX_RIP)(%rsp), %rcx
        mov W(UCTX_RFLAGS)(%rsp), %r11
        ctx_regs ctx_load, rsp
        mov W(UCTX_RBX)(%rsp), %rbx
        mov W(UCTX_RSP)(%rsp), %rsp
        sysretq

        /* IRETQ restores every register exactly, from a frame built at the
         * top of the trap stack; rbx, the base, is loaded last. */
1:      pushq $X86_SEL_UDATA
        pushq W(UCTX_RSP)(%rbx)
        pushq W(UCTX_RFLAGS)(%rbx)
        pushq $X86_SEL_UCODE
        pushq W(UCTX_RIP)(%rbx)
        mov W(UCTX_RCX)(%rbx), %rcx
        mov W(UCTX_R11)(%rbx), %r11
        ctx_regs ctx_load, rbx
        mov W(UCTX_RBX)(%rbx), %rbx
        iretq

/*
 * x86_interrupt_on_trap_stack(line): kernel_interrupt(line) from the top
 * of the trap stack. Whatever the interrupt came in on is abandoned: a
 * thread's trap frame, saved already, or the idle loop, which an interrupt
 * that wakes no thread enters again; from the top each time, so such
 * interrupts do not pile up frames.
 */
        .balign 16
        .globl x86_interrupt_on_trap_stack
x86_interrupt_on_trap_stack:
        lea x86_trap_stack_top(%rip), %rsp
        xor %ebp, %ebp
        call kernel_interrupt
        ud2                             /* kernel_interrupt never returns */

        .bss
        .balign 8
x86_syscall_user_rsp:
        .skip 8

        .balign 16
        .skip X86_TRAP_STACK_SIZE
        .globl x86_trap_stack_top
x86_trap_stack_top:
