/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O ports, x86_64 only (spec/objects.md, "I/O ports"). I/O port control
 * issues capabilities over ranges of ports, and a thread reads and writes
 * the ports of its range through them, 1, 2 or 4 bytes at a time; the
 * kernel makes each access, so no thread ever runs with I/O privilege. A
 * capability names its first port in `object` and its last in `badge`,
 * which derivation copies and mint cannot change (mint sets badges only on
 * endpoints and notifications), so a copy covers the same ports or is
 * refused.
 */
#include "api_decode.h"
#include "cdt.h"
#include "cnode.h"
#include "io_port.h"

#ifdef CAIRN_HAS_IO_PORTS

/* io_port_control.issue, decoded: the range and the empty slot its capability goes in. */
struct port_issue_plan {
    uint16_t first;
    uint16_t last;
    paddr_t dest;
};

/*
 * Decode io_port_control.issue on the capability in slot `control`: a
 * range that is not empty, and an empty destination. Writes nothing but *plan.
 */
/*@ requires \valid_read(cspace) && \valid(plan) && \separated(plan, cspace);
    requires \forall integer s; \separated(plan, slots_view(s));
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(plan, words + (0 .. count - 1));
    assigns *plan;
    ensures \result == CAIRN_ERR_OK ==> plan->first <= plan->last;
    ensures \result == CAIRN_ERR_OK ==> slots_view(plan->dest)->cap.type == CAP_TYPE_NULL;
    ensures \result == CAIRN_ERR_OK ==> slots_view(control)->depth < UINT64_MAX;
*/
static cairn_error_t port_issue_decode(const struct cap *cspace, paddr_t control,
                                       const uint64_t *words, uint32_t count,
                                       struct port_issue_plan *plan)
{
    struct io_port_control_issue_args a;
    cairn_error_t err = decode_io_port_control_issue(words, count, &a);

    if (err != CAIRN_ERR_OK)
        return err;
    if (a.first > a.last)
        return CAIRN_ERR_RANGE_ERROR;
    /* Checked, not assumed, as for every derivation (irq.c). */
    if (slot_at(control)->depth == UINT64_MAX)
        return CAIRN_ERR_RANGE_ERROR;
    err = cspace_lookup_empty(cspace, a.root, a.index, a.depth, &plan->dest);
    if (err != CAIRN_ERR_OK)
        return err;
    plan->first = a.first;
    plan->last = a.last;
    return CAIRN_ERR_OK;
}

/* The I/O port capability, all rights, as a child of the control capability. */
/*@ requires slots_view(control)->depth < UINT64_MAX && plan.first <= plan.last;
    assigns *slots_view(plan.dest), slots_view(control)->next,
            slots_view(slots_view(control)->next)->prev;
*/
static void port_issue_install(paddr_t control, struct port_issue_plan plan)
{
    struct cap c;

    c.type = CAIRN_OBJ_IO_PORT;
    c.rights = CAIRN_RIGHTS_ALL;
    c.size_bits = 0;
    c.guard_bits = 0;
    c.is_device = 0;
    c.object = plan.first;
    c.badge = plan.last;
    c.watermark = 0;
    cdt_insert(control, plan.dest, c);
}

/*
 * Invoke the I/O port control capability in slot `control`: its only
 * method is issue. A failed invocation changes no slot.
 */
/*@ requires \valid_read(cspace) && control != 0;
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns { *slots_view(a) | integer a; \true };
    ensures \result != CAIRN_ERR_OK ==> \forall integer s; *slots_view(s) == \old(*slots_view(s));
*/
cairn_error_t io_port_control_invoke(const struct cap *cspace, paddr_t control, uint64_t label,
                                     const uint64_t *words, uint32_t count)
{
    struct port_issue_plan plan;
    cairn_error_t err;

    if (label != CAIRN_LABEL_IO_PORT_CONTROL_ISSUE)
        return CAIRN_ERR_INVALID_LABEL;
    err = port_issue_decode(cspace, control, words, count, &plan);
    if (err != CAIRN_ERR_OK)
        return err;
    port_issue_install(control, plan);
    return CAIRN_ERR_OK;
}

