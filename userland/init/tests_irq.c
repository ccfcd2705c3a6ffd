/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's interrupt tests (after sel4test's interrupt and ioports tests):
 * real device interrupts delivered to user space. The serial port's
 * transmitter-empty interrupt comes at once, while init or a thread of
 * its own runs; a real-time clock's comes later, while the kernel idles.
 * x86_64 reaches the devices through I/O port capabilities, riscv64
 * through device VMOs mapped into init's address space. Every device is
 * left as it was found: the kernel console is on the same serial port
 * (x86_64) or behind the firmware on it (riscv64).
 */
#include "tests.h"

#define SLOT_HANDLER     4040u
#define SLOT_HANDLER_RO  4041u   /* a copy without MANAGE */
#define SLOT_HANDLER2    4042u
#define SLOT_IRQ_NTFN    4043u   /* unbadged, all rights */
#define SLOT_IRQ_BADGED  4044u
#define SLOT_IRQ_RO      4045u   /* badged, Read only */
#define SLOT_DEVICE      4046u   /* I/O ports (x86_64) or a device VMO (riscv64): the UART */
#define SLOT_CLOCK       4047u   /* the same for the real-time clock */
#define SLOT_PORTS_RO    4048u
#define SLOT_HELPER      4049u
#define SLOT_HELPER_PAGE 4050u
#define SLOT_PAD         4051u   /* riscv64: device VMOs below the ones wanted, up to 4095 */
#define PADS             45u

#define IRQ_BADGE     0x100u
#define HELPER_PRIORITY 100u
#define HELPER_PAGE   0x3001000000ull   /* the helper's stack and what it counts */
/* How far the helper may count before the interrupt it caused takes the
 * CPU from it: the interrupt comes as soon as it is back in user mode, so
 * this only has to be far below what one 10 ms timer turn lets it do. */
#define PREEMPT_SPINS 1000u

/* 16550 registers and bits. */
#define UART_IER 1
#define UART_IIR 2
#define UART_MCR 4
#define UART_IER_THRE  0x02   /* interrupt when the transmit holding register is empty */
#define UART_IIR_ID    0x0f
#define UART_IIR_THRE  0x02   /* ... and that is why it interrupted */
#define UART_MCR_OUT2  0x08   /* PCs gate the UART's interrupt with OUT2 */

#if defined(__x86_64__)
#define UART_LINE  4u        /* COM1 is ISA IRQ 4: GSI 4 (QEMU's MADT does not move it) */
#define CLOCK_LINE 8u        /* the RTC is ISA IRQ 8: GSI 8 */
#define KEPT_LINE  2u        /* the PIT, ISA IRQ 0 moved to GSI 2: the kernel keeps it */
#define COM1       0x3f8u
#define COM1_LAST  0x3ffu
#define RTC_INDEX  0x70u
#define RTC_DATA   0x71u
#define RTC_REG_A  0x0a
#define RTC_REG_B  0x0b
#define RTC_REG_C  0x0c
#define RTC_A_RATE 0x0f     /* the periodic interrupt's rate: 32768 >> (rate - 1) Hz */
#define RTC_RATE_1024HZ 6
#define RTC_B_PIE  0x40     /* periodic interrupt enable */
#define RTC_C_PF   0x40     /* periodic interrupt flag, cleared by reading C */
#else
#define UART_LINE  10u       /* QEMU virt: UART0 is PLIC source 10 */
#define CLOCK_LINE 11u       /* and its goldfish RTC source 11 */
#define KEPT_LINE  0u        /* source 0 is the PLIC's "no interrupt" */
#define UART_PA    0x10000000ull
#define RTC_PA     0x101000ull
#define UART_ADDR  0x3001100000ull
#define RTC_ADDR   0x3001101000ull
/* goldfish RTC registers, 32 bits each; time in nanoseconds */
#define RTC_TIME_LOW        0x00
#define RTC_TIME_HIGH       0x04
#define RTC_ALARM_LOW       0x08
#define RTC_ALARM_HIGH      0x0c
#define RTC_IRQ_ENABLED     0x10
#define RTC_ALARM_STATUS    0x18   /* 1 while an alarm is set and has not gone off */
#define RTC_CLEAR_INTERRUPT 0x1c
#define RTC_ALARM_NS        2000000u
#endif

/* ---- the devices -------------------------------------------------------- */

