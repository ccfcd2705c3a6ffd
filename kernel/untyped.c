/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Untyped memory and its one method, retype (spec/api.toml, objects.untyped;
 * spec/objects.md, "Retype").
 *
 * An untyped capability covers a power-of-two region of physical memory and
 * carries a watermark: how many bytes from the start of the region have been
 * carved. Retype puts its objects at the watermark, rounded up to the object
 * size (every object is naturally aligned), and moves the watermark past
 * them, so no byte is handed out twice while an object lives. The new
 * capabilities become children of the untyped in the derivation tree; once
 * it has none left, every object carved from it is gone, and carving starts
 * again from the beginning of the region.
 *
 * retype_decode finds everything first (the message, the destination slots,
 * the memory) and writes nothing but its plan; only then are the
 * capabilities installed and the memory zeroed: a failed retype changes
 * nothing.
 */
#include "api_decode.h"
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "untyped.h"

/* What a retype will do, worked out before anything is written. */
struct retype_plan {
    paddr_t slot;        /* the first destination slot; the others follow it */
    paddr_t first;       /* the first object; the others follow it */
    uint64_t bytes;      /* each object's size: a power of two that divides `first` */
    uint64_t watermark;  /* the untyped's next watermark: its region's bytes up to the last end */
    uint16_t count;      /* how many objects, at least one */
    uint8_t type;        /* the new capabilities: CAIRN_OBJ_*, */
    uint8_t size_bits;   /* the size argument (0 for fixed-size types), */
    uint8_t is_device;   /* device memory (VMOs from a device untyped only) */
};

/*@ // The i-th destination slot.
    logic integer dest(struct retype_plan p, integer i) = p.slot + i * sizeof(struct slot);

    // What retype_decode promises. The untyped is one the kernel can carve
    // from, and one more level fits below it in the tree. The objects lie
    // inside its region, after its watermark while it has children, and end
    // at the new watermark. The destination slots are empty, and their
    // addresses do not wrap. (One predicate: the provers take it apart more
    // easily than several.)
    predicate plan_ok{L}(integer untyped, struct retype_plan p) =
      untyped_cap(slots_view(untyped)->cap) && successor_ok(untyped) &&
      slots_view(untyped)->depth < UINT64_MAX &&
      p.count >= 1 && creatable(p.type) &&
      p.is_device == slots_view(untyped)->cap.is_device &&
      pow2[CAIRN_UNTYPED_MIN_BITS] <= p.bytes <= pow2[CAIRN_UNTYPED_MAX_BITS] &&
      untyped_carves(untyped, p.first, p.count * p.bytes, p.watermark) &&
      p.first + p.count * p.bytes <= UINT64_MAX &&
      p.slot != 0 && p.slot + p.count * sizeof(struct slot) <= UINT64_MAX &&
      all_empty(p.slot, p.count);

    // The objects of the plan: each as large as its type and size say, and
    // aligned to that size; only VMOs of device memory.
    predicate plan_shape{L}(struct retype_plan p) =
      p.bytes == pow2[object_bits(p.type, p.size_bits)] && p.first % p.bytes == 0 &&
      (p.is_device != 0 ==> p.type == CAIRN_OBJ_VMO);

    // What retype_install needs of the plan (plan_ok implies it): empty
    // destination slots, so that none is the untyped's or its successor.
    predicate install_ok{L}(integer untyped, struct retype_plan p) =
      untyped != 0 && slots_view(untyped)->cap.type != CAP_TYPE_NULL &&
      successor_ok(untyped) && slots_view(untyped)->depth < UINT64_MAX &&
      p.count >= 1 && p.slot != 0 && p.first + p.count * p.bytes <= UINT64_MAX &&
      p.slot + p.count * sizeof(struct slot) <= UINT64_MAX &&
      all_empty(p.slot, p.count);

    // The badge word of the new capabilities: a VMO's size in pages.
    logic integer new_badge(struct retype_plan p) =
      p.type == CAIRN_OBJ_VMO ? p.bytes / PAGE_SIZE : 0;

    // The capability retype_install puts in the j-th destination slot.
    predicate made_cap(struct cap c, struct retype_plan p, integer j) =
      c.type == p.type && c.rights == CAIRN_RIGHTS_ALL && c.size_bits == p.size_bits &&
      c.guard_bits == 0 && c.is_device == p.is_device &&
      c.object == p.first + j * p.bytes && c.badge == new_badge(p) && c.watermark == 0;

    predicate made{L}(struct retype_plan p, integer j) =
      made_cap(slots_view(dest(p, j))->cap, p, j);

*/

