/* SPDX-License-Identifier: BSD-2-Clause */
/* Message words and capability transfer (cairn/msg.h). */
#include <string.h>

#include "cairn/msg.h"

uint64_t msg_word(const struct cairn_msg *m, unsigned k)
{
    if (k < CAIRN_MSG_REGS)
        return m->mr[k];
    return k < CAIRN_MSG_MAX_WORDS ? cairn_ipc_buffer->msg[k] : 0;
}

void msg_set_word(struct cairn_msg *m, unsigned k, uint64_t value)
{
    if (k < CAIRN_MSG_REGS)
        m->mr[k] = value;
    else if (k < CAIRN_MSG_MAX_WORDS)
        cairn_ipc_buffer->msg[k] = value;
}

unsigned msg_length(const struct cairn_msg *m)
{
    return (unsigned)(m->info & ((1u << CAIRN_MSGINFO_LENGTH_BITS) - 1));
}

unsigned msg_caps(const struct cairn_msg *m)
{
    return (unsigned)(m->info >> CAIRN_MSGINFO_LENGTH_BITS) & ((1u << CAIRN_MSGINFO_CAPS_BITS) - 1);
}

unsigned msg_put_bytes(struct cairn_msg *m, unsigned first, const void *bytes, size_t n)
{
    unsigned words = (unsigned)((n + 7) / 8);

    if (first > CAIRN_MSG_MAX_WORDS || n > MSG_BYTES_FROM(first))
        return 0;
    for (unsigned w = 0; w < words; w++) {
        uint64_t v = 0;
        size_t take = n - w * 8u < 8 ? n - w * 8u : 8;

        memcpy(&v, (const uint8_t *)bytes + w * 8u, take);
        msg_set_word(m, first + w, v);
    }
    return words;
}

bool msg_get_bytes(const struct cairn_msg *m, unsigned first, void *bytes, size_t n)
{
    unsigned length = msg_length(m);

    if (first > length || n > (size_t)(length - first) * 8u)
        return false;
    for (size_t done = 0; done < n; done += 8) {
        uint64_t v = msg_word(m, first + (unsigned)(done / 8));

        memcpy((uint8_t *)bytes + done, &v, n - done < 8 ? n - done : 8);
    }
    return true;
}

bool msg_get_string(const struct cairn_msg *m, unsigned first, char *s, size_t max)
{
    unsigned length = msg_length(m);

    for (unsigned k = first; k < length; k++) {
        uint64_t v = msg_word(m, k);

        for (unsigned b = 0; b < 8; b++) {
            size_t at = (size_t)(k - first) * 8u + b;

            if (at == max)
                return false;
            s[at] = (char)(v >> (8 * b));
            if (s[at] == '\0')
                return true;
        }
    }
    return false;
}

unsigned msg_put_string(struct cairn_msg *m, unsigned first, const char *s)
{
    return msg_put_bytes(m, first, s, strlen(s) + 1);
}

void msg_send_cap(unsigned i, cairn_cptr_t cap)
{
    cairn_ipc_buffer->caps[i] = cap;
}

void msg_receive_cap(unsigned i, cairn_cptr_t slot)
{
    cairn_ipc_buffer->receive[i] = slot;
}

const char *msg_fault_text(uint64_t label)
{
    static const char *const texts[] = {
        [CAIRN_FAULT_PAGE_READ] = "page fault reading", [CAIRN_FAULT_PAGE_WRITE] = "page fault writing",
        [CAIRN_FAULT_PAGE_EXECUTE] = "page fault executing", [CAIRN_FAULT_UNDEFINED] = "undefined instruction",
        [CAIRN_FAULT_PROTECTION] = "protection fault", [CAIRN_FAULT_ALIGNMENT] = "alignment fault",
        [CAIRN_FAULT_ARITHMETIC] = "arithmetic fault", [CAIRN_FAULT_BREAKPOINT] = "breakpoint",
        [CAIRN_FAULT_BAD_SYSCALL] = "bad system call", [CAIRN_FAULT_OTHER] = "fault",
    };

    return label < sizeof(texts) / sizeof(texts[0]) && texts[label] ? texts[label] : "fault";
}
