/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages (spec/objects.md, "IPC"): a label, words in the message
 * registers and then in the IPC buffer, and capabilities named in the
 * sender's IPC buffer that go into the slots the receiver's IPC buffer
 * offers. The same code carries method invocations' replies and IPC.
 */
#include "bits.h"
#include "cdt.h"
#include "cnode.h"
#include "kernel.h"
#include "message.h"

/* Labels have the bits of msginfo above CAIRN_MSGINFO_LABEL_SHIFT. */
#define LABEL_LIMIT ((uint64_t)1 << (64 - CAIRN_MSGINFO_LABEL_SHIFT))

/*@ requires t != 0;
    assigns tcb_view(t)->context;
*/
void message_status(paddr_t t, cairn_error_t err)
{
    arch_user_reg_set(&arch_tcb_at(t)->context, USER_REG_SYSCALL, err);
}

/*
 * The registers of a message: its info word (label, `caps`, a length of
 * `count` words), the badge, and the first words from `words` in the
 * message registers.
 */
/*@ requires \valid(c) && count <= CAIRN_MSG_MAX_WORDS && caps <= CAIRN_MSG_MAX_CAPS;
    requires \valid_read(words + (0 .. USER_MSG_REGS - 1));
    requires \separated(c, words + (0 .. USER_MSG_REGS - 1));
    assigns *c, arch_console_log;
*/
static void message_registers(struct user_context *c, uint64_t label, uint32_t caps,
                              const uint64_t *words, uint32_t count, uint64_t badge)
{
    uint32_t regs = count < USER_MSG_REGS ? count : USER_MSG_REGS, i;

    if (label >= LABEL_LIMIT)
        panic("message: a label wider than its field");
    /* CAIRN_MSGINFO(label, caps, count), as products: provers handle them better than shifts. */
    arch_user_reg_set(c, USER_REG_MSGINFO, label * ((uint64_t)1 << CAIRN_MSGINFO_LABEL_SHIFT) +
                                           caps * ((uint64_t)1 << CAIRN_MSGINFO_LENGTH_BITS) + count);
    arch_user_reg_set(c, USER_REG_CPTR, badge);
    /*@ loop invariant 0 <= i <= regs;
        loop assigns i, *c;
        loop variant regs - i;
    */
    for (i = 0; i < regs; i++)
        arch_user_reg_set(c, USER_REG_MSG0 + i, words[i]);
}

/* The words of a message beyond the message registers: into the IPC
 * buffer at `buffer`, as the user reads them (little-endian words). */
/*@ requires buffer != 0 && USER_MSG_REGS < count <= CAIRN_MSG_MAX_WORDS;
    requires \valid_read(words + (0 .. count - 1));
    assigns bytes_view(buffer)[0 .. 8 * CAIRN_MSG_MAX_WORDS - 1];
*/
static void message_buffer(paddr_t buffer, const uint64_t *words, uint32_t count)
{
    uint8_t *bytes = arch_bytes_at(buffer, 8 * CAIRN_MSG_MAX_WORDS);
    uint32_t i;

    /*@ loop invariant USER_MSG_REGS <= i <= count;
        loop assigns i, bytes_view(buffer)[0 .. 8 * CAIRN_MSG_MAX_WORDS - 1];
        loop variant count - i;
    */
    for (i = USER_MSG_REGS; i < count; i++)
        put_le(bytes + 8 * i, 8, words[i]);
}

/*
 * Give thread `t` a message: `count` words from `words`, the first in the
 * message registers and the rest in its IPC buffer. Without an IPC buffer
 * it gets only what the registers hold, and the length says so.
 */
/*@ requires t != 0 && caps <= CAIRN_MSG_MAX_CAPS;
    requires \valid_read(words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    requires \separated(tcb_view(t), words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    assigns tcb_view(t)->context, arch_console_log,
            bytes_view(tcb_view(t)->ipc_buffer)[0 .. 8 * CAIRN_MSG_MAX_WORDS - 1];
*/
void message_write(paddr_t t, uint64_t label, uint32_t caps, const uint64_t *words,
                   uint32_t count, uint64_t badge)
{
    struct tcb *tcb = arch_tcb_at(t);
    paddr_t buffer = tcb->ipc_buffer;

    if (count > CAIRN_MSG_MAX_WORDS)
        count = CAIRN_MSG_MAX_WORDS;
    if (buffer == 0 && count > USER_MSG_REGS)
        count = USER_MSG_REGS;
    message_registers(&tcb->context, label, caps, words, count, badge);
    if (count > USER_MSG_REGS)
        message_buffer(buffer, words, count);
}

