/* SPDX-License-Identifier: GPL-2.0-only */
/* Faults as messages to a thread's fault endpoint (fault.c). */
#ifndef CAIRN_FAULT_H
#define CAIRN_FAULT_H

#include "tcb.h"

bool fault_send(paddr_t t, fault_kind_t kind, uint64_t address, uint64_t cause);
void fault_deliver(paddr_t s, paddr_t r, uint64_t badge);
bool fault_waiting(paddr_t t);

#endif
