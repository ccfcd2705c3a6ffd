/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Notifications (notification.c): a word of pending badges and the queue
 * of threads waiting for it, in the layout of an endpoint (endpoint.h).
 */
#ifndef CAIRN_NOTIFICATION_H
#define CAIRN_NOTIFICATION_H

#include "endpoint.h"

cairn_error_t notification_decode(paddr_t t, paddr_t n, uint64_t badge, bool signal);
void notification_signal(paddr_t n, uint64_t badge);
void notification_wait(paddr_t t, paddr_t n, bool block);
bool notification_take_bound(paddr_t t);
cairn_error_t notification_bind(paddr_t t, paddr_t n);
void notification_unbind(paddr_t t);
void notification_destroy(paddr_t n);

#endif
