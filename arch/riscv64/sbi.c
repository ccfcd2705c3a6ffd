/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SBI calls: the console, the timer and system reset, each through its SBI
 * 0.2+ extension when the firmware has it and the legacy call otherwise
 * (OpenSBI 1.1 has no DBCN, so the legacy putchar is what runs on QEMU 7.2).
 */
#include "sbi.h"

#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_DBCN_WRITE_BYTE      2
#define SBI_TIME_SET_TIMER       0
#define SBI_SRST_RESET           0

struct sbi_ret {
    long error;
    long value;
};

static bool sbi_dbcn;
static bool sbi_time;
static bool sbi_srst;

static struct sbi_ret sbi_call(uint64_t eid, uint64_t fid, uint64_t arg0, uint64_t arg1)
{
    register uint64_t a0 __asm__("a0") = arg0;
    register uint64_t a1 __asm__("a1") = arg1;
    register uint64_t a6 __asm__("a6") = fid;
    register uint64_t a7 __asm__("a7") = eid;
    struct sbi_ret ret;

    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    ret.error = (long)a0;
    ret.value = (long)a1;
    return ret;
}

/* Legacy (SBI 0.1) calls have no function id and return only a0; the same
 * register use covers them. */
static void sbi_legacy_call(uint64_t eid, uint64_t arg0)
{
    sbi_call(eid, 0, arg0, 0);
}

/* A firmware with only SBI 0.1 answers an unknown EID with an error, so a
 * nonzero error means "absent" either way. */
static bool sbi_probe(uint64_t eid)
{
    struct sbi_ret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, eid, 0);

    return r.error == 0 && r.value != 0;
}

void sbi_init(void)
{
    sbi_dbcn = sbi_probe(SBI_EXT_DBCN);
    sbi_time = sbi_probe(SBI_EXT_TIME);
    sbi_srst = sbi_probe(SBI_EXT_SRST);
}

void sbi_console_putchar(char c)
{
    if (sbi_dbcn)
        sbi_call(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, (uint8_t)c, 0);
    else
        sbi_legacy_call(SBI_EXT_LEGACY_PUTCHAR, (uint8_t)c);
}

void sbi_set_timer(uint64_t deadline)
{
    if (sbi_time)
        sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, deadline, 0);
    else
        sbi_legacy_call(SBI_EXT_LEGACY_SET_TIMER, deadline);
}

void sbi_system_reset(uint32_t type, uint32_t reason)
{
    if (sbi_srst)
        sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, type, reason);
}
