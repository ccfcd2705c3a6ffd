/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Invocations of VMO capabilities (spec/api.toml, objects.vmo). Mapping one
 * is a VSpace method (kernel/vspace_invoke.c).
 */
#include "bits.h"
#include "vmo.h"

/*
 * Invoke the VMO capability `vmo` with method `label`; the words of the
 * reply go to `out` (USER_MSG_REGS of them), their number to `*out_count`.
 */
/*@ requires \valid_read(vmo) && \valid(out + (0 .. USER_MSG_REGS - 1)) && \valid(out_count);
    requires \separated(out + (0 .. USER_MSG_REGS - 1), out_count);
    assigns out[0 .. USER_MSG_REGS - 1], *out_count;
    ensures *out_count <= USER_MSG_REGS;
    ensures \result == CAIRN_ERR_OK && label == CAIRN_LABEL_VMO_SIZE &&
            vmo->size_bits <= CAIRN_VMO_MAX_BITS ==> out[0] == pow2[vmo->size_bits];
*/
cairn_error_t vmo_invoke(const struct cap *vmo, uint64_t label, uint64_t *out,
                         uint32_t *out_count)
{
    *out_count = 0;
    switch (label) {
    case CAIRN_LABEL_VMO_SIZE:
        if (vmo->size_bits > CAIRN_VMO_MAX_BITS)
            return CAIRN_ERR_INVALID_CAPABILITY;
        out[0] = pow2[vmo->size_bits];
        *out_count = 1;
        return CAIRN_ERR_OK;
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
