/* SPDX-License-Identifier: GPL-2.0-only */
/* Invocations of VMOs (kernel/vmo.c). */
#ifndef CAIRN_VMO_H
#define CAIRN_VMO_H

#include "arch.h"
#include "cap.h"

uint64_t vmo_size(const struct cap *vmo);
cairn_error_t vmo_invoke(const struct cap *vmo, uint64_t label, const uint64_t *words,
                         uint32_t count, uint64_t *out, uint32_t *out_count);

#endif