/*
 * A lemma as a ghost function: calling it states a * c <= b * c for the very
 * terms of the call. The provers seldom find the instance of a quantified
 * lemma themselves once Qed has rearranged the products.
 */
/*@ ghost
  /@ requires a <= b;
     assigns \nothing;
     ensures a * c <= b * c; @/
  void mul_le(uint64_t a, uint64_t b, uint64_t c) { }
*/

/*
 * The untyped capability in slot `s` is one the kernel can carve from. The
 * last condition holds in every well-formed derivation tree; it is checked,
 * not assumed, so that retype_install's contract needs no proof about the
 * whole tree.
 */
/*@ assigns \nothing;
    ensures \result <==> untyped_cap(slots_view(s)->cap) && successor_ok(s);
*/
static bool untyped_ok(paddr_t s)
{
    const struct slot *n = slot_at(s);
    const struct cap *c = &n->cap;

    if (c->type != CAIRN_OBJ_UNTYPED || c->size_bits < CAIRN_UNTYPED_MIN_BITS ||
        c->size_bits > CAIRN_UNTYPED_MAX_BITS || c->object == 0 || c->object >= PHYS_ADDR_LIMIT)
        return false;
    return n->next == 0 || (n->next != s && slot_at(n->next)->cap.type != CAP_TYPE_NULL);
}

/* A variable-size object: `size_bits` within [min, max]; `unit` more bits for a CNode's slots. */
/*@ requires \valid(bits);
    requires max + unit <= CAIRN_UNTYPED_MAX_BITS;
    assigns *bits;
    ensures \result == CAIRN_ERR_OK <==> min <= size_bits <= max;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_RANGE_ERROR;
    ensures \result == CAIRN_ERR_OK ==> *bits == size_bits + unit;
*/
static cairn_error_t variable_bits(uint8_t size_bits, unsigned min, unsigned max, unsigned unit,
                                   unsigned *bits)
{
    if (size_bits < min || size_bits > max)
        return CAIRN_ERR_RANGE_ERROR;
    *bits = size_bits + unit;
    return CAIRN_ERR_OK;
}

/* A fixed-size object: its size comes from its type, and the argument must be 0. */
/*@ requires \valid(bits);
    assigns *bits;
    ensures \result == CAIRN_ERR_OK <==> size_bits == 0;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_ARGUMENT;
    ensures \result == CAIRN_ERR_OK ==> *bits == object;
*/
static cairn_error_t fixed_bits(uint8_t size_bits, unsigned object, unsigned *bits)
{
    if (size_bits != 0)
        return CAIRN_ERR_INVALID_ARGUMENT;
    *bits = object;
    return CAIRN_ERR_OK;
}

