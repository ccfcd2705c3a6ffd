/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel console on COM1, a 16550 UART at 115200 8N1. */
#include "arch.h"
#include "x86.h"

#define COM1 0x3f8
#define UART_THR 0   /* transmit holding register (DLAB 0) */
#define UART_DLL 0   /* divisor low byte (DLAB 1) */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_THR_EMPTY 0x20
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1 0x03

/* Enough for one character at 115200 baud on anything; a missing UART reads
 * back 0xff (THR empty), so this bound only matters for a wedged one. */
#define UART_SPIN_LIMIT 100000

void x86_serial_init(void)
{
    outb(COM1 + UART_IER, 0);                    /* polled: no UART interrupts */
    outb(COM1 + UART_LCR, UART_LCR_DLAB);
    outb(COM1 + UART_DLL, 1);                    /* 115200 = 1.8432 MHz / 16 / 1 */
    outb(COM1 + UART_DLM, 0);
    outb(COM1 + UART_LCR, UART_LCR_8N1);
    outb(COM1 + UART_FCR, 0xc7);                 /* FIFOs on and cleared */
    outb(COM1 + UART_MCR, 0x03);                 /* DTR, RTS */
}

static void x86_serial_write(uint8_t c)
{
    unsigned spins = 0;

    while (!(inb(COM1 + UART_LSR) & UART_LSR_THR_EMPTY) && spins < UART_SPIN_LIMIT) {
        __asm__ volatile("pause");
        spins++;
    }
    outb(COM1 + UART_THR, c);
}

void arch_putchar(char c)
{
    if (c == '\n')
        x86_serial_write('\r');
    x86_serial_write((uint8_t)c);
}
