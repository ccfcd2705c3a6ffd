/* SPDX-License-Identifier: BSD-2-Clause */
/* Console output through the kernel's debug console, a byte per system call:
 * for init and for processes started before there is a log service. */
#include <stdio.h>

#include "cairn/api.h"

void cairn_console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cairn_syscall2(CAIRN_SYS_DEBUG_PUTCHAR, (uint8_t)s[i], 0);
}
