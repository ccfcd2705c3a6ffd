/* SPDX-License-Identifier: BSD-2-Clause */
/* Requests to the supervisor (cairn/system.h). */
#include <string.h>

#include "cairn/startup.h"
#include "cairn/system.h"

const char *system_status_text(uint64_t status)
{
    static const char *const texts[] = {
        [SYSTEM_OK] = "ok", [SYSTEM_DENIED] = "not allowed by the manifest",
        [SYSTEM_NO_SUCH_NAME] = "no such name", [SYSTEM_NO_SUCH_FILE] = "no such file",
        [SYSTEM_BAD_REQUEST] = "bad request", [SYSTEM_NO_MEMORY] = "out of memory",
        [SYSTEM_NO_SLOT] = "no slot offered",
    };

    return status < sizeof(texts) / sizeof(texts[0]) ? texts[status] : "unknown status";
}

void system_log(const char *text, size_t n)
{
    struct cairn_msg m = { 0 };
    unsigned words;

    if (n > SYSTEM_LOG_MAX)
        n = SYSTEM_LOG_MAX;
    words = msg_put_bytes(&m, 1, text, n);
    msg_set_word(&m, 0, n);
    m.info = CAIRN_MSGINFO(SYSTEM_LOG, 0, 1 + words);
    cairn_send(CAIRN_PROC_SLOT_PARENT, &m);
}

/* `s` with its NUL from word `first` on if it is shorter than `max`: the
 * words it took, 0 if it is not. */
static unsigned put_string(struct cairn_msg *m, unsigned first, const char *s, size_t max)
{
    return strlen(s) < max ? msg_put_string(m, first, s) : 0;
}

/* Call with `m` (its words set, `length` of them); the reply's status. */
static uint64_t request(struct cairn_msg *m, uint64_t label, unsigned length)
{
    m->info = CAIRN_MSGINFO(label, 0, length);
    if (cairn_call(CAIRN_PROC_SLOT_PARENT, m) != CAIRN_ERR_OK)
        return SYSTEM_BAD_REQUEST;
    return msg_length(m) == 0 ? SYSTEM_BAD_REQUEST : msg_word(m, 0);
}

/* A request naming `name` whose reply brings a capability into `slot`. */
static uint64_t request_cap(uint64_t label, const char *name, cairn_cptr_t slot)
{
    struct cairn_msg m = { 0 };
    unsigned words = put_string(&m, 0, name, SYSTEM_NAME_MAX);
    uint64_t status;

    if (words == 0)
        return SYSTEM_BAD_REQUEST;
    msg_receive_cap(0, slot);
    status = request(&m, label, words);
    msg_receive_cap(0, 0);
    if (status == SYSTEM_OK && msg_caps(&m) != 1)
        return SYSTEM_NO_SLOT;
    return status;
}

uint64_t system_register(const char *name, cairn_cptr_t slot)
{
    return request_cap(SYSTEM_REGISTER, name, slot);
}

uint64_t system_lookup(const char *name, cairn_cptr_t slot)
{
    return request_cap(SYSTEM_LOOKUP, name, slot);
}

uint64_t system_read_file(const char *path, uint64_t offset, void *buf, size_t max, uint64_t *size,
                          size_t *got)
{
    struct cairn_msg m = { 0 };
    unsigned words = put_string(&m, 1, path, SYSTEM_PATH_MAX);
    uint64_t status, n;

    *size = 0;
    *got = 0;
    if (words == 0)
        return SYSTEM_BAD_REQUEST;
    msg_set_word(&m, 0, offset);
    status = request(&m, SYSTEM_READ_FILE, 1 + words);
    if (status != SYSTEM_OK)
        return status;
    n = msg_word(&m, 2);
    if (n > max || !msg_get_bytes(&m, 3, buf, n))
        return SYSTEM_BAD_REQUEST;
    *size = msg_word(&m, 1);
    *got = n;
    return SYSTEM_OK;
}

/* SYSTEM_STATUS of `name`: its three figures. */
static uint64_t status_words(const char *name, uint64_t w[3])
{
    struct cairn_msg m = { 0 };
    unsigned words = put_string(&m, 0, name, SYSTEM_NAME_MAX);
    uint64_t status;

    if (words == 0)
        return SYSTEM_BAD_REQUEST;
    status = request(&m, SYSTEM_STATUS, words);
    if (status == SYSTEM_OK && msg_length(&m) < 4)
        return SYSTEM_BAD_REQUEST;
    for (unsigned i = 0; i < 3; i++)
        w[i] = status == SYSTEM_OK ? msg_word(&m, 1 + i) : 0;
    return status;
}

uint64_t system_status(const char *name, struct system_service_status *s)
{
    uint64_t w[3];
    uint64_t status = name[0] != '\0' ? status_words(name, w) : SYSTEM_BAD_REQUEST;

    if (status == SYSTEM_OK)
        *s = (struct system_service_status){ (enum system_service_state)w[0], w[1], w[2] };
    return status;
}

uint64_t system_summary(uint64_t *running, uint64_t *services, uint64_t *skipped)
{
    uint64_t w[3];
    uint64_t status = status_words("", w);

    *running = w[0];
    *services = w[1];
    *skipped = w[2];
    return status;
}

void system_tests_done(uint64_t passed, uint64_t failed)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(SYSTEM_TESTS_DONE, 0, 2), .mr = { passed, failed } };

    cairn_send(CAIRN_PROC_SLOT_PARENT, &m);
}

void system_ready(void)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(CAIRN_PARENT_READY, 0, 1) };

    cairn_send(CAIRN_PROC_SLOT_PARENT, &m);
}
