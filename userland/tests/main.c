/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * /sbin/tests, the in-OS test runner the supervisor starts in test boots
 * (the `tests=yes` line of /etc/system-test.conf). Its argument is the
 * number of its first test, so the boot's lines stay numbered in order;
 * its totals go to the supervisor, which hands them to init, which ends
 * the boot with them. The kernel's own tests stay in init: they need
 * init's authority (every untyped, the boot information) and run before
 * any of this exists.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cairn/system.h"
#include "runner.h"

void expect(struct runner *r, bool ok, const char *name)
{
    printf("%s %llu - system: %s\n", ok ? "ok" : "not ok", (unsigned long long)r->next++, name);
    if (ok)
        r->passed++;
    else
        r->failed++;
}

void expect_eq(struct runner *r, uint64_t got, uint64_t want, const char *name)
{
    expect(r, got == want, name);
    if (got != want)
        printf("#   got %llu, wanted %llu\n", (unsigned long long)got, (unsigned long long)want);
}

int main(int argc, char **argv)
{
    struct runner r = { .next = argc > 1 ? strtoull(argv[1], NULL, 10) : 1 };

    tests_system(&r);
    system_tests_done(r.passed, r.failed);
    return 0;
}
