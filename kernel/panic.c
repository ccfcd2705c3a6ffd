/* SPDX-License-Identifier: GPL-2.0-only */
/* How the kernel stops when something it cannot survive happens. */
#include "arch.h"
#include "console.h"
#include "kernel.h"

/*@ assigns \nothing;
    ensures \false;
*/
void panic_stop(void)
{
    if (kernel_testing)
        arch_poweroff(1);
    arch_halt();
}

/*@ requires valid_read_string(why);
    assigns arch_console_log;
    ensures \false;
*/
void panic(const char *why)
{
    kputs("PANIC: ");
    kputs(why);
    kputs("\n");
    panic_stop();
}
