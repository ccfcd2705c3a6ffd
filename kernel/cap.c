/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deriving capabilities: the only way a new capability comes from an old one.
 *
 * Both functions here compute the new capability into `out` and touch
 * nothing else, so a CNode operation can decode fully before it writes a
 * slot. Their contracts carry the central guarantee of the kernel: the
 * derived capability's rights are a subset of the source's.
 */
#include "cap.h"

/*@ requires \valid_read(c);
    assigns \nothing;
    ensures \result <==> rights_within(need, c->rights);
*/
bool cap_has_rights(const struct cap *c, cairn_rights_t need)
{
    return (c->rights & need) == need;
}

/*
 * Capabilities that are never copied: objects of which there is one, handed
 * out at boot, and untyped memory, which is moved or split by retype
 * instead, so that each region has one watermark and is never carved twice;
 * and zombies, which exist only to be deleted.
 */
/*@ assigns \nothing;
    ensures \result <==> (type == CAIRN_OBJ_IRQ_CONTROL || type == CAIRN_OBJ_IO_PORT_CONTROL ||
                          type == CAIRN_OBJ_UNTYPED || type == CAP_TYPE_ZOMBIE);
*/
static bool cap_is_unique(uint8_t type)
{
    return type == CAIRN_OBJ_IRQ_CONTROL || type == CAIRN_OBJ_IO_PORT_CONTROL ||
           type == CAIRN_OBJ_UNTYPED || type == CAP_TYPE_ZOMBIE;
}

/*@ requires \valid_read(src) && \valid(out) && \separated(src, out);
    assigns *out;
    behavior empty:
      assumes src->type == CAP_TYPE_NULL;
      ensures \result == CAIRN_ERR_LOOKUP_EMPTY;
    behavior unique:
      assumes src->type == CAIRN_OBJ_IRQ_CONTROL || src->type == CAIRN_OBJ_IO_PORT_CONTROL ||
              src->type == CAIRN_OBJ_UNTYPED || src->type == CAP_TYPE_ZOMBIE;
      ensures \result == CAIRN_ERR_INVALID_CAPABILITY;
    behavior derived:
      assumes src->type != CAP_TYPE_NULL && src->type != CAIRN_OBJ_IRQ_CONTROL &&
              src->type != CAIRN_OBJ_IO_PORT_CONTROL && src->type != CAIRN_OBJ_UNTYPED &&
              src->type != CAP_TYPE_ZOMBIE;
      ensures \result == CAIRN_ERR_OK;
      ensures out->type == src->type && out->object == src->object;
      ensures out->badge == src->badge && out->size_bits == src->size_bits;
      ensures rights_within(out->rights, src->rights);
      ensures rights_within(out->rights, mask);
      ensures cap_wf(*src) ==> cap_wf(*out);
    complete behaviors;
    disjoint behaviors;
*/
cairn_error_t cap_derive(const struct cap *src, cairn_rights_t mask, struct cap *out)
{
    unsigned rights = (unsigned)src->rights & (unsigned)mask & CAIRN_RIGHTS_ALL;

    if (src->type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if (cap_is_unique(src->type))
        return CAIRN_ERR_INVALID_CAPABILITY;
    /* Field by field: the provers follow these and lose their way through
     * a whole-structure copy followed by a write. */
    out->type = src->type;
    out->rights = (uint8_t)rights;
    out->size_bits = src->size_bits;
    out->guard_bits = src->guard_bits;
    out->is_device = src->is_device;
    out->object = src->object;
    out->badge = src->badge;
    /* A copy holds no mapping (and only untyped, never copied, carve). */
    out->watermark = 0;
    return CAIRN_ERR_OK;
}

/* Decode a CNode guard from a mint badge word, if it fits the CNode. */
/*@ requires \valid_read(src) && \valid(out) && \separated(src, out);
    requires src->type == CAIRN_OBJ_CNODE;
    assigns out->guard_bits, out->badge;
    ensures \result == CAIRN_ERR_OK ==> out->guard_bits + src->size_bits <= 64;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_ARGUMENT;
*/
static cairn_error_t cnode_guard_from_badge(const struct cap *src, uint64_t badge, struct cap *out)
{
    uint64_t width = badge % (1u << CNODE_GUARD_WIDTH_BITS);
    uint64_t guard = badge >> CNODE_GUARD_WIDTH_BITS;

    if (src->size_bits > 64u || width > 64u - src->size_bits)
        return CAIRN_ERR_INVALID_ARGUMENT;
    if (width < 64u - CNODE_GUARD_WIDTH_BITS && guard >> width != 0)
        return CAIRN_ERR_INVALID_ARGUMENT;
    out->guard_bits = (uint8_t)width;
    out->badge = guard;
    return CAIRN_ERR_OK;
}

/*
 * Mint: derive, and set what the type lets a minter set. An endpoint or
 * notification gets a badge, once: a badged capability cannot be rebadged,
 * or a server could not trust the badges it handed out. A CNode gets a
 * guard. Any other type takes no badge.
 */
/*@ requires \valid_read(src) && \valid(out) && \separated(src, out);
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> rights_within(out->rights, src->rights);
    ensures \result == CAIRN_ERR_OK ==> rights_within(out->rights, mask);
    ensures \result == CAIRN_ERR_OK ==> (cap_wf(*src) ==> cap_wf(*out));
    ensures \result == CAIRN_ERR_OK ==> out->type == src->type && out->object == src->object;
*/
cairn_error_t cap_mint(const struct cap *src, cairn_rights_t mask, uint64_t badge,
                       struct cap *out)
{
    cairn_error_t err = cap_derive(src, mask, out);

    if (err != CAIRN_ERR_OK)
        return err;
    switch (src->type) {
    case CAIRN_OBJ_ENDPOINT:
    case CAIRN_OBJ_NOTIFICATION:
        if (src->badge != 0)
            return CAIRN_ERR_ILLEGAL_OPERATION;
        out->badge = badge;
        return CAIRN_ERR_OK;
    case CAIRN_OBJ_CNODE:
        return cnode_guard_from_badge(src, badge, out);
    default:
        if (badge != 0)
            return CAIRN_ERR_INVALID_ARGUMENT;
        return CAIRN_ERR_OK;
    }
}