#if defined(__x86_64__)
static uint8_t uart_in(unsigned reg)
{
    uint64_t v = 0;

    cairn_io_port_in8(SLOT_DEVICE, COM1 + reg, &v);
    return (uint8_t)v;
}

static void uart_out(unsigned reg, uint8_t v)
{
    cairn_io_port_out8(SLOT_DEVICE, COM1 + reg, v);
}

/* Ports of the UART and the RTC, and a read-only copy of the first. */
static bool devices_ready(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut)
{
    uint64_t v = 0;

    (void)bi;
    (void)ut;
    expect_err(t, cairn_io_port_control_issue(CAIRN_SLOT_IO_PORT_CONTROL, COM1_LAST, COM1,
                                              CAIRN_SLOT_CNODE, SLOT_DEVICE, FULL_DEPTH),
               CAIRN_ERR_RANGE_ERROR, "io_port_control.issue: first above last is refused");
    expect_err(t, cairn_io_port_control_issue(CAIRN_SLOT_IO_PORT_CONTROL, COM1, COM1_LAST,
                                              CAIRN_SLOT_CNODE, SLOT_DEVICE, FULL_DEPTH),
               CAIRN_ERR_OK, "issue an I/O port capability for COM1, ports 0x3f8-0x3ff");
    expect_err(t, cairn_io_port_control_issue(CAIRN_SLOT_IO_PORT_CONTROL, RTC_INDEX, RTC_DATA,
                                              CAIRN_SLOT_CNODE, SLOT_CLOCK, FULL_DEPTH),
               CAIRN_ERR_OK, "and one for the RTC, ports 0x70-0x71");
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_PORTS_RO, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   SLOT_DEVICE, FULL_DEPTH, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "copy the COM1 capability with only the read right");
    expect_err(t, cairn_io_port_in8(SLOT_PORTS_RO, COM1 + UART_IER, &v), CAIRN_ERR_OK,
               "read a port through the copy");
    expect_err(t, cairn_io_port_out8(SLOT_PORTS_RO, COM1 + UART_IER, 0),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "writing a port needs the write right");
    expect_err(t, cairn_io_port_in8(SLOT_DEVICE, COM1 - 1, &v), CAIRN_ERR_RANGE_ERROR,
               "a port below the capability's range is refused");
    expect_err(t, cairn_io_port_in8(SLOT_DEVICE, COM1_LAST + 1, &v), CAIRN_ERR_RANGE_ERROR,
               "a port above it is refused");
    expect_err(t, cairn_io_port_in16(SLOT_DEVICE, COM1_LAST, &v), CAIRN_ERR_RANGE_ERROR,
               "a 16-bit access that runs past the last port is refused");
    expect_err(t, cairn_io_port_out8(SLOT_CLOCK, COM1, 0), CAIRN_ERR_RANGE_ERROR,
               "the RTC's capability does not reach COM1");
    return true;
}

static uint8_t rtc_read(uint8_t reg)
{
    uint64_t v = 0;

    cairn_io_port_out8(SLOT_CLOCK, RTC_INDEX, reg);
    cairn_io_port_in8(SLOT_CLOCK, RTC_DATA, &v);
    return (uint8_t)v;
}

static void rtc_write(uint8_t reg, uint8_t v)
{
    cairn_io_port_out8(SLOT_CLOCK, RTC_INDEX, reg);
    cairn_io_port_out8(SLOT_CLOCK, RTC_DATA, v);
}

/* The RTC's periodic interrupt at 1024 Hz; `on` false puts back `saved`
 * (registers A and B). Reading C drops a pending interrupt. */
static void clock_interrupt(bool on, uint16_t *saved)
{
    if (on) {
        *saved = (uint16_t)(rtc_read(RTC_REG_A) | rtc_read(RTC_REG_B) << 8);
        rtc_read(RTC_REG_C);
        rtc_write(RTC_REG_A, (uint8_t)((*saved & ~RTC_A_RATE) | RTC_RATE_1024HZ));
        rtc_write(RTC_REG_B, (uint8_t)(*saved >> 8 | RTC_B_PIE));
    } else {
        rtc_write(RTC_REG_B, (uint8_t)(*saved >> 8));
        rtc_write(RTC_REG_A, (uint8_t)*saved);
    }
}

