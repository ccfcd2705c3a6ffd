/* SPDX-License-Identifier: GPL-2.0-only */
/* Reply capabilities: who waits for whose reply (reply.c). */
#ifndef CAIRN_REPLY_H
#define CAIRN_REPLY_H

#include "tcb.h"

void reply_wait(paddr_t c, paddr_t s);
void reply_discard(paddr_t s);
paddr_t reply_send(paddr_t s);
void reply_cancel(paddr_t t);

#endif
