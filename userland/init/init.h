/* SPDX-License-Identifier: GPL-2.0-only */
/* init, the first user process (userland/init/README.md). */
#ifndef INIT_H
#define INIT_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/api.h"
#include "cairn/boot_info.h"

void put_char(char c);
void put_str(const char *s);
void put_dec(uint64_t v);
void put_hex(uint64_t v);

_Noreturn void init_main(uint64_t arg);   /* from start.S */
_Noreturn void probe_run(uint64_t number);

/* The supervisor (system.c): started from the initramfs with `argv`, 0 if
 * it was not. */
enum system_event { SYSTEM_READY, SYSTEM_TESTS, SYSTEM_GONE, SYSTEM_OTHER };
cairn_cptr_t system_start(const struct cairn_boot_info *bi, const char *const *argv);
/* The supervisor's next message to init, handled; what it was. For
 * SYSTEM_TESTS, `totals` gets the tests passed and failed. */
enum system_event system_wait(cairn_cptr_t endpoint, uint64_t totals[2]);

#endif