/* What says the clock interrupted, read off the device (which clears it). */
static bool clock_interrupted(void)
{
    return (rtc_read(RTC_REG_C) & RTC_C_PF) != 0;
}
#else
static uint8_t uart_in(unsigned reg)
{
    return ((volatile uint8_t *)UART_ADDR)[reg];
}

static void uart_out(unsigned reg, uint8_t v)
{
    ((volatile uint8_t *)UART_ADDR)[reg] = v;
}

static volatile uint32_t *rtc_reg(unsigned offset)
{
    return (volatile uint32_t *)(RTC_ADDR + offset);
}

/* Where the device untyped being carved stands: init assumes it fresh
 * when it first carves from it. */
struct carving {
    cairn_cptr_t untyped;
    uint64_t carved;        /* bytes from the region's start already given out */
    cairn_cptr_t next_pad;  /* the next free slot for a VMO that only fills the gap */
};

/* The largest naturally aligned block at `at` that ends by `end`, as log2. */
static unsigned block_bits(uint64_t at, uint64_t end)
{
    unsigned bits = 39;   /* the largest VMO */

    while (bits > 12 && (at % (1ull << bits) != 0 || end - at < (1ull << bits)))
        bits--;
    return bits;
}

/*
 * A device VMO of the page at `pa` in `slot`, from the device untyped that
 * covers it: retype places each object at the next multiple of its size
 * after what was carved, so blocks that fill the gap up to `pa` go first.
 * Pages are taken in ascending order.
 */
static cairn_error_t device_page(const struct cairn_boot_info *bi, struct carving *c, uint64_t pa,
                                 cairn_cptr_t slot)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);

    for (uint32_t i = 0; i < bi->untyped_count; i++) {
        uint64_t offset = pa - ut[i].base;
        cairn_cptr_t from = bi->untyped_first + i;
        cairn_error_t err = CAIRN_ERR_OK;

        if (!ut[i].is_device || pa < ut[i].base || offset >> ut[i].size_bits != 0)
            continue;
        if (c->untyped != from) {
            c->untyped = from;
            c->carved = 0;
        }
        while (err == CAIRN_ERR_OK && c->carved < offset && c->next_pad < SLOT_PAD + PADS) {
            unsigned bits = block_bits(c->carved, offset);

            err = retype(from, CAIRN_OBJ_VMO, (uint8_t)bits, c->next_pad++);
            c->carved += 1ull << bits;
        }
        if (err == CAIRN_ERR_OK && c->carved != offset)
            return CAIRN_ERR_NOT_ENOUGH_MEMORY;
        c->carved += 4096;
        return err != CAIRN_ERR_OK ? err : retype(from, CAIRN_OBJ_VMO, 12, slot);
    }
    return CAIRN_ERR_LOOKUP_EMPTY;
}

/* The UART's and the RTC's registers, mapped uncached into init. */
static bool devices_ready(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut)
{
    struct carving c = { 0, 0, SLOT_PAD };
    const cairn_rights_t rw = CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE;
    bool ok = device_page(bi, &c, RTC_PA, SLOT_CLOCK) == CAIRN_ERR_OK &&
              device_page(bi, &c, UART_PA, SLOT_DEVICE) == CAIRN_ERR_OK;

    (void)ut;
    expect(t, ok, "device VMOs over the UART and the RTC, from the device untyped");
    ok = ok && map(CAIRN_SLOT_VSPACE, SLOT_DEVICE, 4096, UART_ADDR, rw) == CAIRN_ERR_OK &&
         map(CAIRN_SLOT_VSPACE, SLOT_CLOCK, 4096, RTC_ADDR, rw) == CAIRN_ERR_OK;
    expect(t, ok, "map them into init's address space");
    return ok;
}

/* An alarm RTC_ALARM_NS from now; `on` false drops it. */
static void clock_interrupt(bool on, uint16_t *saved)
{
    uint64_t now;

    (void)saved;   /* the alarm is all there is to put back */
    if (!on) {
        *rtc_reg(RTC_IRQ_ENABLED) = 0;
        *rtc_reg(RTC_CLEAR_INTERRUPT) = 1;
        return;
    }
    now = *rtc_reg(RTC_TIME_LOW);   /* reading the low word latches the high one */
    now |= (uint64_t)*rtc_reg(RTC_TIME_HIGH) << 32;
    now += RTC_ALARM_NS;
    *rtc_reg(RTC_IRQ_ENABLED) = 1;
    *rtc_reg(RTC_ALARM_HIGH) = (uint32_t)(now >> 32);
    *rtc_reg(RTC_ALARM_LOW) = (uint32_t)now;   /* this write arms it */
}

