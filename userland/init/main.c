/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init: the first user process. Today it shows that user mode works: it
 * reads the boot information the kernel mapped for it, prints through the
 * debug console, and in test boots exercises its capabilities.
 */
#include <stdio.h>

#include "init.h"
#include "tests.h"
#include "../bench/bench.h"

struct cairn_ipc_buffer *cairn_ipc_buffer = (struct cairn_ipc_buffer *)CAIRN_INIT_IPC_BUFFER;

/* Is `word` one of the space-separated words of `s`? */
static bool has_word(const char *s, const char *word)
{
    while (*s != '\0') {
        const char *w = word;

        while (*s == ' ')
            s++;
        while (*w != '\0' && *s == *w) {
            s++;
            w++;
        }
        if (*w == '\0' && (*s == ' ' || *s == '\0'))
            return true;
        while (*s != ' ' && *s != '\0')
            s++;
    }
    return false;
}

static bool boot_info_sound(const struct cairn_boot_info *bi)
{
    return bi->magic == CAIRN_BOOT_INFO_MAGIC && bi->version == CAIRN_BOOT_INFO_VERSION &&
           bi->size == sizeof(*bi) + bi->untyped_count * sizeof(struct cairn_untyped_desc);
}

static void print_boot_info(const struct cairn_boot_info *bi)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);
    uint64_t ram = 0;

    for (uint32_t i = 0; i < bi->untyped_count; i++) {
        if (!ut[i].is_device)
            ram += 1ull << ut[i].size_bits;
    }
    put_str("init: running in user mode; ");
    put_dec(bi->cpu_count);
    put_str(" cpus, ");
    put_dec(bi->untyped_count);
    put_str(" untyped caps from slot ");
    put_dec(bi->untyped_first);
    put_str(" (");
    put_dec(ram / 1024);
    put_str(" KiB of RAM), initramfs ");
    put_dec(bi->initramfs_size);
    put_str(" bytes at ");
    put_hex(CAIRN_INIT_INITRAMFS + bi->initramfs_offset);
    put_str("\n");
}

/* Test boots: init's tests, then the supervisor's start with the test
 * manifest, whose runner's tests follow init's; the totals go to the
 * kernel, which powers the machine off. */
static void test_boot(const struct cairn_boot_info *bi)
{
    struct tests t = { bi->tests_run, 0, 0 };
    uint64_t totals[2];
    char first[24];
    cairn_cptr_t system;

    init_tests(bi, &t);
    /* The next test is init's own check that the supervisor is up. */
    snprintf(first, sizeof(first), "%llu", (unsigned long long)t.number + 2);
    system = system_start(bi, (const char *const[]){ "system", "--test", first, "/etc/system-test.conf", NULL });
    if (system != 0) {
        bool up = system_wait(system, totals) == SYSTEM_READY;

        expect(&t, up, "the supervisor started from the initramfs reports that it is up");
        if (up && system_wait(system, totals) == SYSTEM_TESTS) {
            t.number += totals[0] + totals[1];
            t.passed += totals[0];
            t.failed += totals[1];
        } else {
            expect(&t, false, "the supervisor hands on its test runner's totals");
        }
    }
    cairn_syscall2(CAIRN_SYS_DEBUG_TESTS_DONE, t.passed, t.failed);
    put_str("init: the kernel did not end the test boot\n");
}

_Noreturn void init_main(uint64_t arg)
{
    const struct cairn_boot_info *bi = (const struct cairn_boot_info *)arg;
    cairn_cptr_t system;

    if (arg < CAIRN_PROBE_END)
        probe_run(arg);
    if (!boot_info_sound(bi)) {
        put_str("init: the boot information is not what this init understands\n");
    } else {
        print_boot_info(bi);
        /* scripts/bench boots `test bench`: the test kernel's tests_done
         * powers the machine off, with the status the benchmarks give. */
        if (has_word(bi->cmdline, "bench")) {
            cairn_syscall2(CAIRN_SYS_DEBUG_TESTS_DONE, 0, bench_run(bi) ? 0 : 1);
        } else if (has_word(bi->cmdline, "test")) {
            test_boot(bi);
        } else if ((system = system_start(bi, (const char *const[]){ "system", NULL })) != 0) {
            uint64_t totals[2];

            while (system_wait(system, totals) != SYSTEM_GONE)
                continue;
        }
    }
    put_str("init: nothing more to do; suspending\n");
    cairn_tcb_suspend(CAIRN_SLOT_TCB);
    for (;;)
        cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
}
