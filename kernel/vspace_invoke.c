/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Invocations of address spaces (spec/api.toml, objects.vspace), and what
 * deleting a VMO or VSpace capability undoes.
 *
 * A mapping belongs to the VMO capability it was made through: the
 * capability records the VSpace (by id) and the address range, a copy holds
 * none, and deleting the capability removes it. That bounds the work of
 * every unmapping to one capability's pages, and the kernel needs no list
 * of a VMO's mappings.
 */
#include "api_decode.h"
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "vmo.h"
#include "vspace_invoke.h"

/*@ predicate map_rights(integer r) =
      r == CAIRN_RIGHT_READ || r == (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) ||
      r == (CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE);
    predicate usable(integer vs, integer bits) =
      CAIRN_VSPACE_MIN_BITS <= bits <= CAIRN_VSPACE_MAX_BITS &&
      vs % PAGE_SIZE == 0 && 0 < vs < PHYS_ADDR_LIMIT;
*/

/* The rights a mapping may have: readable, and never writable and executable. */
/*@ assigns \nothing;
    ensures \result <==> map_rights(rights);
*/
static bool map_rights_ok(cairn_rights_t rights)
{
    return rights == CAIRN_RIGHT_READ || rights == (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) ||
           rights == (CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE);
}

/* MAP_* bits for a mapping's rights (bits 0-2 of both are read, write, execute). */
/*@ requires map_rights(rights);
    assigns \nothing;
    ensures \result == MAP_READ || \result == (MAP_READ | MAP_WRITE) ||
            \result == (MAP_READ | MAP_EXECUTE);
*/
static unsigned map_bits(cairn_rights_t rights)
{
    if (rights == CAIRN_RIGHT_READ)
        return MAP_READ;
    if (rights == (CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE))
        return MAP_READ | MAP_WRITE;
    return MAP_READ | MAP_EXECUTE;
}

/*
 * Can the kernel use the VSpace object at `vs` of 2^`bits` bytes (what a
 * VSpace capability names)? The functions below take the two as values.
 */
/*@ assigns \nothing;
    ensures \result <==> usable(vs, bits);
*/
static bool vspace_usable(paddr_t vs, uint8_t bits)
{
    return bits >= CAIRN_VSPACE_MIN_BITS && bits <= CAIRN_VSPACE_MAX_BITS &&
           vs % PAGE_SIZE == 0 && vs != 0 && vs < PHYS_ADDR_LIMIT;
}

/* Is the pool well formed? Only the kernel writes it; this keeps the
 * arithmetic on it safe whatever it holds. */
/*@ requires \valid_read(pool);
    assigns \nothing;
    ensures \result <==> pool_ok(pool);
*/
static bool pool_usable(const struct pt_pool *pool)
{
    return pool->next % PAGE_SIZE == 0 && pool->end % PAGE_SIZE == 0 &&
           pool->next <= pool->end && pool->end <= PHYS_ADDR_LIMIT;
}

