/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stopping the machine. Under QEMU the sifive_test device turns a guest
 * status s into the process exit code 65 + 2s (the project's convention on
 * every arch); SBI's system reset cannot, since OpenSBI 1.1 exits QEMU with
 * 0 even for a failure, so it is only the fallback for real hardware.
 */
#include "arch.h"
#include "riscv.h"
#include "sbi.h"

#define STATUS_MAX        31
#define EXIT_CODE_BASE    65
#define TEST_DEVICE_FAIL  0x3333   /* exit with the code in bits 16.. */

_Noreturn void arch_halt(void)
{
    riscv_csr_clear(sstatus, SSTATUS_SIE);
    for (;;)
        __asm__ volatile("wfi");
}

/* A negative status is a caller's bug, never a success: treat it as the
 * largest failure. */
static uint32_t power_clamp(int status)
{
    if (status < 0 || status > STATUS_MAX)
        return STATUS_MAX;
    return (uint32_t)status;
}

_Noreturn void arch_poweroff(int status)
{
    uint32_t s = power_clamp(status);

    if (riscv_boot.fdt.has_test_device) {
        volatile uint32_t *dev = arch_phys_to_virt(riscv_boot.fdt.test_device_base,
                                                 sizeof(uint32_t));

        *dev = (EXIT_CODE_BASE + 2 * s) << 16 | TEST_DEVICE_FAIL;
    }
    sbi_system_reset(SBI_SRST_SHUTDOWN, s == 0 ? SBI_SRST_REASON_NONE : SBI_SRST_REASON_FAILURE);
    arch_halt();
}
