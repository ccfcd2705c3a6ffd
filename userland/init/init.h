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
void init_tests(const struct cairn_boot_info *bi);

#endif
