/* SPDX-License-Identifier: GPL-2.0-only */
/* Messages between threads, and the replies to method invocations (message.c). */
#ifndef CAIRN_MESSAGE_H
#define CAIRN_MESSAGE_H

#include "tcb.h"

/* The bytes a message may write: the words past the registers, in any
 * thread's IPC buffer. */
#define MESSAGE_BYTES { bytes_view(msg_b_)[msg_i_] | integer msg_b_, integer msg_i_; \
    0 <= msg_i_ < 8 * CAIRN_MSG_MAX_WORDS }

void message_status(paddr_t t, cairn_error_t err);
void message_write(paddr_t t, uint64_t label, uint32_t caps, const uint64_t *words,
                   uint32_t count, uint64_t badge);
uint32_t message_read(const struct tcb *t, uint64_t info, uint64_t *words);
cairn_error_t message_caps_decode(paddr_t t, uint64_t info, cairn_rights_t rights);
uint32_t message_caps_transfer(paddr_t from, paddr_t to, uint32_t caps);
void message_transfer(paddr_t from, paddr_t to, uint64_t badge, bool grant);

#endif