/* log2 of the size in bytes of one object of `type` (spec/api.toml, [objects.*]). */
/*@ requires \valid(bits);
    assigns *bits;
    ensures \result == CAIRN_ERR_OK ==> creatable(type);
    ensures \result == CAIRN_ERR_OK ==> *bits == object_bits(type, size_bits);
    ensures \result == CAIRN_ERR_OK ==>
            CAIRN_UNTYPED_MIN_BITS <= *bits <= CAIRN_UNTYPED_MAX_BITS;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_ARGUMENT ||
            \result == CAIRN_ERR_RANGE_ERROR;
*/
static cairn_error_t object_size_bits(uint8_t type, uint8_t size_bits, unsigned *bits)
{
    switch (type) {
    case CAIRN_OBJ_UNTYPED:
        return variable_bits(size_bits, CAIRN_UNTYPED_MIN_BITS, CAIRN_UNTYPED_MAX_BITS, 0, bits);
    case CAIRN_OBJ_CNODE:
        return variable_bits(size_bits, CAIRN_CNODE_MIN_BITS, CAIRN_CNODE_MAX_BITS,
                             CAIRN_CNODE_UNIT_BITS, bits);
    case CAIRN_OBJ_VMO:
        return variable_bits(size_bits, CAIRN_VMO_MIN_BITS, CAIRN_VMO_MAX_BITS, 0, bits);
    case CAIRN_OBJ_TCB:
        return fixed_bits(size_bits, CAIRN_TCB_SIZE_BITS, bits);
    case CAIRN_OBJ_ENDPOINT:
        return fixed_bits(size_bits, CAIRN_ENDPOINT_SIZE_BITS, bits);
    case CAIRN_OBJ_NOTIFICATION:
        return fixed_bits(size_bits, CAIRN_NOTIFICATION_SIZE_BITS, bits);
    case CAIRN_OBJ_VSPACE:
        return variable_bits(size_bits, CAIRN_VSPACE_MIN_BITS, CAIRN_VSPACE_MAX_BITS, 0, bits);
    default:
        /* Objects that exist once (IRQ control, I/O ports) or are made
         * elsewhere (IRQ handlers) are never retyped. */
        return CAIRN_ERR_INVALID_ARGUMENT;
    }
}

/*
 * The message: the method, its arguments, and what they ask for. `*bits` is
 * log2 of each object's size in bytes.
 */
/*@ requires \valid(a) && \valid(bits) && \separated(a, bits);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(words + (0 .. count - 1), a, bits);
    assigns *a, *bits;
    ensures \result == CAIRN_ERR_OK ==> a->count >= 1 && creatable(a->type);
    ensures \result == CAIRN_ERR_OK ==> *bits == object_bits(a->type, a->size_bits);
    ensures \result == CAIRN_ERR_OK ==>
            CAIRN_UNTYPED_MIN_BITS <= *bits <= CAIRN_UNTYPED_MAX_BITS;
    ensures \result == CAIRN_ERR_OK && device ==> a->type == CAIRN_OBJ_VMO;
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_INVALID_LABEL ||
            \result == CAIRN_ERR_TRUNCATED_MESSAGE || \result == CAIRN_ERR_INVALID_ARGUMENT ||
            \result == CAIRN_ERR_RANGE_ERROR;
*/
static cairn_error_t decode_args(uint64_t label, const uint64_t *words, uint32_t count,
                                 bool device, struct untyped_retype_args *a, unsigned *bits)
{
    cairn_error_t err;

    if (label != CAIRN_LABEL_UNTYPED_RETYPE)
        return CAIRN_ERR_INVALID_LABEL;
    err = decode_untyped_retype(words, count, a);
    if (err != CAIRN_ERR_OK)
        return err;
    err = object_size_bits(a->type, a->size_bits, bits);
    if (err != CAIRN_ERR_OK)
        return err;
    /* Device memory (MMIO) is not RAM: it can only be mapped, as a VMO. */
    if (device && a->type != CAIRN_OBJ_VMO)
        return CAIRN_ERR_INVALID_ARGUMENT;
    if (a->count == 0)
        return CAIRN_ERR_RANGE_ERROR;
    return CAIRN_ERR_OK;
}

/* Slot `s` holds a CNode capability (one whose slots can be addressed). */
/*@ assigns \nothing;
    ensures \result == CAIRN_ERR_OK <==> cnode_cap(slots_view(s)->cap);
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_LOOKUP_EMPTY ||
            \result == CAIRN_ERR_LOOKUP_NOT_CNODE;
*/
static cairn_error_t holds_cnode(paddr_t s)
{
    const struct cap *c = &slot_at(s)->cap;

    if (c->type == CAP_TYPE_NULL)
        return CAIRN_ERR_LOOKUP_EMPTY;
    if (c->type != CAIRN_OBJ_CNODE || !cnode_addressable(c))
        return CAIRN_ERR_LOOKUP_NOT_CNODE;
    return CAIRN_ERR_OK;
}

