/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The supervisor's clock (clock.h). Each arch's half does the device:
 * claim it, start and stop its ticks, say how many ticks an interrupt
 * stands for; the interrupt line is handled the same on both. The devices
 * are the ones init's interrupt tests drive (userland/init/tests_irq.c).
 */
#include <stddef.h>

#include "clock.h"
#include "cairn/startup.h"

static cairn_cptr_t clock_line;   /* the IRQ handler of the clock's line */
static bool running;              /* ticks on */

/* Each arch's half: the device's ticks on or off, whatever they were. */
static void device_run(bool on);

#if defined(__x86_64__)
/*
 * The CMOS RTC's periodic interrupt. It counts no missed ticks: its flag
 * only says that at least one period ended since it was last read.
 */
#define CLOCK_IRQ   8u      /* ISA IRQ 8: GSI 8 */
#define RTC_INDEX   0x70u
#define RTC_DATA    0x71u
#define RTC_REG_A   0x0a
#define RTC_REG_B   0x0b
#define RTC_REG_C   0x0c
#define RTC_A_RATE  0x0f    /* the periodic rate: 32768 >> (rate - 1) Hz */
#define RTC_RATE_16HZ 12
#define RTC_B_PIE   0x40    /* periodic interrupt enable */
#define RTC_C_PF    0x40    /* a period ended; reading C clears it and the interrupt */

static cairn_cptr_t rtc_ports;

static uint8_t rtc_read(uint8_t reg)
{
    uint64_t v = 0;

    cairn_io_port_out8(rtc_ports, RTC_INDEX, reg);
    cairn_io_port_in8(rtc_ports, RTC_DATA, &v);
    return (uint8_t)v;
}

static void rtc_write(uint8_t reg, uint8_t v)
{
    cairn_io_port_out8(rtc_ports, RTC_INDEX, reg);
    cairn_io_port_out8(rtc_ports, RTC_DATA, v);
}

