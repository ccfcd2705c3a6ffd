/* SPDX-License-Identifier: GPL-2.0-only */
/* Untyped memory: retype carves new objects out of it (kernel/untyped.c). */
#ifndef CAIRN_UNTYPED_H
#define CAIRN_UNTYPED_H

#include "cap.h"

/*
 * Invoke the untyped capability in slot `untyped` with method `label` and the
 * message `words`; CPtr arguments are resolved in the caller's CSpace `cspace`.
 */
cairn_error_t untyped_invoke(const struct cap *cspace, paddr_t untyped, uint64_t label,
                             const uint64_t *words, uint32_t count);

#endif