/* The destination CNode: `root` names a CNode in the caller's CSpace, and
 * `index` (`depth` bits) one from there; depth 0 names `root` itself. */
/*@ requires \valid_read(cspace) && \valid(out) && \separated(out, cspace);
    requires \forall integer s; \separated(out, slots_view(s));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> cnode_cap(slots_view(*out)->cap);
*/
static cairn_error_t lookup_cnode(const struct cap *cspace, cairn_cptr_t root, uint64_t index,
                                  uint8_t depth, paddr_t *out)
{
    paddr_t root_slot = 0, found = 0;
    cairn_error_t err = cspace_lookup(cspace, root, &root_slot);

    if (err != CAIRN_ERR_OK)
        return err;
    err = holds_cnode(root_slot);
    if (err != CAIRN_ERR_OK)
        return err;
    if (depth == 0) {
        *out = root_slot;
        return CAIRN_ERR_OK;
    }
    err = cnode_resolve(&slot_at(root_slot)->cap, index, depth, &found);
    if (err != CAIRN_ERR_OK)
        return err;
    err = holds_cnode(found);
    if (err != CAIRN_ERR_OK)
        return err;
    *out = found;
    return CAIRN_ERR_OK;
}

/* Whether the `n` slots from `first` on are all empty. */
/*@ requires first + n * sizeof(struct slot) <= UINT64_MAX;
    assigns \nothing;
    ensures \result ==> all_empty(first, n);
    ensures !\result ==> !all_empty(first, n);
*/
static bool slots_empty(paddr_t first, uint32_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer j; 0 <= j < i ==>
                         slots_view(first + j * sizeof(struct slot))->cap.type == CAP_TYPE_NULL;
        loop assigns i;
        loop variant n - i;
    */
    for (uint32_t i = 0; i < n; i++) {
        if (slot_at(first + i * sizeof(struct slot))->cap.type != CAP_TYPE_NULL)
            return false;
    }
    return true;
}

/* 2^radix, the slots of a CNode. */
/*@ requires CAIRN_CNODE_MIN_BITS <= radix <= CAIRN_CNODE_MAX_BITS;
    assigns \nothing;
    ensures \result == pow2[radix] && \result <= pow2[CAIRN_CNODE_MAX_BITS];
*/
static uint64_t slots_of(unsigned radix)
{
    return pow2[radix];
}

/* Slots `offset` .. `offset + count - 1` of the CNode `cn`: they must exist and be empty. */
/*@ requires \valid_read(cn) && cnode_cap(*cn);
    requires \valid(out) && \separated(out, cn);
    requires \forall integer s; \separated(out, slots_view(s));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> offset + count <= pow2[cn->size_bits];
    ensures \result == CAIRN_ERR_OK ==> *out == cn->object + offset * sizeof(struct slot);
    ensures \result == CAIRN_ERR_OK ==> in_cnode(*cn, *out, count);
    ensures \result == CAIRN_ERR_OK ==> *out + count * sizeof(struct slot) <= UINT64_MAX;
    ensures \result == CAIRN_ERR_OK ==> all_empty(*out, count);
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_RANGE_ERROR ||
            \result == CAIRN_ERR_DELETE_FIRST;
*/
static cairn_error_t destination_slots(const struct cap *cn, uint64_t offset, uint16_t count,
                                       paddr_t *out)
{
    uint64_t slots = slots_of(cn->size_bits);
    paddr_t first;

    if (offset > slots || count > slots - offset)
        return CAIRN_ERR_RANGE_ERROR;
    first = cn->object + offset * sizeof(struct slot);
    if (!slots_empty(first, count))
        return CAIRN_ERR_DELETE_FIRST;
    *out = first;
    return CAIRN_ERR_OK;
}