static bool clock_interrupted(void)
{
    return *rtc_reg(RTC_ALARM_STATUS) == 0;
}
#endif

/* ---- the tests ---------------------------------------------------------- */

static cairn_error_t get(uint64_t line, uint64_t slot)
{
    return cairn_irq_control_get(CAIRN_SLOT_IRQ_CONTROL, line, CAIRN_SLOT_CNODE, slot, FULL_DEPTH);
}

static cairn_error_t mint_irq_ntfn(uint64_t dest, cairn_rights_t rights, uint64_t badge)
{
    return cairn_cnode_mint(CAIRN_SLOT_CNODE, dest, FULL_DEPTH, CAIRN_SLOT_CNODE, SLOT_IRQ_NTFN,
                            FULL_DEPTH, rights, badge);
}

static cairn_error_t delete(uint64_t slot)
{
    return cairn_cnode_delete(CAIRN_SLOT_CNODE, slot, FULL_DEPTH);
}

/* What irq_control.get and set_notification refuse. */
static void test_irq_errors(struct tests *t)
{
    expect_err(t, get(100000, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR,
               "irq_control.get: a line the machine does not have");
    expect_err(t, get(KEPT_LINE, SLOT_HANDLER), CAIRN_ERR_RANGE_ERROR,
               "irq_control.get: a line the kernel keeps");
    expect_err(t, get(UART_LINE, SLOT_HANDLER), CAIRN_ERR_OK, "claim the UART's line");
    expect_err(t, get(UART_LINE, SLOT_HANDLER2), CAIRN_ERR_ILLEGAL_OPERATION,
               "a line with a handler cannot be claimed again");
    expect_err(t, get(CLOCK_LINE, SLOT_HANDLER), CAIRN_ERR_DELETE_FIRST,
               "irq_control.get into an occupied slot");
    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER, SLOT_IRQ_NTFN),
               CAIRN_ERR_INVALID_CAPABILITY, "set_notification refuses an unbadged notification");
    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER, SLOT_IRQ_RO),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "set_notification needs the write right");
    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER, CAIRN_SLOT_TCB),
               CAIRN_ERR_INVALID_CAPABILITY, "set_notification needs a notification");
    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER, SLOT_HANDLER2),
               CAIRN_ERR_LOOKUP_EMPTY, "set_notification with an empty slot");
    expect_err(t, cairn_irq_handler_ack(SLOT_IRQ_BADGED), CAIRN_ERR_INVALID_CAPABILITY,
               "ack through a notification capability is refused");
    expect_err(t, cairn_irq_handler_ack(SLOT_HANDLER2), CAIRN_ERR_LOOKUP_EMPTY,
               "ack through an empty slot is refused");
    expect_err(t, cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_HANDLER_RO, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                   SLOT_HANDLER, FULL_DEPTH, CAIRN_RIGHT_READ),
               CAIRN_ERR_OK, "copy the handler without the manage right");
    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER_RO, SLOT_IRQ_BADGED),
               CAIRN_ERR_INSUFFICIENT_RIGHTS, "a handler without manage cannot bind");
}

/*
 * The driver's sequence on the UART: bind, ack, make the device interrupt
 * (transmitter empty, at once), wait, service it (reading IIR clears it),
 * quiet the device, ack. The line stays masked in between.
 */
static void test_uart_interrupt(struct tests *t)
{
    uint8_t ier = uart_in(UART_IER), mcr = uart_in(UART_MCR), iir;
    uint64_t word = 0;
    bool got;

    expect_err(t, cairn_irq_handler_set_notification(SLOT_HANDLER, SLOT_IRQ_BADGED), CAIRN_ERR_OK,
               "bind the UART's line to a badged notification");
    expect_err(t, cairn_irq_handler_ack(SLOT_HANDLER_RO), CAIRN_ERR_OK,
               "ack it (through the copy without manage): the line is unmasked");
    uart_out(UART_MCR, mcr | UART_MCR_OUT2);
    uart_out(UART_IER, UART_IER_THRE);
    got = cairn_wait(SLOT_IRQ_BADGED, &word) == CAIRN_ERR_OK && word == IRQ_BADGE;
    iir = uart_in(UART_IIR);
    uart_out(UART_IER, ier);
    uart_out(UART_MCR, mcr);
    expect(t, got, "the UART's transmitter-empty interrupt arrives with the badge");
    expect(t, (iir & UART_IIR_ID) == UART_IIR_THRE, "the UART says why: transmitter empty");
    expect_err(t, cairn_poll(SLOT_IRQ_BADGED, &word), CAIRN_ERR_WOULD_BLOCK,
               "the line stays masked until ack: no second signal");
    expect_err(t, cairn_irq_handler_ack(SLOT_HANDLER), CAIRN_ERR_OK, "ack the serviced line");
    expect_err(t, cairn_poll(SLOT_IRQ_BADGED, &word), CAIRN_ERR_WOULD_BLOCK,
               "a quiet device does not interrupt after ack");
}

