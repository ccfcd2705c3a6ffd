/* SPDX-License-Identifier: GPL-2.0-only */
/* The host tests' console: a buffer, and a pipe from a child that may abort. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libc_console.h"

char console_out[CONSOLE_MAX + 1];
size_t console_len;
unsigned console_writes;
size_t console_largest_write;
static int child_pipe = -1;     /* in a child: where its console output goes */

void console_reset(void)
{
    console_len = 0;
    console_out[0] = '\0';
    console_writes = 0;
    console_largest_write = 0;
}

/* Copied byte by byte: the library's memcpy is under test, glibc's renamed away. */
void cairn_console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n && console_len < CONSOLE_MAX; i++)
        console_out[console_len++] = s[i];
    console_out[console_len] = '\0';
    console_writes++;
    if (n > console_largest_write)
        console_largest_write = n;
    if (child_pipe >= 0 && write(child_pipe, s, n) != (ssize_t)n)
        _exit(99);
}

static void read_all(int fd)
{
    ssize_t got;

    while (console_len < CONSOLE_MAX &&
           (got = read(fd, console_out + console_len, CONSOLE_MAX - console_len)) > 0)
        console_len += (size_t)got;
    console_out[console_len] = '\0';
}

int console_run_child(void (*fn)(void))
{
    int fds[2];
    int status;
    pid_t pid;

    console_reset();
    if (pipe(fds) != 0 || (pid = fork()) < 0)
        return -1;
    if (pid == 0) {
        /* cmocka catches SIGILL and SIGTRAP to report a crashed test; the
         * child is meant to die of them. */
        signal(SIGILL, SIG_DFL);
        signal(SIGTRAP, SIG_DFL);
        close(fds[0]);
        child_pipe = fds[1];
        fn();
        _exit(0);
    }
    close(fds[1]);
    read_all(fds[0]);
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}
