/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Message words and capability transfer, as the IPC system calls see them:
 * word k of a message is in register k while k < CAIRN_MSG_REGS and in the
 * IPC buffer's msg[k] after; capabilities go out through the buffer's
 * caps[] and come in only into the slots named in its receive[].
 */
#ifndef CAIRN_MSG_H
#define CAIRN_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/api.h"

/* Bytes a message carries from word `first` to the end. */
#define MSG_BYTES_FROM(first) ((CAIRN_MSG_MAX_WORDS - (first)) * 8u)

uint64_t msg_word(const struct cairn_msg *m, unsigned k);
void msg_set_word(struct cairn_msg *m, unsigned k, uint64_t value);
/* The number of words the message has (as received: at most what came). */
unsigned msg_length(const struct cairn_msg *m);

/* Put `n` bytes at word `first` on, the last word padded with zeros; the
 * number of words they took, 0 if they do not fit. */
unsigned msg_put_bytes(struct cairn_msg *m, unsigned first, const void *bytes, size_t n);
/* Copy `n` bytes from word `first` on; false if the message is shorter. */
bool msg_get_bytes(const struct cairn_msg *m, unsigned first, void *bytes, size_t n);
/* A string of at most `max` - 1 bytes from word `first` on, NUL-padded to
 * a whole number of words: true and the string in `s` if one ends there
 * within the message and `max`. */
bool msg_get_string(const struct cairn_msg *m, unsigned first, char *s, size_t max);
/* Put `s` with its NUL, padded; words taken, 0 if it does not fit. */
unsigned msg_put_string(struct cairn_msg *m, unsigned first, const char *s);

/* Send capability `cap` as the message's i-th; offer `slot` for the i-th
 * received (0: none). Both last until changed: offer none after use. */
void msg_send_cap(unsigned i, cairn_cptr_t cap);
void msg_receive_cap(unsigned i, cairn_cptr_t slot);
/* The number of capabilities the received message brought. */
unsigned msg_caps(const struct cairn_msg *m);

/* What a fault message's label (CAIRN_FAULT_*) says, in words. */
const char *msg_fault_text(uint64_t label);

#endif
