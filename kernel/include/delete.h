/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deleting capabilities and revoking their descendants (kernel/delete.c).
 * Both spend at most *budget steps and return PREEMPTED when it runs out:
 * invoking them again continues the work.
 */
#ifndef CAIRN_DELETE_H
#define CAIRN_DELETE_H

#include "cap.h"
#include "irq.h"      /* IRQ_STATE: deletion frees and unbinds lines */
#include "vspace.h"   /* VSPACE_STATE: deletion unmaps */

/* Steps one delete or revoke invocation may take before it is preempted:
 * a step passes one slot or removes one capability. */
#define DELETE_STEP_BUDGET 4096u

cairn_error_t cap_delete(paddr_t slot, uint32_t *budget);
cairn_error_t cap_revoke(paddr_t slot, uint32_t *budget);

#endif
