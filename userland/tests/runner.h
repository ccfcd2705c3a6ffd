/* SPDX-License-Identifier: GPL-2.0-only */
/* The in-OS test runner: numbered ok / not ok lines on the console. */
#ifndef RUNNER_H
#define RUNNER_H

#include <stdbool.h>
#include <stdint.h>

struct runner {
    uint64_t next;      /* the next test's number */
    uint64_t passed;
    uint64_t failed;
};

void expect(struct runner *r, bool ok, const char *name);
void expect_eq(struct runner *r, uint64_t got, uint64_t want, const char *name);

/* The suites. */
void tests_system(struct runner *r);

#endif
