/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor's clock: a device that interrupts CLOCK_HZ times a second,
 * for time-outs and restart delays. x86_64: the CMOS real-time clock's
 * periodic interrupt; riscv64 (QEMU virt): the goldfish RTC's alarm.
 */
#ifndef SYSTEM_CLOCK_H
#define SYSTEM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/alloc.h"
#include "cairn/device.h"

#define CLOCK_HZ 16u

/* Claim the clock's device and interrupt line from what the supervisor was
 * given, and bind the line to `notification` (a badged notification
 * capability the caller made; the caller binds the notification to its TCB
 * or waits on it). `map_at`: a free, 2 MiB aligned virtual address the clock
 * may use for its registers (riscv64). The clock is off after init. */
cairn_error_t clock_init(struct cairn_alloc *a, struct device_pool *devices, cairn_cptr_t notification,
                         uint64_t map_at);
/* Ticks on (the device interrupts every 1/CLOCK_HZ s) or off (quiet);
 * asking for what it is already changes nothing. */
void clock_run(bool on);
/* The notification said the clock interrupted: quiet the device, ack the
 * line; the number of ticks that passed (at least 1 when it really ticked,
 * 0 for a spurious signal). */
unsigned clock_tick(void);

#endif
