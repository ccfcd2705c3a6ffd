/* SPDX-License-Identifier: GPL-2.0-only */
/* init's in-OS tests: what the test files share (tests.c). */
#ifndef INIT_TESTS_H
#define INIT_TESTS_H

#include "init.h"

#define FULL_DEPTH    64u
#define INIT_PRIORITY 255u

struct tests {
    uint64_t number;
    uint64_t passed;
    uint64_t failed;
};

void expect(struct tests *t, bool ok, const char *name);
void expect_err(struct tests *t, cairn_error_t got, cairn_error_t want, const char *name);
cairn_error_t retype(cairn_cptr_t untyped, uint8_t type, uint8_t size_bits, uint64_t slot);
cairn_error_t map(cairn_cptr_t vspace, cairn_cptr_t vmo, uint64_t length, uint64_t address,
                  cairn_rights_t rights);
cairn_error_t start_thread(cairn_cptr_t tcb, uint64_t pc, uint64_t sp, uint64_t arg);
void yield_times(unsigned n);
void let_helpers_run(void);

/* init's tests (test boots), counted in `t`; the caller reports the totals. */
void init_tests(const struct cairn_boot_info *bi, struct tests *t);
void test_ipc(struct tests *t, cairn_cptr_t ut);
void test_faults(struct tests *t, cairn_cptr_t ut);
void test_process(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut);
void test_irq(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut);

#endif