/* The `count` empty slots the arguments `a` name, the first in `*out`. */
/*@ requires \valid_read(cspace) && \valid_read(a) && \valid(out);
    requires \separated(out, cspace, a);
    requires \forall integer s; \separated(out, slots_view(s));
    assigns *out;
    ensures \result == CAIRN_ERR_OK ==> *out != 0;
    ensures \result == CAIRN_ERR_OK ==> \exists integer c;
              cnode_cap(slots_view(c)->cap) && in_cnode(slots_view(c)->cap, *out, a->count);
    ensures \result == CAIRN_ERR_OK ==> *out + a->count * sizeof(struct slot) <= UINT64_MAX;
    ensures \result == CAIRN_ERR_OK ==> all_empty(*out, a->count);
*/
static cairn_error_t lookup_destination(const struct cap *cspace,
                                        const struct untyped_retype_args *a, paddr_t *out)
{
    paddr_t cnode = 0;
    cairn_error_t err = lookup_cnode(cspace, a->root, a->index, a->depth, &cnode);

    if (err != CAIRN_ERR_OK)
        return err;
    return destination_slots(&slot_at(cnode)->cap, a->offset, a->count, out);
}

/* 2^bits, for the sizes retype deals in. */
/*@ requires CAIRN_UNTYPED_MIN_BITS <= bits <= CAIRN_UNTYPED_MAX_BITS;
    assigns \nothing;
    ensures \result == pow2[bits];
    ensures pow2[CAIRN_UNTYPED_MIN_BITS] <= \result <= pow2[CAIRN_UNTYPED_MAX_BITS];
*/
static uint64_t bytes_of(unsigned bits)
{
    return pow2[bits];
}

/* `x` rounded up to a multiple of `align`. */
/*@ requires 0 < align <= pow2[CAIRN_UNTYPED_MAX_BITS] && x <= PHYS_ADDR_LIMIT * 2;
    assigns \nothing;
    ensures \result % align == 0;
    ensures x <= \result < x + align;
*/
static uint64_t align_up(uint64_t x, uint64_t align)
{
    uint64_t q = x / align;

    if (x % align != 0)
        q++;
    return q * align;
}

/*
 * Where `count` objects of `bytes` bytes each go in the untyped `u`: from
 * the watermark on, or from the start of the region if it is `fresh`
 * (nothing carved from it is left), rounded up to the object size.
 * `*end` is the end of the last one.
 */
/*@ requires \valid_read(u) && untyped_cap(*u);
    requires pow2[CAIRN_UNTYPED_MIN_BITS] <= bytes <= pow2[CAIRN_UNTYPED_MAX_BITS];
    requires count >= 1;
    requires \valid(first) && \valid(end) && \separated(first, end, u);
    assigns *first, *end;
    ensures \result == CAIRN_ERR_OK ==> u->object <= *first;
    ensures \result == CAIRN_ERR_OK ==> *first % bytes == 0;
    ensures \result == CAIRN_ERR_OK && !fresh ==> *first >= u->object + u->watermark;
    ensures \result == CAIRN_ERR_OK ==> *end == *first + count * bytes && *first <= *end;
    ensures \result == CAIRN_ERR_OK ==> *end <= u->object + pow2[u->size_bits];
    ensures \result == CAIRN_ERR_OK || \result == CAIRN_ERR_NOT_ENOUGH_MEMORY;
*/
static cairn_error_t place_objects(const struct cap *u, bool fresh, uint64_t bytes,
                                   uint16_t count, paddr_t *first, paddr_t *end)
{
    uint64_t size = bytes_of(u->size_bits), total;
    uint64_t start = fresh ? 0 : u->watermark;
    paddr_t limit = u->object + size, at;

    /* The kernel never moves the watermark past the end; checking it keeps
     * the sums below from overflowing whatever the capability says. */
    if (start > size)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    at = align_up(u->object + start, bytes);
    if (at > limit)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    /* At most 2^16 objects of at most 2^47 bytes: no overflow. */
    //@ ghost mul_le(count, UINT16_MAX, bytes);
    total = count * bytes;
    if (total > limit - at)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    *first = at;
    *end = at + total;
    return CAIRN_ERR_OK;
}

