/* SPDX-License-Identifier: BSD-2-Clause */
/* Console output for services: whole lines to the supervisor's log, which
 * prints each after the service's name. A line longer than one message
 * goes in pieces. */
#include <stdio.h>

#include "cairn/system.h"

static char line[SYSTEM_LOG_MAX];
static size_t used;

void cairn_console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\n')
            line[used++] = s[i];
        if (s[i] == '\n' || used == sizeof(line)) {
            system_log(line, used);
            used = 0;
        }
    }
}