/* One access, decoded: `bytes` at `port`, and for a write the value. */
struct port_access {
    uint16_t port;
    uint8_t bytes;
    bool write;
    uint32_t value;
};

/*@ // The capability `c` covers the `bytes` ports from `port` on.
    predicate port_covered(struct cap c, integer port, integer bytes) =
      c.object <= port && port + bytes - 1 <= c.badge;

    // How many ports a method touches.
    logic integer port_width(integer label) =
      label == CAIRN_LABEL_IO_PORT_IN8 || label == CAIRN_LABEL_IO_PORT_OUT8 ? 1 :
      label == CAIRN_LABEL_IO_PORT_IN16 || label == CAIRN_LABEL_IO_PORT_OUT16 ? 2 : 4;

    predicate port_reads(integer label) =
      label == CAIRN_LABEL_IO_PORT_IN8 || label == CAIRN_LABEL_IO_PORT_IN16 ||
      label == CAIRN_LABEL_IO_PORT_IN32;

    predicate port_writes(integer label) =
      label == CAIRN_LABEL_IO_PORT_OUT8 || label == CAIRN_LABEL_IO_PORT_OUT16 ||
      label == CAIRN_LABEL_IO_PORT_OUT32;
*/

/*@ requires \valid(a);
    requires bytes == 1 || bytes == 2 || bytes == 4;
    assigns *a;
    ensures a->port == port && a->bytes == bytes && a->write == write && a->value == value;
    ensures \result == CAIRN_ERR_OK;
*/
static cairn_error_t port_access_set(struct port_access *a, uint16_t port, uint8_t bytes,
                                     bool write, uint32_t value)
{
    a->port = port;
    a->bytes = bytes;
    a->write = write;
    a->value = value;
    return CAIRN_ERR_OK;
}

/* The message of in8 .. out32, each through its method's own decoder. */
/*@ requires \valid(a);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(a, words + (0 .. count - 1));
    assigns *a;
    ensures \result == CAIRN_ERR_OK ==> count >= 1 && a->port == words[0];
    ensures \result == CAIRN_ERR_OK ==> a->bytes == port_width(label);
    ensures \result == CAIRN_ERR_OK ==> (a->write <==> port_writes(label));
*/
static cairn_error_t port_access_decode(uint64_t label, const uint64_t *words, uint32_t count,
                                        struct port_access *a)
{
    struct io_port_in8_args in8;
    struct io_port_in16_args in16;
    struct io_port_in32_args in32;
    struct io_port_out8_args out8;
    struct io_port_out16_args out16;
    struct io_port_out32_args out32;
    cairn_error_t err;

    switch (label) {
    case CAIRN_LABEL_IO_PORT_IN8:
        err = decode_io_port_in8(words, count, &in8);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, in8.port, 1, false, 0);
    case CAIRN_LABEL_IO_PORT_IN16:
        err = decode_io_port_in16(words, count, &in16);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, in16.port, 2, false, 0);
    case CAIRN_LABEL_IO_PORT_IN32:
        err = decode_io_port_in32(words, count, &in32);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, in32.port, 4, false, 0);
    case CAIRN_LABEL_IO_PORT_OUT8:
        err = decode_io_port_out8(words, count, &out8);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, out8.port, 1, true, out8.value);
    case CAIRN_LABEL_IO_PORT_OUT16:
        err = decode_io_port_out16(words, count, &out16);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, out16.port, 2, true, out16.value);
    case CAIRN_LABEL_IO_PORT_OUT32:
        err = decode_io_port_out32(words, count, &out32);
        return err != CAIRN_ERR_OK ? err : port_access_set(a, out32.port, 4, true, out32.value);
    default:
        return CAIRN_ERR_INVALID_LABEL;
    }
}

/* The right a method needs (reads READ, writes WRITE), or 0 for a label
 * that is no method of an I/O port. */
