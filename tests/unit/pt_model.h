/* SPDX-License-Identifier: GPL-2.0-only */
/* The host's model of the arch page-table layer (pt_model.c). */
#ifndef CAIRN_TEST_PT_MODEL_H
#define CAIRN_TEST_PT_MODEL_H

#include "vspace.h"

#define PT_MODEL_P  1ull
#define PT_MODEL_PS (1ull << 7)
#define PT_MODEL_ADDR_MASK 0x000ffffffffff000ull
#define PT_MODEL_USER_TOP 0x0000800000000000ull
#define PT_MODEL_KERNEL_ENTRY 0x5a5a5000ull

extern unsigned pt_model_flushes;
pte_t pt_model_translate(paddr_t root, uint64_t va);

#endif
