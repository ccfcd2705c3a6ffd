/* SPDX-License-Identifier: GPL-2.0-only */
/* The in-OS benchmarks (bench.c), which init runs in a `bench` boot. */
#ifndef BENCH_H
#define BENCH_H

#include "../init/init.h"

bool bench_run(const struct cairn_boot_info *bi);

#endif
