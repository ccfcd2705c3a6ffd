/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host tests' cairn_console_write: it records what the library prints,
 * and runs code that should abort in a child process to see it die.
 */
#ifndef LIBC_CONSOLE_H
#define LIBC_CONSOLE_H

#include <stddef.h>

#define CONSOLE_MAX 8192

extern char console_out[CONSOLE_MAX + 1];   /* everything written, NUL-terminated */
extern size_t console_len;
extern unsigned console_writes;             /* calls of cairn_console_write */
extern size_t console_largest_write;

void console_reset(void);

/* Runs fn in a child process. Returns the signal that ended the child, or 0
 * if it returned; what it wrote to the console is left in console_out. */
int console_run_child(void (*fn)(void));

#endif