/*@ assigns \nothing;
    ensures port_reads(label) ==> \result == CAIRN_RIGHT_READ;
    ensures port_writes(label) ==> \result == CAIRN_RIGHT_WRITE;
    ensures !port_reads(label) && !port_writes(label) ==> \result == 0;
*/
static cairn_rights_t port_right(uint64_t label)
{
    switch (label) {
    case CAIRN_LABEL_IO_PORT_IN8:
    case CAIRN_LABEL_IO_PORT_IN16:
    case CAIRN_LABEL_IO_PORT_IN32:
        return CAIRN_RIGHT_READ;
    case CAIRN_LABEL_IO_PORT_OUT8:
    case CAIRN_LABEL_IO_PORT_OUT16:
    case CAIRN_LABEL_IO_PORT_OUT32:
        return CAIRN_RIGHT_WRITE;
    default:
        return 0;
    }
}

/*
 * Decode an access through the I/O port capability `c`: the right its
 * direction needs, the message, and every port it touches inside the
 * capability's range (RANGE_ERROR). Writes nothing but *a.
 */
/*@ requires \valid_read(c) && \valid(a) && \separated(a, c);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    requires count > 0 ==> \separated(a, words + (0 .. count - 1));
    assigns *a;
    ensures port_reads(label) && !rights_within(CAIRN_RIGHT_READ, c->rights) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
    ensures port_writes(label) && !rights_within(CAIRN_RIGHT_WRITE, c->rights) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
    ensures \result == CAIRN_ERR_OK ==> port_reads(label) || port_writes(label);
    ensures \result == CAIRN_ERR_OK ==> a->bytes == 1 || a->bytes == 2 || a->bytes == 4;
    ensures \result == CAIRN_ERR_OK ==> port_covered(*c, words[0], port_width(label));
    ensures \result == CAIRN_ERR_OK ==> (a->write <==> port_writes(label));
*/
static cairn_error_t port_decode(const struct cap *c, uint64_t label, const uint64_t *words,
                                 uint32_t count, struct port_access *a)
{
    cairn_rights_t right = port_right(label);
    cairn_error_t err;

    if (right == 0)
        return CAIRN_ERR_INVALID_LABEL;
    if (!cap_has_rights(c, right))
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    err = port_access_decode(label, words, count, a);
    if (err != CAIRN_ERR_OK)
        return err;
    if (a->port < c->object || (uint64_t)a->port + a->bytes - 1 > c->badge)
        return CAIRN_ERR_RANGE_ERROR;
    return CAIRN_ERR_OK;
}

/* Make a decoded access; a read's value goes to *out. */
/*@ requires \valid(out);
    requires a.bytes == 1 || a.bytes == 2 || a.bytes == 4;
    assigns *out;
*/
static void port_perform(struct port_access a, uint64_t *out)
{
    if (a.write)
        arch_port_out(a.port, a.bytes, a.value);
    else
        *out = arch_port_in(a.port, a.bytes);
}

/*
 * Invoke the I/O port capability `c` with method `label`: a read replies
 * with one word, a write with none. The capability covers every port an
 * access touches, or nothing is touched.
 */
/*@ requires \valid_read(c) && \valid(out + (0 .. CAIRN_MSG_MAX_WORDS - 1)) && \valid(out_count);
    requires \separated(out + (0 .. CAIRN_MSG_MAX_WORDS - 1), out_count, c);
    requires count <= CAIRN_MSG_MAX_WORDS;
    requires count > 0 ==> \valid_read(words + (0 .. count - 1));
    assigns out[0], *out_count;
    ensures *out_count <= 1;
    ensures port_reads(label) && !rights_within(CAIRN_RIGHT_READ, \old(c->rights)) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
    ensures port_writes(label) && !rights_within(CAIRN_RIGHT_WRITE, \old(c->rights)) ==>
            \result == CAIRN_ERR_INSUFFICIENT_RIGHTS;
    ensures \result == CAIRN_ERR_OK ==> port_covered(\old(*c), \old(words[0]), port_width(label));
    ensures \result == CAIRN_ERR_OK ==> (*out_count == 1 <==> port_reads(label));
*/
cairn_error_t io_port_invoke(const struct cap *c, uint64_t label, const uint64_t *words,
                             uint32_t count, uint64_t *out, uint32_t *out_count)
{
    struct port_access a;
    cairn_error_t err = port_decode(c, label, words, count, &a);

    *out_count = 0;
    if (err != CAIRN_ERR_OK)
        return err;
    port_perform(a, &out[0]);
    if (!a.write)
        *out_count = 1;
    return CAIRN_ERR_OK;
}

#endif