/*
 * Decode a retype of the untyped capability in slot `untyped` completely,
 * into `*plan`, writing nothing else.
 */
/*@ requires \valid_read(cspace) && \valid(plan) && \separated(plan, cspace);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(plan, words + (0 .. count - 1));
    assigns *plan;
    ensures \result == CAIRN_ERR_OK ==> plan_ok{Pre}(untyped, *plan) && plan_shape(*plan);
*/
static cairn_error_t retype_decode(const struct cap *cspace, paddr_t untyped, uint64_t label,
                                   const uint64_t *words, uint32_t count,
                                   struct retype_plan *plan)
{
    const struct slot *u = slot_at(untyped);
    struct untyped_retype_args a;
    paddr_t slot = 0, first = 0, end = 0;
    uint64_t bytes;
    unsigned bits = 0;
    struct retype_plan p;
    cairn_error_t err;

    if (!untyped_ok(untyped))
        return CAIRN_ERR_INVALID_CAPABILITY;
    if (!cap_has_rights(&u->cap, CAIRN_RIGHT_MANAGE))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    err = decode_args(label, words, count, u->cap.is_device != 0, &a, &bits);
    if (err != CAIRN_ERR_OK)
        return err;
    err = lookup_destination(cspace, &a, &slot);
    if (err != CAIRN_ERR_OK)
        return err;
    /* Each new capability goes one level below the untyped (cdt_insert).
     * No tree is that deep, but the bound is checked, not assumed. */
    if (u->depth == UINT64_MAX)
        return CAIRN_ERR_RANGE_ERROR;
    bytes = bytes_of(bits);
    err = place_objects(&u->cap, !cdt_has_children(untyped), bytes, a.count, &first, &end);
    if (err != CAIRN_ERR_OK)
        return err;
    /* Built whole and stored at once, so that the provers see *plan as
     * this one value, of which the assertions say what the contract does. */
    p.slot = slot;
    p.first = first;
    p.bytes = bytes;
    p.watermark = end - u->cap.object;
    p.count = a.count;
    p.type = a.type;
    p.size_bits = a.size_bits;
    p.is_device = u->cap.is_device;
    //@ assert plan_ok{Pre}(untyped, p) && plan_shape(p);
    *plan = p;
    return CAIRN_ERR_OK;
}

/* The capability to a new object: every right, nothing carved, no badge
 * (a VMO's badge word is its size in pages: the whole object). */
/*@ assigns \nothing;
    ensures \result.type == p.type && \result.rights == CAIRN_RIGHTS_ALL;
    ensures \result.size_bits == p.size_bits && \result.guard_bits == 0;
    ensures \result.is_device == p.is_device && \result.object == object;
    ensures \result.badge == new_badge(p) && \result.watermark == 0;
*/
static struct cap new_cap(struct retype_plan p, paddr_t object)
{
    struct cap c;

    /* Field by field: WP knows nothing of a zero-initialised local struct. */
    c.type = p.type;
    c.rights = CAIRN_RIGHTS_ALL;
    c.size_bits = p.size_bits;
    c.guard_bits = 0;
    c.is_device = p.is_device;
    c.reserved[0] = c.reserved[1] = c.reserved[2] = 0;
    c.object = object;
    c.badge = p.type == CAIRN_OBJ_VMO ? p.bytes / PAGE_SIZE : 0;
    c.watermark = 0;
    return c;
}

/*
 * Put the capability to object `object` into the i-th destination slot, as
 * a child of the untyped: right after it (cdt_insert), where the one before
 * was. A function of its own, so that the provers see cdt_insert's contract
 * only here, and only this contract in retype_install's loop.
 */
