/* SPDX-License-Identifier: GPL-2.0-only */
/* Invocations of address spaces, and what deleting VMO and VSpace capabilities undoes. */
#ifndef CAIRN_VSPACE_INVOKE_H
#define CAIRN_VSPACE_INVOKE_H

#include "vspace.h"

cairn_error_t vspace_invoke(const struct cap *cspace, const struct cap *vs, uint64_t label,
                            const uint64_t *words, uint32_t count);
cairn_error_t vspace_prepare(const struct cap *c);
bool vspace_adopt(paddr_t root, paddr_t next, paddr_t end);
void vmo_unmap(struct cap *vmo);
void vspace_cap_release(struct cap *c, bool last);

#endif
