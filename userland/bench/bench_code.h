/* SPDX-License-Identifier: GPL-2.0-only */
/* The benchmarks' partner threads (bench_code.c): entry points inside
 * bench_code, which ends at bench_code_end. */
#ifndef BENCH_CODE_H
#define BENCH_CODE_H

#include <cairn/api.h>

#if defined(__x86_64__)
#define BENCH_ARG0 CAIRN_REG_R12
#define BENCH_ARG1 CAIRN_REG_R13
#define BENCH_PC   CAIRN_REG_RIP
#else
#define BENCH_ARG0 CAIRN_REG_S2
#define BENCH_ARG1 CAIRN_REG_S3
#define BENCH_PC   CAIRN_REG_PC
#endif

void bench_code(void);
extern const char bench_ipc_server[], bench_notify_server[], bench_idle[], bench_code_end[];

#endif