/*@ requires i < p.count && p.slot + p.count * sizeof(struct slot) <= UINT64_MAX;
    requires object == p.first + i * p.bytes;
    requires dest(p, i) != untyped;
    requires slots_view(untyped)->next != untyped && slots_view(untyped)->next != dest(p, i);
    requires slots_view(untyped)->depth < UINT64_MAX;
    assigns *slots_view(dest(p, i)), slots_view(untyped)->next,
            slots_view(slots_view(untyped)->next)->prev;
    ensures made(p, i);
    ensures slots_view(untyped)->next == dest(p, i);
    ensures slots_view(untyped)->depth == \old(slots_view(untyped)->depth);
    ensures slots_view(dest(p, i))->depth > slots_view(untyped)->depth;
*/
static void install_one(paddr_t untyped, struct retype_plan p, uint32_t i, paddr_t object)
{
    paddr_t s = p.slot + i * sizeof(struct slot);

    /* The provers find these from the SlotView axiom only when asked. */
    //@ assert \separated(slots_view(untyped), slots_view(s));
    //@ assert \separated(slots_view(untyped), slots_view(slots_view(untyped)->next));
    cdt_insert(untyped, s, new_cap(p, object));
}

/*
 * One step of retype_install's loop: install_one, and the capabilities put
 * in the earlier destination slots are still there. Apart from the loop
 * and from cdt_insert, so that each proof sees only what it needs.
 */
/*@ requires i < p.count && p.slot + p.count * sizeof(struct slot) <= UINT64_MAX;
    requires object == p.first + i * p.bytes;
    requires \forall integer j; 0 <= j < p.count ==> dest(p, j) != untyped;
    requires slots_view(untyped)->next != untyped && slots_view(untyped)->next != dest(p, i);
    requires slots_view(untyped)->depth < UINT64_MAX;
    requires \forall integer j; 0 <= j < i ==> made(p, j);
    assigns *slots_view(dest(p, i)), slots_view(untyped)->next,
            slots_view(slots_view(untyped)->next)->prev;
    ensures made(p, i);
    ensures \forall integer j; 0 <= j < i ==> made(p, j);
    ensures slots_view(untyped)->next == dest(p, i);
    ensures slots_view(untyped)->depth == \old(slots_view(untyped)->depth);
    ensures slots_view(dest(p, i))->depth > slots_view(untyped)->depth;
*/
static void install_step(paddr_t untyped, struct retype_plan p, uint32_t i, paddr_t object)
{
    /* The provers find these from the SlotView axiom only when asked. */
    /*@ assert \forall integer j; 0 <= j < i ==>
          \separated(slots_view(dest(p, j)), slots_view(dest(p, i))); */
    /*@ assert \forall integer j; 0 <= j < i ==>
          \separated(slots_view(dest(p, j)), slots_view(untyped)); */
    /*@ assert \forall integer j; 0 <= j < i && dest(p, j) != slots_view(untyped)->next ==>
          \separated(slots_view(dest(p, j)), slots_view(slots_view(untyped)->next)); */
    install_one(untyped, p, i, object);
    /*@ assert \forall integer j; 0 <= j < i ==>
          slots_view(dest(p, j))->cap == \at(slots_view(dest(p, j))->cap, Pre); */
}

/*
 * Put a capability to each new object into its slot, as a child of the
 * untyped, and move the watermark past them. Cannot fail.
 */
