/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's built-in self-tests, run when the command line says `test`. */
#ifndef CAIRN_SELFTEST_H
#define CAIRN_SELFTEST_H

#include "bootinfo.h"
#include "kernel.h"
#include "init_task.h"
#include "initial_cspace.h"
#include "pmm.h"

/* The fault probes a test boot runs (cairn/boot_info.h, enum cairn_probe). */
#define SELFTEST_PROBES (CAIRN_PROBE_END - 1)

struct selftest {
    uint32_t passed;
    uint32_t failed;
};

/* Count one test and print "ok N - name" or "not ok N - name"; `name` is a
 * string literal (see kputl). */
#define selftest_expect(t, ok, name) selftest_record((t), (ok), "" name, sizeof("" name) - 1)
void selftest_record(struct selftest *t, bool ok, const char *name, size_t len);

/* Run every self-test, print "N passed, M failed" and power off with the
 * result. `pmm` is a copy of the free map from before init's CSpace took it. */
void selftest_run(const struct boot_info *bi, struct pmm *pmm, const struct initial_cspace *cs);
paddr_t selftest_probes_create(paddr_t then);
uint32_t selftest_count(void);
paddr_t selftest_fault_seen(paddr_t t, fault_kind_t kind, uint64_t address);
_Noreturn void selftest_finish(uint64_t passed, uint64_t failed);
_Noreturn void selftest_stalled(void);

#endif
