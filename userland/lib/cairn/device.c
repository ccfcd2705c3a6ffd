/* SPDX-License-Identifier: BSD-2-Clause */
/* Device VMOs carved from a pool of device untyped regions (cairn/device.h). */
#include "cairn/device.h"

void device_pool_init(struct device_pool *p)
{
    p->count = 0;
}

bool device_pool_add(struct device_pool *p, cairn_cptr_t untyped, uint64_t base, uint8_t size_bits)
{
    if (p->count == DEVICE_POOL_MAX)
        return false;
    p->region[p->count++] = (struct device_region){ untyped, base, size_bits, 0 };
    return true;
}

unsigned device_pool_add_given(struct device_pool *p, const struct cairn_startup *s)
{
    unsigned added = 0;

    for (uint64_t i = 0; i < s->cap_count; i++) {
        const struct cairn_startup_cap *c = &s->caps[i];

        if (c->type == CAIRN_OBJ_UNTYPED && c->is_device &&
            device_pool_add(p, c->slot, c->base, c->size_bits))
            added++;
    }
    return added;
}

static bool region_covers(const struct device_region *r, uint64_t pa, uint64_t size)
{
    uint64_t region_size = 1ull << r->size_bits;

    return pa >= r->base && pa - r->base <= region_size - size;
}

cairn_error_t device_region_for(const struct device_pool *p, uint64_t pa, uint8_t size_bits,
                                uint32_t *index)
{
    uint64_t size = 1ull << size_bits;

    if (size_bits < DEVICE_VMO_MIN_BITS || size_bits > DEVICE_VMO_MAX_BITS)
        return CAIRN_ERR_RANGE_ERROR;
    if (pa % size != 0)
        return CAIRN_ERR_ALIGNMENT_ERROR;
    for (uint32_t i = 0; i < p->count; i++) {
        const struct device_region *r = &p->region[i];

        if (r->size_bits < size_bits || !region_covers(r, pa, size))
            continue;
        if (pa - r->base < r->carved)
            return CAIRN_ERR_ILLEGAL_OPERATION;
        *index = i;
        return CAIRN_ERR_OK;
    }
    return CAIRN_ERR_LOOKUP_EMPTY;
}

unsigned device_pad_bits(uint64_t at, uint64_t end)
{
    unsigned aligned = at == 0 ? 63 : (unsigned)__builtin_ctzll(at);
    unsigned fits = 63 - (unsigned)__builtin_clzll(end - at);
    unsigned bits = aligned < fits ? aligned : fits;

    return bits < DEVICE_VMO_MAX_BITS ? bits : DEVICE_VMO_MAX_BITS;
}

/* A VMO of 2^bits from region `r` in a new slot; `carved` follows the
 * kernel's watermark, which only moves when retype succeeds. */
static cairn_error_t carve(struct device_region *r, struct cairn_alloc *a, unsigned bits,
                           cairn_cptr_t *slot)
{
    cairn_cptr_t s = slot_alloc(a);
    cairn_error_t err;

    if (s == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    err = cairn_untyped_retype(r->untyped, CAIRN_OBJ_VMO, (uint8_t)bits, CAIRN_SLOT_CNODE, 0, 0, s, 1);
    if (err != CAIRN_ERR_OK) {
        slot_free(a, s);
        return err;
    }
    r->carved += 1ull << bits;
    *slot = s;
    return CAIRN_ERR_OK;
}

cairn_error_t device_vmo(struct device_pool *p, struct cairn_alloc *a, uint64_t pa, uint8_t size_bits,
                         cairn_cptr_t *slot)
{
    uint32_t i = 0;
    cairn_error_t err = device_region_for(p, pa, size_bits, &i);
    struct device_region *r = &p->region[i];
    cairn_cptr_t pad;

    /* Pads first: each lands where `carved` says, being aligned there. */
    while (err == CAIRN_ERR_OK && r->base + r->carved < pa)
        err = carve(r, a, device_pad_bits(r->base + r->carved, pa), &pad);
    return err != CAIRN_ERR_OK ? err : carve(r, a, size_bits, slot);
}