/*@ requires install_ok(untyped, p);
    assigns { *slots_view(dest(p, j)) | integer j; 0 <= j < p.count },
            slots_view(untyped)->next, slots_view(slots_view(untyped)->next)->prev,
            slots_view(untyped)->cap.watermark;
    ensures slots_view(untyped)->cap.watermark == p.watermark;
    ensures \forall integer j; 0 <= j < p.count ==> made(p, j);
    ensures has_children(untyped);
*/
static void retype_install(paddr_t untyped, struct retype_plan p)
{
    paddr_t object = p.first;
    uint32_t i;

    /* What cdt_insert's in_a_list behaviour needs: the destinations are
     * empty, so none is the untyped's slot or its successor. */
    /*@ assert \forall integer j; 0 <= j < p.count ==>
          slots_view(dest(p, j))->cap.type == CAP_TYPE_NULL; */
    //@ assert \forall integer j; 0 <= j < p.count ==> dest(p, j) != 0;
    /*@ assert slots_view(untyped)->next == 0 ||
               slots_view(slots_view(untyped)->next)->cap.type != CAP_TYPE_NULL; */
    //@ assert \forall integer j; 0 <= j < p.count ==> dest(p, j) != untyped;
    //@ assert \forall integer j; 0 <= j < p.count ==> dest(p, j) != slots_view(untyped)->next;
    /*@ assert \forall integer j; 0 <= j < p.count ==>
          \separated(slots_view(dest(p, j)), slots_view(untyped)); */
    /*@ loop invariant 0 <= i <= p.count;
        loop invariant object == p.first + i * p.bytes;
        loop invariant slots_view(untyped)->depth == \at(slots_view(untyped)->depth, Pre);
        loop invariant i == 0 ==>
                       slots_view(untyped)->next == \at(slots_view(untyped)->next, Pre);
        loop invariant i > 0 ==> slots_view(untyped)->next == dest(p, i - 1);
        loop invariant i > 0 ==> slots_view(dest(p, i - 1))->depth > slots_view(untyped)->depth;
        loop invariant \forall integer j; 0 <= j < i ==> made(p, j);
        loop assigns i, object, { *slots_view(dest(p, j)) | integer j; 0 <= j < p.count },
                     slots_view(untyped)->next,
                     slots_view(\at(slots_view(untyped)->next, Pre))->prev;
        loop variant p.count - i;
    */
    for (i = 0; i < p.count; i++) {
        install_step(untyped, p, i, object);
        //@ ghost mul_le(i + 1, p.count, p.bytes);
        object += p.bytes;
    }
    slot_at(untyped)->cap.watermark = p.watermark;
}

/* Fill `n` bytes at `p` with zeros. */
/*@ requires \valid(p + (0 .. n - 1));
    assigns p[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> p[i] == 0;
*/
static void zero_bytes(char *p, uint64_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant \forall integer j; 0 <= j < i ==> p[j] == 0;
        loop assigns i, p[0 .. n - 1];
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        p[i] = 0;
}

/*
 * Zero `bytes` bytes of physical memory at `pa`, through the direct map.
 * No assigns clause: the logic has no name for the direct map's bytes
 * (arch_phys_to_virt in arch.h), so callers must take it that any memory
 * may change; this is why retype zeroes last, after its proved part.
 */
/*@ requires bytes > 0; */
static void zero_memory(paddr_t pa, uint64_t bytes)
{
    zero_bytes(arch_phys_to_virt(pa, bytes), bytes);
}

/*
 * Invoke the untyped capability in slot `untyped`: its only method is
 * retype. A failed invocation changes no slot.
 */
/*@ requires \valid_read(cspace) && untyped != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    ensures \result != CAIRN_ERR_OK ==> \forall integer s; *slots_view(s) == \old(*slots_view(s));
*/
cairn_error_t untyped_invoke(const struct cap *cspace, paddr_t untyped, uint64_t label,
                             const uint64_t *words, uint32_t count)
{
    struct retype_plan plan;
    cairn_error_t err = retype_decode(cspace, untyped, label, words, count, &plan);

    if (err != CAIRN_ERR_OK)
        return err;
    retype_install(untyped, plan);
    /* Device memory is not RAM: what it holds belongs to the device. A new
     * untyped region is not zeroed either: nothing reads it, and what is
     * carved from it is zeroed then, so splitting a large region does not
     * zero all of it at once. */
    //@ ghost mul_le(1, plan.count, plan.bytes);
    if (!plan.is_device && plan.type != CAIRN_OBJ_UNTYPED)
        zero_memory(plan.first, (uint64_t)plan.count * plan.bytes);
    return CAIRN_ERR_OK;
}
