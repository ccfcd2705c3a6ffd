/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmarks' partner threads. They run from a copy of these bytes in
 * an address space of their own (or from here, in init's), so they use no
 * stack, no data and no absolute address: registers and relative jumps
 * only. Their arguments are registers the client writes before resuming
 * them (write_registers): BENCH_ARG0 and BENCH_ARG1 below, which system
 * calls leave as they are.
 */
#include "bench_code.h"

#if defined(__x86_64__)
__attribute__((naked, noinline)) void bench_code(void)
{
    __asm__ volatile(
        /* ipc server: receive on r12, then reply to each call and wait for
         * the next, sending back the msginfo and words that came. */
        ".globl bench_ipc_server\n"
        "bench_ipc_server:\n\t"
        "mov %[recv], %%eax\n\t"
        "mov %%r12, %%rdi\n\t"
        "xor %%esi, %%esi\n\t"
        "syscall\n"
        "1:\n\t"
        "mov %[reply_recv], %%eax\n\t"
        "mov %%r12, %%rdi\n\t"
        "syscall\n\t"
        "jmp 1b\n"
        /* notification partner: wait on r12, signal r13, again. */
        ".globl bench_notify_server\n"
        "bench_notify_server:\n\t"
        "mov %[recv], %%eax\n\t"
        "mov %%r12, %%rdi\n\t"
        "syscall\n\t"
        "mov %[nb_send], %%eax\n\t"
        "mov %%r13, %%rdi\n\t"
        "syscall\n\t"
        "jmp bench_notify_server\n"
        /* a thread that only ever yields */
        ".globl bench_idle\n"
        "bench_idle:\n\t"
        "mov %[yield], %%eax\n\t"
        "syscall\n\t"
        "jmp bench_idle\n"
        ".globl bench_code_end\n"
        "bench_code_end:\n"
        : : [recv] "i"(CAIRN_SYS_RECV), [reply_recv] "i"(CAIRN_SYS_REPLY_RECV),
            [nb_send] "i"(CAIRN_SYS_NB_SEND), [yield] "i"(CAIRN_SYS_YIELD));
}
#elif defined(__riscv)
__attribute__((naked, noinline)) void bench_code(void)
{
    __asm__ volatile(
        ".globl bench_ipc_server\n"
        "bench_ipc_server:\n\t"
        "li a7, %[recv]\n\t"
        "mv a0, s2\n\t"
        "li a1, 0\n\t"
        "ecall\n"
        "1:\n\t"
        "li a7, %[reply_recv]\n\t"
        "mv a0, s2\n\t"
        "ecall\n\t"
        "j 1b\n"
        ".globl bench_notify_server\n"
        "bench_notify_server:\n\t"
        "li a7, %[recv]\n\t"
        "mv a0, s2\n\t"
        "ecall\n\t"
        "li a7, %[nb_send]\n\t"
        "mv a0, s3\n\t"
        "ecall\n\t"
        "j bench_notify_server\n"
        ".globl bench_idle\n"
        "bench_idle:\n\t"
        "li a7, %[yield]\n\t"
        "ecall\n\t"
        "j bench_idle\n"
        ".globl bench_code_end\n"
        "bench_code_end:\n"
        : : [recv] "i"(CAIRN_SYS_RECV), [reply_recv] "i"(CAIRN_SYS_REPLY_RECV),
            [nb_send] "i"(CAIRN_SYS_NB_SEND), [yield] "i"(CAIRN_SYS_YIELD));
}
#else
#error "bench_code.c: no partner code for this architecture"
#endif
