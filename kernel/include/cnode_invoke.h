/* SPDX-License-Identifier: GPL-2.0-only */
/* CNode invocations: copy, mint and move (kernel/cnode_invoke.c). */
#ifndef CAIRN_CNODE_INVOKE_H
#define CAIRN_CNODE_INVOKE_H

#include "cap.h"

cairn_error_t cnode_invoke(const struct cap *cspace, const struct cap *cnode, uint64_t label,
                           const uint64_t *words, uint32_t count);

#endif