/* A thread below init's priority makes the UART interrupt, then spins:
 * words[0] counts its turns round the loop. */
static _Noreturn void trigger_thread(uint64_t words)
{
    volatile uint64_t *w = (volatile uint64_t *)words;

    uart_out(UART_IER, UART_IER_THRE);
    for (;;)
        w[0]++;
}

/* The interrupt wakes init, waiting at priority 255, which takes the CPU
 * from the lower thread at once, not at the end of its turn. */
static void test_preemption(struct tests *t, cairn_cptr_t ut)
{
    volatile uint64_t *w = (volatile uint64_t *)HELPER_PAGE;
    uint8_t ier = uart_in(UART_IER);
    uint64_t word = 0, spins;
    bool started, got;

    started = retype(ut, CAIRN_OBJ_VMO, 12, SLOT_HELPER_PAGE) == CAIRN_ERR_OK &&
              map(CAIRN_SLOT_VSPACE, SLOT_HELPER_PAGE, 4096, HELPER_PAGE,
                  CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) == CAIRN_ERR_OK &&
              retype(ut, CAIRN_OBJ_TCB, 0, SLOT_HELPER) == CAIRN_ERR_OK &&
              cairn_tcb_configure(SLOT_HELPER, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0) ==
                  CAIRN_ERR_OK &&
              cairn_tcb_set_priority(SLOT_HELPER, CAIRN_SLOT_TCB, HELPER_PRIORITY) == CAIRN_ERR_OK;
    w[0] = 0;
    started = started && cairn_irq_handler_ack(SLOT_HANDLER) == CAIRN_ERR_OK &&
              start_thread(SLOT_HELPER, (uint64_t)(uintptr_t)trigger_thread, HELPER_PAGE + 4096,
                           HELPER_PAGE) == CAIRN_ERR_OK;
    expect(t, started, "start a thread at priority 100 that makes the UART interrupt");
    /* Quiet the UART before printing: each line printed empties it again. */
    got = cairn_wait(SLOT_IRQ_BADGED, &word) == CAIRN_ERR_OK && word == IRQ_BADGE;
    spins = w[0];
    uart_in(UART_IIR);
    uart_out(UART_IER, ier);
    expect(t, got, "init, waiting, gets the interrupt the thread made");
    expect(t, spins < PREEMPT_SPINS, "and takes the CPU from it at once");
    if (spins >= PREEMPT_SPINS) {
        put_str("#   the thread spun ");
        put_dec(spins);
        put_str(" times first\n");
    }
    expect(t, delete(SLOT_HELPER) == CAIRN_ERR_OK && delete(SLOT_HELPER_PAGE) == CAIRN_ERR_OK &&
              cairn_irq_handler_ack(SLOT_HANDLER) == CAIRN_ERR_OK,
           "delete the thread and its page, ack the line");
}

/* Deleting a notification a line is bound to unbinds it; deleting the last
 * handler capability frees the line for a new get. */