/*
 * The words of the message thread `t` sends: the first ones in registers,
 * the rest in its IPC buffer. Without an IPC buffer only the registers
 * count, and a method that needs more gets TRUNCATED_MESSAGE.
 */
/*@ requires \valid_read(t) && \valid(words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    requires \separated(t, words + (0 .. CAIRN_MSG_MAX_WORDS - 1));
    assigns words[0 .. CAIRN_MSG_MAX_WORDS - 1];
    ensures \result <= CAIRN_MSG_MAX_WORDS;
*/
uint32_t message_read(const struct tcb *t, uint64_t info, uint64_t *words)
{
    uint32_t count = (uint32_t)CAIRN_MSGINFO_LENGTH(info);
    const uint64_t *buffer;
    uint32_t i;

    if (count > CAIRN_MSG_MAX_WORDS)
        count = CAIRN_MSG_MAX_WORDS;
    if (t->ipc_buffer == 0 && count > USER_MSG_REGS)
        count = USER_MSG_REGS;
    /*@ loop invariant 0 <= i <= USER_MSG_REGS;
        loop assigns i, words[0 .. USER_MSG_REGS - 1];
        loop variant USER_MSG_REGS - i;
    */
    for (i = 0; i < USER_MSG_REGS; i++)
        words[i] = arch_user_reg(&t->context, USER_REG_MSG0 + i);
    if (count <= USER_MSG_REGS)
        return count;
    buffer = arch_words_at(t->ipc_buffer, CAIRN_MSG_MAX_WORDS);
    /*@ loop invariant USER_MSG_REGS <= i <= count;
        loop assigns i, words[USER_MSG_REGS .. CAIRN_MSG_MAX_WORDS - 1];
        loop variant count - i;
    */
    for (i = USER_MSG_REGS; i < count; i++)
        words[i] = buffer[i];
    return count;
}

/*
 * The slot of the `i`th capability thread `t` sends, and the capability
 * it would pass on (cap_derive keeping every right): what both a send's
 * decode and the transfer check.
 */
/*@ requires t != 0 && i < CAIRN_MSG_MAX_CAPS && \valid(slot) && \valid(out);
    requires \separated(slot, out);
    assigns *slot, *out;
*/
static cairn_error_t message_cap(paddr_t t, uint32_t i, paddr_t *slot, struct cap *out)
{
    const struct tcb *tcb = arch_tcb_at(t);
    struct cap cspace = tcb->cspace, source;
    cairn_error_t err;

    if (tcb->ipc_buffer == 0)
        return CAIRN_ERR_INVALID_ARGUMENT;
    err = cspace_lookup(&cspace, arch_words_at(tcb->ipc_buffer, IPC_BUFFER_WORDS)[IPC_BUFFER_CAPS + i], slot);
    if (err != CAIRN_ERR_OK)
        return err;
    source = slot_at(*slot)->cap;
    return cap_derive(&source, CAIRN_RIGHTS_ALL, out);   /* LOOKUP_EMPTY for an empty slot */
}

/* The number of capabilities a message with `info` carries: its caps
 * field, which holds no more than CAIRN_MSG_MAX_CAPS (spec/api.toml). */
/*@ assigns \nothing;
    ensures \result <= CAIRN_MSG_MAX_CAPS;
*/
static uint32_t message_caps(uint64_t info)
{
    uint32_t caps = (uint32_t)CAIRN_MSGINFO_CAPS(info);

    return caps < CAIRN_MSG_MAX_CAPS ? caps : CAIRN_MSG_MAX_CAPS;
}

/*
 * Decode the capabilities of the message thread `t` sends with `info`
 * through a capability of rights `rights`: each must be there and
 * transferable, and the capability must have Grant. Writes nothing.
 */
