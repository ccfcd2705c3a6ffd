/* SPDX-License-Identifier: BSD-2-Clause */
/* Slots and objects for a process that holds untyped memory (cairn/alloc.h). */
#include "cairn/alloc.h"

void alloc_init(struct cairn_alloc *a, uint32_t first, uint32_t end)
{
    if (end > ALLOC_MAX_SLOTS)
        end = ALLOC_MAX_SLOTS;
    a->slot_end = end;
    a->untyped_count = 0;
    a->touched = 0;
    for (uint32_t i = 0; i < ALLOC_MAX_SLOTS / 64; i++)
        a->used[i] = ~0ull;
    for (uint32_t s = first; s < end; s++)
        a->used[s / 64] &= ~(1ull << (s % 64));
}

bool alloc_add_untyped(struct cairn_alloc *a, cairn_cptr_t slot)
{
    if (a->untyped_count == ALLOC_MAX_UNTYPED)
        return false;
    a->untyped[a->untyped_count++] = slot;
    return true;
}

bool alloc_touched(const struct cairn_alloc *a, cairn_cptr_t slot)
{
    for (uint32_t i = 0; i < a->untyped_count; i++) {
        if (a->untyped[i] == slot)
            return (a->touched >> i) & 1u;
    }
    return false;
}

cairn_cptr_t slot_alloc(struct cairn_alloc *a)
{
    for (uint32_t w = 0; w * 64 < a->slot_end; w++) {
        if (a->used[w] == ~0ull)
            continue;
        uint32_t bit = (uint32_t)__builtin_ctzll(~a->used[w]);

        if (w * 64 + bit >= a->slot_end)
            return 0;
        a->used[w] |= 1ull << bit;
        return w * 64 + bit;
    }
    return 0;
}

void slot_free(struct cairn_alloc *a, cairn_cptr_t slot)
{
    if (slot != 0 && slot < a->slot_end)
        a->used[slot / 64] &= ~(1ull << (slot % 64));
}

cairn_error_t alloc_object(struct cairn_alloc *a, uint8_t type, uint8_t size_bits,
                           cairn_cptr_t *slot)
{
    cairn_cptr_t s = slot_alloc(a);
    cairn_error_t err = CAIRN_ERR_NOT_ENOUGH_MEMORY;

    if (s == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    /* Only "no room here" moves on to the next region: any other error is
     * the caller's and every region would say the same. */
    for (uint32_t i = 0; i < a->untyped_count && err == CAIRN_ERR_NOT_ENOUGH_MEMORY; i++) {
        err = cairn_untyped_retype(a->untyped[i], type, size_bits, CAIRN_SLOT_CNODE, 0, 0, s, 1);
        if (err == CAIRN_ERR_OK)
            a->touched |= 1ull << i;
    }
    if (err != CAIRN_ERR_OK) {
        slot_free(a, s);
        return err;
    }
    *slot = s;
    return CAIRN_ERR_OK;
}

cairn_error_t alloc_release(struct cairn_alloc *a, cairn_cptr_t slot)
{
    cairn_error_t err;

    do
        err = cairn_cnode_delete(CAIRN_SLOT_CNODE, slot, CAIRN_DEPTH);
    while (err == CAIRN_ERR_PREEMPTED);
    if (err == CAIRN_ERR_OK)
        slot_free(a, slot);
    return err;
}
