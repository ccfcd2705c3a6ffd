/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The local APIC timer, the kernel's tick: calibrated against the PIT, then
 * run periodic on vector 32.
 *
 * The timer counts the APIC bus clock divided by 16; "frequency" below always
 * means ticks of that divided clock per second. Calibration runs PIT channel 2
 * (gated through port 0x61, so it needs no interrupt) as a 10 ms one-shot and
 * reads how far the LAPIC counted meanwhile.
 */
#include "arch.h"
#include "console.h"
#include "x86.h"

#define LAPIC_TPR          0x080
#define LAPIC_EOI          0x0b0
#define LAPIC_SVR          0x0f0
#define LAPIC_LVT_TIMER    0x320
#define LAPIC_TIMER_INIT   0x380
#define LAPIC_TIMER_CUR    0x390
#define LAPIC_TIMER_DIVIDE 0x3e0

#define LAPIC_SVR_ENABLE      (1u << 8)
#define LAPIC_LVT_MASKED      (1u << 16)
#define LAPIC_LVT_PERIODIC    (1u << 17)
#define LAPIC_DIVIDE_BY_16    0x3u
#define APIC_BASE_X2APIC      (1ull << 10)
#define APIC_BASE_ENABLE      (1ull << 11)
#define APIC_BASE_ADDR_MASK   0x000ffffffffff000ull
#define X2APIC_MSR_BASE       0x800u

#define PIT_HZ          1193182u
#define PIT_CAL_COUNT   (PIT_HZ / 100u)   /* 10 ms */
#define PIT_CH2_DATA    0x42
#define PIT_COMMAND     0x43
#define PIT_CH2_ONESHOT 0xb0              /* channel 2, lobyte/hibyte, mode 0, binary */
#define PORT_B          0x61
#define PORT_B_GATE2    0x01
#define PORT_B_SPEAKER  0x02
#define PORT_B_OUT2     0x20
/* 10 ms is ~10^4 port reads on hardware; this bound only catches a missing PIT. */
#define PIT_SPIN_LIMIT  20000000u

uint64_t x86_lapic_hz;

static volatile uint32_t *x86_lapic_mmio;
static bool x86_lapic_x2;   /* firmware left the APIC in x2APIC mode: MSRs only */

static uint32_t x86_lapic_read(uint32_t reg)
{
    if (x86_lapic_x2)
        return (uint32_t)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
    return x86_lapic_mmio[reg / 4];
}

static void x86_lapic_write(uint32_t reg, uint32_t v)
{
    if (x86_lapic_x2)
        wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
    else
        x86_lapic_mmio[reg / 4] = v;
}

void x86_lapic_eoi(void)
{
    x86_lapic_write(LAPIC_EOI, 0);
}

static void x86_lapic_enable(void)
{
    uint64_t base = rdmsr(X86_MSR_APIC_BASE);

    if (!(base & APIC_BASE_ENABLE)) {
        base |= APIC_BASE_ENABLE;
        wrmsr(X86_MSR_APIC_BASE, base);
    }
    x86_lapic_x2 = (base & APIC_BASE_X2APIC) != 0;
    x86_lapic_mmio = arch_phys_to_virt(base & APIC_BASE_ADDR_MASK, PAGE_SIZE);
    x86_lapic_write(LAPIC_TPR, 0);
    x86_lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | X86_VEC_SPURIOUS);
}

/* LAPIC ticks during one PIT one-shot, or 0 when the PIT never finishes. */
static uint32_t x86_lapic_ticks_per_pit_shot(void)
{
    uint8_t port_b = inb(PORT_B) & (uint8_t)~(PORT_B_GATE2 | PORT_B_SPEAKER);
    uint32_t spins = 0;
    uint32_t left;

    outb(PORT_B, port_b);                       /* gate low: hold the counter */
    outb(PIT_COMMAND, PIT_CH2_ONESHOT);
    outb(PIT_CH2_DATA, PIT_CAL_COUNT & 0xff);
    outb(PIT_CH2_DATA, PIT_CAL_COUNT >> 8);
    x86_lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_BY_16);
    x86_lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED | X86_VEC_TIMER);
    x86_lapic_write(LAPIC_TIMER_INIT, 0xffffffffu);
    outb(PORT_B, port_b | PORT_B_GATE2);        /* go */
    while (!(inb(PORT_B) & PORT_B_OUT2)) {
        if (++spins == PIT_SPIN_LIMIT)
            break;
    }
    left = x86_lapic_read(LAPIC_TIMER_CUR);
    outb(PORT_B, port_b);
    x86_lapic_write(LAPIC_TIMER_INIT, 0);
    return spins == PIT_SPIN_LIMIT ? 0 : 0xffffffffu - left;
}

uint64_t arch_timer_start(uint32_t tick_hz)
{
    uint64_t ticks;
    uint64_t period;

    x86_lapic_enable();
    ticks = x86_lapic_ticks_per_pit_shot();
    if (ticks == 0) {
        kputl("x86: the PIT never finished counting; no timer\n");
        return 0;
    }
    x86_lapic_hz = ticks * PIT_HZ / PIT_CAL_COUNT;
    period = x86_lapic_hz / tick_hz;
    if (period == 0)
        period = 1;
    if (period > 0xffffffffu)
        period = 0xffffffffu;
    x86_lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_DIVIDE_BY_16);
    x86_lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_PERIODIC | X86_VEC_TIMER);
    x86_lapic_write(LAPIC_TIMER_INIT, (uint32_t)period);
    return x86_lapic_hz;
}