/* The RTC's two ports, from the I/O port control the supervisor holds. */
static cairn_error_t device_claim(struct cairn_alloc *a, struct device_pool *devices, uint64_t map_at)
{
    const struct cairn_startup_cap *control = cairn_startup_cap("io-ports", 0);
    cairn_error_t err;

    (void)devices;
    (void)map_at;
    if (control == NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    rtc_ports = slot_alloc(a);
    if (rtc_ports == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    err = cairn_io_port_control_issue(control->slot, RTC_INDEX, RTC_DATA, CAIRN_PROC_SLOT_CNODE, rtc_ports,
                                      CAIRN_DEPTH);
    if (err != CAIRN_ERR_OK) {
        slot_free(a, rtc_ports);
        return err;
    }
    device_run(false);
    rtc_write(RTC_REG_A, (uint8_t)((rtc_read(RTC_REG_A) & ~RTC_A_RATE) | RTC_RATE_16HZ));
    return CAIRN_ERR_OK;
}

/* The flag is cleared before the interrupt is enabled, so that a period
 * that ended while off does not interrupt at once, and after it is
 * disabled, so that none is left pending. */
static void device_run(bool on)
{
    uint8_t b;

    if (on)
        rtc_read(RTC_REG_C);
    b = rtc_read(RTC_REG_B);
    rtc_write(RTC_REG_B, (uint8_t)(on ? b | RTC_B_PIE : b & ~RTC_B_PIE));
    if (!on)
        rtc_read(RTC_REG_C);
}

static unsigned device_ticks(void)
{
    return (rtc_read(RTC_REG_C) & RTC_C_PF) != 0;
}
#else
/*
 * QEMU virt's goldfish RTC: nanoseconds since the epoch and a one-shot
 * alarm. Each alarm is set a period after the last deadline, not after
 * the interrupt was handled, so the ticks keep to the RTC's time.
 */
#define CLOCK_IRQ   11u     /* PLIC source 11 */
#define RTC_PA      0x101000ull
#define RTC_TIME_LOW        0x00    /* reading it latches TIME_HIGH */
#define RTC_TIME_HIGH       0x04
#define RTC_ALARM_LOW       0x08    /* writing it arms the alarm */
#define RTC_ALARM_HIGH      0x0c
#define RTC_IRQ_ENABLED     0x10
#define RTC_CLEAR_ALARM     0x14
#define RTC_CLEAR_INTERRUPT 0x1c
#define TICK_NS (1000000000ull / CLOCK_HZ)

static uintptr_t rtc_base;
static uint64_t deadline;   /* of the next tick, in the RTC's time */

static volatile uint32_t *rtc_reg(unsigned offset)
{
    return (volatile uint32_t *)(rtc_base + offset);
}

static uint64_t rtc_now(void)
{
    uint64_t low = *rtc_reg(RTC_TIME_LOW);

    return low | (uint64_t)*rtc_reg(RTC_TIME_HIGH) << 32;
}

/* An alarm already past goes off at once. */
static void rtc_arm(uint64_t at)
{
    *rtc_reg(RTC_ALARM_HIGH) = (uint32_t)(at >> 32);
    *rtc_reg(RTC_ALARM_LOW) = (uint32_t)at;
}

/* The RTC's registers, a device VMO mapped uncached at `map_at`. */
static cairn_error_t device_claim(struct cairn_alloc *a, struct device_pool *devices, uint64_t map_at)
{
    cairn_cptr_t vmo;
    cairn_error_t err = device_vmo(devices, a, RTC_PA, 12, &vmo);

    if (err == CAIRN_ERR_OK)
        err = cairn_vspace_map(CAIRN_PROC_SLOT_VSPACE, vmo, 0, 4096, map_at,
                               CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
    if (err != CAIRN_ERR_OK)
        return err;
    rtc_base = (uintptr_t)map_at;
    device_run(false);
    return CAIRN_ERR_OK;
}

static void device_run(bool on)
{
    if (!on) {
        *rtc_reg(RTC_IRQ_ENABLED) = 0;
        *rtc_reg(RTC_CLEAR_ALARM) = 1;
        *rtc_reg(RTC_CLEAR_INTERRUPT) = 1;
        return;
    }
    deadline = rtc_now() + TICK_NS;
    *rtc_reg(RTC_IRQ_ENABLED) = 1;
    rtc_arm(deadline);
}

/* Every deadline passed counts, in case the supervisor was slow to look. */
static unsigned device_ticks(void)
{
    uint64_t now, ticks;

    *rtc_reg(RTC_CLEAR_INTERRUPT) = 1;
    now = rtc_now();
    if (!running || now < deadline)
        return 0;
    ticks = 1 + (now - deadline) / TICK_NS;
    deadline += ticks * TICK_NS;
    rtc_arm(deadline);
    return (unsigned)ticks;
}
#endif

/* The clock's line, claimed into a new slot and bound to `notification`,
 * then acked: a line is masked until its first ack. */
static cairn_error_t line_claim(struct cairn_alloc *a, cairn_cptr_t notification)
{
    const struct cairn_startup_cap *control = cairn_startup_cap("irq-control", 0);
    cairn_error_t err;

    if (control == NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    clock_line = slot_alloc(a);
    if (clock_line == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    err = cairn_irq_control_get(control->slot, CLOCK_IRQ, CAIRN_PROC_SLOT_CNODE, clock_line, CAIRN_DEPTH);
    if (err != CAIRN_ERR_OK) {
        slot_free(a, clock_line);
        return err;
    }
    err = cairn_irq_handler_set_notification(clock_line, notification);
    if (err == CAIRN_ERR_OK)
        err = cairn_irq_handler_ack(clock_line);
    if (err != CAIRN_ERR_OK)
        alloc_release(a, clock_line);
    return err;
}

cairn_error_t clock_init(struct cairn_alloc *a, struct device_pool *devices, cairn_cptr_t notification,
                         uint64_t map_at)
{
    cairn_error_t err = device_claim(a, devices, map_at);

    return err != CAIRN_ERR_OK ? err : line_claim(a, notification);
}

void clock_run(bool on)
{
    if (on == running)
        return;
    running = on;
    device_run(on);
}

/* The device first: its interrupt must be quiet before the line is unmasked. */
unsigned clock_tick(void)
{
    unsigned ticks = device_ticks();

    cairn_irq_handler_ack(clock_line);
    return ticks;
}