static void test_irq_deletion(struct tests *t)
{
    expect_err(t, delete(SLOT_HANDLER_RO), CAIRN_ERR_OK, "delete the handler's copy");
    expect_err(t, get(UART_LINE, SLOT_HANDLER2), CAIRN_ERR_ILLEGAL_OPERATION,
               "the line is still claimed through the handler");
    expect_err(t, delete(SLOT_HANDLER), CAIRN_ERR_OK, "delete the handler, the last one");
    expect_err(t, get(UART_LINE, SLOT_HANDLER), CAIRN_ERR_OK, "the freed line can be claimed again");
    expect(t, cairn_irq_handler_set_notification(SLOT_HANDLER, SLOT_IRQ_BADGED) == CAIRN_ERR_OK &&
              delete(SLOT_IRQ_RO) == CAIRN_ERR_OK && delete(SLOT_IRQ_BADGED) == CAIRN_ERR_OK &&
              delete(SLOT_IRQ_NTFN) == CAIRN_ERR_OK,
           "bind it, then delete every capability to the notification");
    expect_err(t, cairn_irq_handler_ack(SLOT_HANDLER), CAIRN_ERR_OK,
               "ack the line, bound to nothing now");
    expect_err(t, delete(SLOT_HANDLER), CAIRN_ERR_OK, "and delete its handler");
}

/* The RTC interrupts a little later, when init waits and nothing else is
 * ready: the interrupt comes to the kernel's idle loop. */
static void test_interrupt_while_idle(struct tests *t, cairn_cptr_t ut)
{
    uint64_t word = 0;
    uint16_t saved = 0;
    bool fired;

    expect(t, retype(ut, CAIRN_OBJ_NOTIFICATION, 0, SLOT_IRQ_NTFN) == CAIRN_ERR_OK &&
              mint_irq_ntfn(SLOT_IRQ_BADGED, CAIRN_RIGHTS_ALL, IRQ_BADGE) == CAIRN_ERR_OK &&
              get(CLOCK_LINE, SLOT_HANDLER2) == CAIRN_ERR_OK &&
              cairn_irq_handler_set_notification(SLOT_HANDLER2, SLOT_IRQ_BADGED) == CAIRN_ERR_OK &&
              cairn_irq_handler_ack(SLOT_HANDLER2) == CAIRN_ERR_OK,
           "claim the RTC's line and bind it to a new notification");
    clock_interrupt(true, &saved);
    expect(t, cairn_wait(SLOT_IRQ_BADGED, &word) == CAIRN_ERR_OK && word == IRQ_BADGE,
           "the RTC's interrupt wakes init from the kernel's idle loop");
    fired = clock_interrupted();
    clock_interrupt(false, &saved);
    expect(t, fired, "the RTC says it interrupted");
    expect(t, cairn_irq_handler_ack(SLOT_HANDLER2) == CAIRN_ERR_OK &&
              delete(SLOT_HANDLER2) == CAIRN_ERR_OK && delete(SLOT_IRQ_BADGED) == CAIRN_ERR_OK &&
              delete(SLOT_IRQ_NTFN) == CAIRN_ERR_OK,
           "ack, then delete the handler and the notification");
}

/* The devices' capabilities, and the pads below them (riscv64): a device
 * untyped left with a child carves its next holder's VMOs from its
 * watermark, not at the addresses they ask for (cairn/device.h). */
static bool devices_release(void)
{
    bool ok = cairn_cnode_revoke(CAIRN_SLOT_CNODE, SLOT_DEVICE, FULL_DEPTH) == CAIRN_ERR_OK &&
              delete(SLOT_DEVICE) == CAIRN_ERR_OK && delete(SLOT_CLOCK) == CAIRN_ERR_OK;

    for (cairn_cptr_t pad = SLOT_PAD; pad < SLOT_PAD + PADS; pad++)
        ok = ok && delete(pad) == CAIRN_ERR_OK;   /* an empty slot deletes too */
    return ok;
}

void test_irq(struct tests *t, const struct cairn_boot_info *bi, cairn_cptr_t ut)
{
    bool ready = retype(ut, CAIRN_OBJ_NOTIFICATION, 0, SLOT_IRQ_NTFN) == CAIRN_ERR_OK &&
                 mint_irq_ntfn(SLOT_IRQ_BADGED, CAIRN_RIGHTS_ALL, IRQ_BADGE) == CAIRN_ERR_OK &&
                 mint_irq_ntfn(SLOT_IRQ_RO, CAIRN_RIGHT_READ, IRQ_BADGE) == CAIRN_ERR_OK;

    expect(t, ready, "a notification for interrupts, badged, and a read-only copy");
    if (!ready || !devices_ready(t, bi, ut))
        return;
    test_irq_errors(t);
    test_uart_interrupt(t);
    test_preemption(t, ut);
    test_irq_deletion(t);
    test_interrupt_while_idle(t, ut);
    expect(t, devices_release(), "delete the devices' capabilities and the pads below them");
}
