/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPC fast path (kernel/fastpath.c): call and reply_recv with register
 * words only. Each returns, having written nothing but its debug count,
 * when the system call must take the general path; otherwise it does not
 * return.
 */
#ifndef CAIRN_FASTPATH_H
#define CAIRN_FASTPATH_H

#include "kernel.h"

void fastpath_call(paddr_t t);
void fastpath_reply_recv(paddr_t t);
void fastpath_debug(paddr_t t);

#endif