/* The slot of the VMO capability `cptr` names in the CSpace `cspace`. */
/*@ requires \valid_read(cspace) && \valid(slot) && \separated(slot, cspace);
    assigns *slot;
    ensures \result == CAIRN_ERR_OK ==> *slot != 0 &&
            slots_view(*slot)->cap.type == CAIRN_OBJ_VMO &&
            slots_view(*slot)->cap.object < PHYS_ADDR_LIMIT;
*/
static cairn_error_t lookup_vmo(const struct cap *cspace, uint64_t cptr, paddr_t *slot)
{
    cairn_error_t err = cspace_lookup(cspace, cptr, slot);
    const struct cap *vmo;

    if (err != CAIRN_ERR_OK)
        return err;
    vmo = &slot_at(*slot)->cap;
    if (vmo->type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if (vmo->type != CAIRN_OBJ_VMO || vmo->object >= PHYS_ADDR_LIMIT)
        return CAIRN_ERR_INVALID_CAPABILITY;
    return CAIRN_ERR_OK;
}

/* Pages left in a pool; none in one that is not well formed. */
/*@ requires \valid_read(pool);
    assigns \nothing;
    ensures pool_ok(pool) ==> \result == (pool->end - pool->next) / PAGE_SIZE;
*/
static uint64_t pool_room(const struct pt_pool *pool)
{
    if (!pool_usable(pool))
        return 0;
    return (pool->end - pool->next) / PAGE_SIZE;
}

/*
 * Everything a map checks before it writes: the VMO capability found at
 * `*slot`, the rights, the ranges, a free id, and room in the pool for the
 * tables the range needs. Writes nothing but its outputs.
 */
/*@ requires \valid_read(cspace) && \valid_read(a) && \valid(slot);
    requires usable(vs, bits);
    requires \separated(slot, cspace, a);
    assigns *slot;
    ensures \result == CAIRN_ERR_OK ==> *slot != 0;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*slot)->cap.type == CAIRN_OBJ_VMO;
    ensures \result == CAIRN_ERR_OK ==> rights_within(a->rights, slots_view(*slot)->cap.rights);
    ensures \result == CAIRN_ERR_OK ==> map_rights(a->rights);
    ensures \result == CAIRN_ERR_OK ==> slots_view(*slot)->cap.watermark == 0;
    ensures \result == CAIRN_ERR_OK ==> 0 < a->length <= VSPACE_MAP_MAX_PAGES * PAGE_SIZE;
    ensures \result == CAIRN_ERR_OK ==> a->address <= 0x800000000000 && a->offset <= 0x8000000000;
    ensures \result == CAIRN_ERR_OK ==> slots_view(*slot)->cap.object < PHYS_ADDR_LIMIT;
*/
static cairn_error_t map_decode(const struct cap *cspace, paddr_t vs, uint8_t bits,
                                const struct vspace_map_args *a, paddr_t *slot)
{
    struct vspace *hdr = arch_vspace_at(vs + VSPACE_HEADER_OFFSET);
    cairn_error_t err = lookup_vmo(cspace, a->vmo, slot);
    const struct cap *vmo;
    uint64_t size, tables, room, top = arch_user_top();

    if (err != CAIRN_ERR_OK)
        return err;
    vmo = &slot_at(*slot)->cap;
    if (!map_rights_ok(a->rights))
        return CAIRN_ERR_INVALID_ARGUMENT;
    if (!cap_has_rights(vmo, a->rights))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    if (vmo->watermark != 0)
        return CAIRN_ERR_ILLEGAL_OPERATION;   /* one mapping per capability: copy it */
    if (a->offset % PAGE_SIZE != 0 || a->length % PAGE_SIZE != 0 || a->address % PAGE_SIZE != 0)
        return CAIRN_ERR_ALIGNMENT_ERROR;
    size = vmo_size(vmo);
    if (a->length == 0 || a->length > VSPACE_MAP_MAX_PAGES * PAGE_SIZE ||
        a->offset > size || a->length > size - a->offset ||
        a->address > top || a->length > top - a->address)
        return CAIRN_ERR_RANGE_ERROR;
    if (hdr->asid == 0 && !asid_available())
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    err = vspace_range_tables(vs, a->address, a->length / PAGE_SIZE, &tables);
    if (err != CAIRN_ERR_OK)
        return err;
    /* A VSpace used for the first time has its whole pool. */
    room = hdr->asid != 0 ? pool_room(&hdr->pool)
         : pow2[bits] >= VSPACE_POOL_OFFSET ? (pow2[bits] - VSPACE_POOL_OFFSET) / PAGE_SIZE : 0;
    if (tables > room)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    return CAIRN_ERR_OK;
}

/*
 * Take an id for the VSpace `vs` and fill its root's kernel half: its first
 * use. The bookkeeping is written last, so nothing after it can change it.
 */
/*@ requires usable(vs, bits);
    assigns VSPACE_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_NOT_ENOUGH_MEMORY;
    ensures \result == CAIRN_ERR_OK ==> vspace_view(vs + VSPACE_HEADER_OFFSET)->asid != 0;
*/
static cairn_error_t vspace_start(paddr_t vs, uint8_t bits)
{
    struct vspace *hdr = arch_vspace_at(vs + VSPACE_HEADER_OFFSET);
    uint16_t asid;

    if (hdr->asid != 0)
        return CAIRN_ERR_OK;
    asid = asid_alloc(vs);
    if (asid == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    arch_vspace_init_root(arch_pt_at(vs));
    //@ assert pow2[bits] <= pow2[CAIRN_VSPACE_MAX_BITS];
    hdr = arch_vspace_at(vs + VSPACE_HEADER_OFFSET);
    hdr->pool.next = vs + VSPACE_POOL_OFFSET;
    hdr->pool.end = vs + pow2[bits];
    hdr->asid = asid;
    return CAIRN_ERR_OK;
}

/*
 * The VSpace of capability `c`, made ready to run threads (configure): its
 * id taken and its root's kernel half filled, if it had not been used yet.
 */
/*@ requires \valid_read(c);
    assigns VSPACE_STATE;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_CAPABILITY ||
            \result == CAIRN_ERR_NOT_ENOUGH_MEMORY;
    ensures \result == CAIRN_ERR_OK ==> \old(c->type) == CAIRN_OBJ_VSPACE &&
            usable(\old(c->object), \old(c->size_bits));
*/
cairn_error_t vspace_prepare(const struct cap *c)
{
    paddr_t object = c->object;
    uint8_t bits = c->size_bits;

    if (c->type != CAIRN_OBJ_VSPACE || !vspace_usable(object, bits))
        return CAIRN_ERR_INVALID_CAPABILITY;
    return vspace_start(object, bits);
}

/*
 * A VSpace the kernel built (init's), rooted at `root`, whose tables so far
 * and from now on come from the pool [next, end): it takes an id as if it
 * were in use. False if it cannot (no id is free).
 */
/*@ assigns VSPACE_STATE;
    ensures \result ==> usable(root, CAIRN_VSPACE_MIN_BITS) &&
            vspace_view(root + VSPACE_HEADER_OFFSET)->asid != 0;
*/
bool vspace_adopt(paddr_t root, paddr_t next, paddr_t end)
{
    struct vspace *hdr;
    uint16_t asid;

    if (!vspace_usable(root, CAIRN_VSPACE_MIN_BITS))
        return false;
    asid = asid_alloc(root);
    if (asid == 0)
        return false;
    hdr = arch_vspace_at(root + VSPACE_HEADER_OFFSET);
    hdr->pool.next = next;
    hdr->pool.end = end;
    hdr->asid = asid;
    return true;
}

/* Remove the pages [va, va + pages * PAGE_SIZE) from `root` where they map
 * frames in [lo, hi), the VMO of the mapping. */
/*@ requires root % PAGE_SIZE == 0;
    requires pages <= VSPACE_MAP_MAX_PAGES && va <= 0x800000000000;
    assigns PT_ALL_ENTRIES;
*/
static void unmap_pages(paddr_t root, uint64_t va, uint64_t pages, paddr_t lo, paddr_t hi)
{
    uint64_t i;

    /*@ loop invariant 0 <= i <= pages;
        loop assigns i, PT_ALL_ENTRIES;
        loop variant pages - i;
    */
    for (i = 0; i < pages; i++)
        vspace_unmap_page(root, va + i * PAGE_SIZE, lo, hi);
}

/* The end of the VMO `vmo` names: where its frames stop. */
/*@ requires \valid_read(vmo) && vmo->object < PHYS_ADDR_LIMIT;
    assigns \nothing;
    ensures \result == vmo->object + vmo_bytes(*vmo);
*/
static paddr_t vmo_end(const struct cap *vmo)
{
    return vmo->object + vmo_size(vmo);
}

/*
 * Map what map_decode accepted. The decode found room for every table, so
 * a page fails to map only if the bookkeeping were broken; then the pages
 * mapped so far are taken out again and nothing is recorded. Everything it
 * needs is read before the first write.
 */
/*@ requires usable(vs, bits) && \valid_read(a) && slot != 0;
    requires map_rights(a->rights);
    requires 0 < a->length <= VSPACE_MAP_MAX_PAGES * PAGE_SIZE;
    requires a->address <= 0x800000000000 && a->offset <= 0x8000000000;
    requires slots_view(slot)->cap.object < PHYS_ADDR_LIMIT;
    assigns VSPACE_STATE, slots_view(slot)->cap.watermark;
    ensures \result == CAIRN_ERR_OK ==> slots_view(slot)->cap.watermark != 0;
*/
static cairn_error_t map_perform(paddr_t vs, uint8_t bits, const struct vspace_map_args *a,
                                 paddr_t slot)
{
    struct cap *vmo = &slot_at(slot)->cap;
    struct vspace *hdr;
    uint64_t address = a->address, frame = vmo->object + a->offset, lo = vmo->object;
    uint64_t hi = vmo_end(vmo), pages = a->length / PAGE_SIZE, i;
    unsigned map = map_bits(a->rights);
    bool device = vmo->is_device != 0;
    cairn_error_t err = vspace_start(vs, bits);
    uint16_t asid;

    if (err != CAIRN_ERR_OK)
        return err;
    hdr = arch_vspace_at(vs + VSPACE_HEADER_OFFSET);
    asid = hdr->asid;
    /*@ loop invariant 0 <= i <= pages;
        loop assigns i, err, hdr->pool, PT_ALL_ENTRIES;
        loop variant pages - i;
    */
    for (i = 0; i < pages; i++) {
        err = CAIRN_ERR_NOT_ENOUGH_MEMORY;
        if (pool_usable(&hdr->pool))
            err = vspace_map_page(vs, &hdr->pool, address + i * PAGE_SIZE, frame + i * PAGE_SIZE,
                                  map, device);
        if (err != CAIRN_ERR_OK)
            break;
    }
    if (err != CAIRN_ERR_OK) {
        unmap_pages(vs, address, i, lo, hi);
        return err;
    }
    slot_at(slot)->cap.watermark = asid * MAPPING_ASID_UNIT + address + pages;
    return CAIRN_ERR_OK;
}

/* The id of the VSpace a mapping (a VMO capability's watermark) is in. */
/*@ assigns \nothing;
    ensures \result == mapping / MAPPING_ASID_UNIT;
*/
static uint16_t mapping_asid(uint64_t mapping)
{
    return (uint16_t)(mapping / MAPPING_ASID_UNIT);
}

/* Remove the mapping the VMO capability `vmo` holds, if any: its VSpace may be gone. */
/*@ requires \valid(vmo);
    assigns PT_ALL_ENTRIES, vmo->watermark;
    ensures vmo->watermark == 0;
*/
void vmo_unmap(struct cap *vmo)
{
    uint64_t rest = vmo->watermark % MAPPING_ASID_UNIT;
    uint64_t pages = rest % PAGE_SIZE, va = rest - pages;
    paddr_t root = asid_root(mapping_asid(vmo->watermark));

    if (root != 0 && root % PAGE_SIZE == 0 && pages <= VSPACE_MAP_MAX_PAGES &&
        va <= 0x800000000000 && vmo->object < PHYS_ADDR_LIMIT)
        unmap_pages(root, va, pages, vmo->object, vmo_end(vmo));
    vmo->watermark = 0;
}

/*
 * What deleting the capability `c` from its slot undoes in address spaces:
 * a VMO capability's mapping; with a VSpace's last capability (`last`), the
 * VSpace's id, so that mappings still recorded elsewhere find it gone.
 */
/*@ requires \valid(c);
    assigns RELEASE_STATE, c->watermark;
    ensures \old(c->type) == CAIRN_OBJ_VMO ==> c->watermark == 0;
*/
void vspace_cap_release(struct cap *c, bool last)
{
    paddr_t object = c->object;
    uint16_t asid;

    if (c->type == CAIRN_OBJ_VMO) {
        vmo_unmap(c);
        return;
    }
    if (c->type != CAIRN_OBJ_VSPACE || !last || !vspace_usable(object, c->size_bits))
        return;
    /* The object goes; its memory is zeroed before it is anything again. */
    asid = arch_vspace_at(object + VSPACE_HEADER_OFFSET)->asid;
    if (asid != 0 && asid_root(asid) == object)
        asid_free(asid);
}

/* unmap: the VMO capability must hold a mapping in this VSpace. */
/*@ requires \valid_read(cspace) && \valid_read(a) && usable(vs, CAIRN_VSPACE_MIN_BITS);
    assigns VSPACE_STATE, { slots_view(s)->cap.watermark | integer s; \true };
*/
static cairn_error_t unmap(const struct cap *cspace, paddr_t vs, const struct vspace_unmap_args *a)
{
    paddr_t slot;
    cairn_error_t err = lookup_vmo(cspace, a->vmo, &slot);
    struct cap *vmo;

    if (err != CAIRN_ERR_OK)
        return err;
    vmo = &slot_at(slot)->cap;
    if (vmo->watermark == 0 ||
        mapping_asid(vmo->watermark) != arch_vspace_at(vs + VSPACE_HEADER_OFFSET)->asid)
        return CAIRN_ERR_ILLEGAL_OPERATION;
    vmo_unmap(vmo);
    return CAIRN_ERR_OK;
}

/*
 * Invoke the VSpace capability `vs` with method `label` and the message
 * `words`; CPtr arguments are resolved in the caller's CSpace `cspace`.
 */
/*@ requires \valid_read(cspace) && \valid_read(vs);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns VSPACE_STATE, { slots_view(s)->cap.watermark | integer s; \true };
    ensures !rights_within(CAIRN_RIGHT_MANAGE, vs->rights) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
*/
cairn_error_t vspace_invoke(const struct cap *cspace, const struct cap *vs, uint64_t label,
                            const uint64_t *words, uint32_t count)
{
    struct vspace_map_args map;
    struct vspace_unmap_args um;
    paddr_t slot = 0, object = vs->object;
    uint8_t bits = vs->size_bits;
    cairn_error_t err;

    if (!cap_has_rights(vs, CAIRN_RIGHT_MANAGE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    if (!vspace_usable(object, bits))
        return CAIRN_ERR_INVALID_CAPABILITY;
    switch (label) {
    case CAIRN_LABEL_VSPACE_MAP:
        err = decode_vspace_map(words, count, &map);
        if (err == CAIRN_ERR_OK)
            err = map_decode(cspace, object, bits, &map, &slot);
        if (err != CAIRN_ERR_OK)
            return err;
        return map_perform(object, bits, &map, slot);
    case CAIRN_LABEL_VSPACE_UNMAP:
        err = decode_vspace_unmap(words, count, &um);
        if (err != CAIRN_ERR_OK)
            return err;
        return unmap(cspace, object, &um);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}
