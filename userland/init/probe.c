/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fault probes (test boots): each does one thing a user thread must not;
 * the kernel reports and stops it, and checks the report (kernel/selftest.c).
 * Should the forbidden thing ever work, the probe ends in a bad system call
 * with another number, which fails the kernel's check.
 */
#include "init.h"

#define PROBE_SURVIVED 0x5555u

_Noreturn void probe_run(uint64_t number)
{
    volatile uint64_t *p;

    switch (number) {
    case CAIRN_PROBE_NULL_READ:
        p = (volatile uint64_t *)0;
        (void)*p;
        break;
    case CAIRN_PROBE_WRITE_CODE:
        p = (volatile uint64_t *)CAIRN_INIT_IMAGE_BASE;
        *p = 0;
        break;
    case CAIRN_PROBE_KERNEL_JUMP:
        ((void (*)(void))CAIRN_PROBE_KERNEL_ADDRESS)();
        break;
    case CAIRN_PROBE_UNDEFINED:
#if defined(__x86_64__)
        __asm__ volatile("ud2");
#else
        __asm__ volatile("unimp");
#endif
        break;
    case CAIRN_PROBE_BAD_SYSCALL:
        cairn_syscall2(CAIRN_PROBE_SYSCALL_NUMBER, 0, 0);
        break;
    case CAIRN_PROBE_OTHER_VSPACE:
        p = (volatile uint64_t *)CAIRN_INIT_BOOT_INFO;
        (void)*p;
        break;
    case CAIRN_PROBE_VECTOR:
#if defined(__x86_64__)
        __asm__ volatile(".byte 0xc5, 0xfc, 0x57, 0xc0");   /* vxorps %ymm0, %ymm0, %ymm0 */
#else
        __asm__ volatile(".word 0x00007057");   /* vsetvli zero, zero, e8, m1, tu, mu */
#endif
        break;
    case CAIRN_PROBE_PRIVILEGED:
#if defined(__x86_64__)
        __asm__ volatile("hlt");
#else
        __asm__ volatile("csrr t0, sstatus" ::: "t0");
#endif
        break;
    }
    cairn_syscall2(PROBE_SURVIVED, number, 0);
    for (;;)
        continue;
}