/*@ requires t != 0;
    assigns \nothing;
*/
cairn_error_t message_caps_decode(paddr_t t, uint64_t info, cairn_rights_t rights)
{
    uint32_t caps = message_caps(info), i;
    paddr_t slot = 0;
    struct cap c;

    if (caps == 0)
        return CAIRN_ERR_OK;
    if ((rights & CAIRN_RIGHT_GRANT) == 0)
        return CAIRN_ERR_INSUFFICIENT_RIGHTS;
    /*@ loop invariant 0 <= i <= caps && caps <= CAIRN_MSG_MAX_CAPS;
        loop assigns i, slot, c;
        loop variant caps - i;
    */
    for (i = 0; i < caps; i++) {
        cairn_error_t err = message_cap(t, i, &slot, &c);

        if (err != CAIRN_ERR_OK)
            return err;
    }
    return CAIRN_ERR_OK;
}

/*
 * The empty slot the receiver `t` offers for the `i`th capability of a
 * message, if it offers one.
 */
/*@ requires t != 0 && i < CAIRN_MSG_MAX_CAPS && \valid(slot);
    assigns *slot;
    ensures \result ==> slots_view(*slot)->cap.type == CAP_TYPE_NULL;
*/
static bool message_receive_slot(paddr_t t, uint32_t i, paddr_t *slot)
{
    const struct tcb *tcb = arch_tcb_at(t);
    struct cap cspace = tcb->cspace;
    uint64_t cptr;

    if (tcb->ipc_buffer == 0)
        return false;
    cptr = arch_words_at(tcb->ipc_buffer, IPC_BUFFER_WORDS)[IPC_BUFFER_RECEIVE + i];
    if (cptr == 0 || cspace_lookup(&cspace, cptr, slot) != CAIRN_ERR_OK)
        return false;
    return slot_at(*slot)->cap.type == CAP_TYPE_NULL;
}

/* cdt_insert, its frame widened to every slot: the provers match that set
 * against the loop's at once (delete.c's unlink_leaf does the same). */
/*@ requires slots_view(parent)->depth < UINT64_MAX;
    assigns { *slots_view(a) | integer a; \true };
*/
static void message_cap_insert(paddr_t parent, paddr_t dest, struct cap c)
{
    cdt_insert(parent, dest, c);
}

/*
 * Pass the first `caps` capabilities thread `from` sends to thread `to`,
 * each as a child of the sender's in the slot the receiver offers for it,
 * and stop at the first that cannot go (the sender's is gone, the
 * receiver offers no empty slot). Returns how many went.
 */
/*@ requires from != 0 && to != 0 && caps <= CAIRN_MSG_MAX_CAPS;
    assigns { *slots_view(a) | integer a; \true };
    ensures \result <= caps;
*/
uint32_t message_caps_transfer(paddr_t from, paddr_t to, uint32_t caps)
{
    uint32_t i;

    /*@ loop invariant 0 <= i <= caps;
        loop assigns i, { *slots_view(a) | integer a; \true };
        loop variant caps - i;
    */
    for (i = 0; i < caps; i++) {
        paddr_t src = 0, dest = 0;
        struct cap c;

        if (message_cap(from, i, &src, &c) != CAIRN_ERR_OK || !message_receive_slot(to, i, &dest))
            break;
        /* Every derivation deepens the tree by one: 2^64 in a row would
         * be needed to get here, but the bound is checked, not assumed. */
        if (slot_at(src)->depth == UINT64_MAX)
            break;
        message_cap_insert(src, dest, c);
    }
    return i;
}

/*
 * Thread `from`'s message goes to thread `to`, with `badge`, and with the
 * capabilities it names if `grant` allows them; `to`'s system call has
 * succeeded.
 */
/*@ requires from != 0 && to != 0;
    assigns { *tcb_view(a) | integer a }, { *slots_view(a) | integer a; \true }, MESSAGE_BYTES,
            arch_console_log;
*/
void message_transfer(paddr_t from, paddr_t to, uint64_t badge, bool grant)
{
    uint64_t words[CAIRN_MSG_MAX_WORDS];
    uint64_t info = arch_user_reg(&arch_tcb_at(from)->context, USER_REG_MSGINFO);
    uint32_t count = message_read(arch_tcb_at(from), info, words);
    uint32_t caps = grant ? message_caps_transfer(from, to, message_caps(info)) : 0;

    message_write(to, CAIRN_MSGINFO_LABEL(info), caps, words, count, badge);
    message_status(to, CAIRN_ERR_OK);
}
