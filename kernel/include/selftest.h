/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel's built-in self-tests, run when the command line says `test`. */
#ifndef CAIRN_SELFTEST_H
#define CAIRN_SELFTEST_H

#include "bootinfo.h"
#include "initial_cspace.h"
#include "pmm.h"

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
_Noreturn void selftest_run(const struct boot_info *bi, struct pmm *pmm,
                            const struct initial_cspace *cs);

#endif
