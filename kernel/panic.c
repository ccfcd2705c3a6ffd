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

/*@ requires len > 0 ==> \valid_read(why + (0 .. len - 1));
    assigns arch_console_log;
    ensures \false;
*/
void panic_with(const char *why, size_t len)
{
    kputl("PANIC: ");
    kput_chars(why, len);
    kputl("\n");
    panic_stop();
}
