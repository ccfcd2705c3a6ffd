/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Invocations of VMO capabilities (spec/api.toml, objects.vmo): its size,
 * and reads and writes through message words, for a process that has not
 * mapped it. Mapping one is a VSpace method (kernel/vspace_invoke.c).
 */
#include "api_decode.h"
#include "bits.h"
#include "vmo.h"

/*
 * The size in bytes of the VMO `vmo` names: its page count, which the
 * kernel sets where it makes the capability (retype, boot) and no
 * derivation changes; a count no VMO can have gives an empty VMO, so every
 * range check against it fails.
 */
/*@ requires \valid_read(vmo);
    assigns \nothing;
    ensures \result == vmo_bytes(*vmo);
    ensures \result <= pow2[CAIRN_VMO_MAX_BITS] && \result % PAGE_SIZE == 0;
*/
uint64_t vmo_size(const struct cap *vmo)
{
    if (vmo->badge > VMO_MAX_PAGES)
        return 0;
    return vmo->badge * PAGE_SIZE;
}

/*
 * Where `count` words of the VMO `vmo` from byte `offset` are: a RAM VMO
 * (a device VMO's registers are for mapping, not for the kernel to copy),
 * the words aligned and inside it.
 */
/*@ requires \valid_read(vmo) && \valid(at) && count <= CAIRN_MSG_MAX_WORDS;
    assigns *at;
    ensures \result == CAIRN_ERR_OK ==> *at != 0;
*/
static cairn_error_t vmo_window(const struct cap *vmo, uint64_t offset, uint32_t count, paddr_t *at)
{
    uint64_t size;

    if (vmo->is_device || vmo->object == 0 || vmo->object >= PHYS_ADDR_LIMIT)
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (offset % 8 != 0)
        return CAIRN_ERR_ALIGNMENT_ERROR;
    size = vmo_size(vmo);
    if (offset > size || (uint64_t)count * 8 > size - offset)
        return CAIRN_ERR_RANGE_ERROR;
    *at = vmo->object + offset;
    return CAIRN_ERR_OK;
}

/* read: the words, into the reply. */
/*@ requires \valid_read(vmo) && \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns out[0 .. CAIRN_MSG_MAX_WORDS - 1], *out_count;
    ensures *out_count <= CAIRN_MSG_MAX_WORDS;
*/
static cairn_error_t vmo_read(const struct cap *vmo, const uint64_t *words, uint32_t count,
                              uint64_t *out, uint32_t *out_count)
{
    struct vmo_read_args a;
    const uint64_t *src;
    paddr_t at = 0;
    cairn_error_t err = decode_vmo_read(words, count, &a);
    uint32_t i;

    *out_count = 0;
    if (err != CAIRN_ERR_OK)
        return err;
    if (a.count > CAIRN_MSG_MAX_WORDS)
        return CAIRN_ERR_INVALID_ARGUMENT;
    err = vmo_window(vmo, a.offset, a.count, &at);
    if (err != CAIRN_ERR_OK)
        return err;
    if (a.count > 0) {
        src = arch_words_at(at, a.count);
        /*@ loop invariant 0 <= i <= a.count;
            loop assigns i, out[0 .. CAIRN_MSG_MAX_WORDS - 1];
        */
        for (i = 0; i < a.count; i++)
            out[i] = src[i];
    }
    *out_count = a.count;
    return CAIRN_ERR_OK;
}

/* write: the message's words after the offset, into the VMO. */
/*@ requires \valid_read(vmo) && count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns { bytes_view(a)[i] | integer a, i; 0 <= i < 8 * CAIRN_MSG_MAX_WORDS };
*/
static cairn_error_t vmo_write(const struct cap *vmo, const uint64_t *words, uint32_t count)
{
    struct vmo_write_args a;
    uint8_t *dst;
    paddr_t at = 0;
    cairn_error_t err = decode_vmo_write(words, count, &a);
    uint32_t i;

    if (err != CAIRN_ERR_OK)
        return err;
    err = vmo_window(vmo, a.offset, count - 1, &at);
    if (err != CAIRN_ERR_OK || count == 1)
        return err;
    dst = arch_bytes_at(at, 8 * (count - 1));
    /*@ loop invariant 1 <= i <= count;
        loop assigns i, { bytes_view(a)[j] | integer a, j; 0 <= j < 8 * CAIRN_MSG_MAX_WORDS };
    */
    for (i = 1; i < count; i++)
        put_le(dst + 8 * (i - 1), 8, words[i]);
    return CAIRN_ERR_OK;
}

/*
 * Invoke the VMO capability `vmo` with method `label` and the message
 * `words`; the words of the reply go to `out`, their number to `*out_count`.
 */
/*@ requires \valid_read(vmo) && \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    requires \separated(out + (0 .. CAIRN_MSG_MAX_WORDS - 1), out_count);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns out[0 .. CAIRN_MSG_MAX_WORDS - 1], *out_count,
            { bytes_view(a)[i] | integer a, i; 0 <= i < 8 * CAIRN_MSG_MAX_WORDS };
    ensures *out_count <= CAIRN_MSG_MAX_WORDS;
    ensures \result == CAIRN_ERR_OK && label == CAIRN_LABEL_VMO_SIZE ==>
            out[0] == vmo_bytes(\old(*vmo));
    ensures label == CAIRN_LABEL_VMO_READ && !rights_within(CAIRN_RIGHT_READ, \old(vmo->rights)) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
    ensures label == CAIRN_LABEL_VMO_WRITE && !rights_within(CAIRN_RIGHT_WRITE, \old(vmo->rights)) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
*/
cairn_error_t vmo_invoke(const struct cap *vmo, uint64_t label, const uint64_t *words,
                         uint32_t count, uint64_t *out, uint32_t *out_count)
{
    *out_count = 0;
    switch (label) {
    case CAIRN_LABEL_VMO_SIZE:
        out[0] = vmo_size(vmo);
        *out_count = 1;
        return CAIRN_ERR_OK;
    case CAIRN_LABEL_VMO_READ:
        if (!cap_has_rights(vmo, CAIRN_RIGHT_READ))
            return CAIRN_ERR_INSUFFICIENT_RIGHTS;
        return vmo_read(vmo, words, count, out, out_count);
    case CAIRN_LABEL_VMO_WRITE:
        if (!cap_has_rights(vmo, CAIRN_RIGHT_WRITE))
            return CAIRN_ERR_INSUFFICIENT_RIGHTS;
        return vmo_write(vmo, words, count);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
