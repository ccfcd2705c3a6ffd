/* SPDX-License-Identifier: GPL-2.0-only */
/* Calls into the SBI firmware (OpenSBI) that runs below the kernel in M-mode. */
#ifndef CAIRN_RISCV_SBI_H
#define CAIRN_RISCV_SBI_H

#include "types.h"

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR   0x01
#define SBI_EXT_BASE             0x10
#define SBI_EXT_TIME             0x54494D45
#define SBI_EXT_SRST             0x53525354
#define SBI_EXT_DBCN             0x4442434E

#define SBI_SRST_SHUTDOWN        0
#define SBI_SRST_REASON_NONE     0
#define SBI_SRST_REASON_FAILURE  1

/* Learn once which extensions the firmware has; call before any other. */
void sbi_init(void);

void sbi_console_putchar(char c);
void sbi_set_timer(uint64_t deadline);
/* Returns only if the firmware refused or lacks SRST. */
void sbi_system_reset(uint32_t type, uint32_t reason);

#endif
