/* SPDX-License-Identifier: GPL-2.0-only */
/* crasher: faults on purpose, to show the supervisor catching a fault and
 * restarting the service by its policy. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    /* volatile: the store must happen, at an address nothing maps. */
    volatile uintptr_t nowhere = 0x10;

    printf("about to write to 0x%llx\n", (unsigned long long)nowhere);
    *(volatile uint64_t *)nowhere = 1;
    printf("the write did not fault\n");
    return 0;
}
