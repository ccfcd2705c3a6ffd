/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What services ask the supervisor for (cairn/system.h): a line on the
 * console, the endpoint of a name the manifest lets them provide or see,
 * a piece of an initramfs file, and for the test runner the services'
 * state. Each request is checked whole before anything is done.
 */
#include <stdio.h>
#include <string.h>

#include "cairn/cpio.h"
#include "cairn/msg.h"
#include "cairn/startup.h"
#include "supervisor.h"

/* The reply: `status`, then `count` more words (already in place). */
static bool reply(struct cairn_msg *m, uint64_t status, unsigned count)
{
    msg_set_word(m, 0, status);
    m->info = CAIRN_MSGINFO(0, 0, 1 + count);
    return true;
}

static bool reply_cap(struct cairn_msg *m, cairn_cptr_t cap)
{
    msg_set_word(m, 0, SYSTEM_OK);
    msg_send_cap(0, cap);
    m->info = CAIRN_MSGINFO(0, 1, 1);
    return true;
}

/* The line, its bytes that are not printable shown as '?': a service
 * cannot drive the terminal or forge another's prefix on a new line. The
 * supervisor prints whole lines, so lines of different services never mix. */
static void log_line(const struct service *s, const struct cairn_msg *m)
{
    char text[SYSTEM_LOG_MAX + 1];
    uint64_t n = msg_word(m, 0);

    if (msg_length(m) < 1 || n > SYSTEM_LOG_MAX || !msg_get_bytes(m, 1, text, n))
        return;
    for (uint64_t i = 0; i < n; i++) {
        if (text[i] < ' ' || text[i] > '~')
            text[i] = '?';
    }
    text[n] = '\0';
    /* The test runner's lines are the boot's test report: as they are. */
    if (s->spec->tests)
        printf("%s\n", text);
    else
        printf("%s: %s\n", s->spec->name, text);
}

/* The index of `name` in `names`, or -1. */
static int name_index(const char (*names)[MANIFEST_NAME_MAX], unsigned count, const char *name)
{
    for (unsigned i = 0; i < count; i++) {
        if (strcmp(names[i], name) == 0)
            return (int)i;
    }
    return -1;
}

/* A capability to the name's endpoint kept for this run of `s` in `*kept`:
 * transferred, it becomes the kept one's child, which goes when the run's
 * CSpace goes, so the kept one can be deleted then. */
static uint64_t name_cap(struct service *s, const struct name *n, cairn_rights_t rights, uint64_t badge,
                         cairn_cptr_t *kept)
{
    cairn_cptr_t slot;
    cairn_error_t err;

    if (*kept != 0)
        return SYSTEM_OK;
    slot = slot_alloc(&s->alloc);
    if (slot == 0)
        return SYSTEM_NO_MEMORY;
    if (badge != 0)
        err = cairn_cnode_mint(CAIRN_SLOT_CNODE, slot, CAIRN_DEPTH, CAIRN_SLOT_CNODE, n->endpoint, CAIRN_DEPTH,
                               rights, badge);
    else
        err = cairn_cnode_copy(CAIRN_SLOT_CNODE, slot, CAIRN_DEPTH, CAIRN_SLOT_CNODE, n->endpoint, CAIRN_DEPTH,
                               rights);
    if (err != CAIRN_ERR_OK) {
        slot_free(&s->alloc, slot);
        return SYSTEM_NO_MEMORY;
    }
    *kept = slot;
    return SYSTEM_OK;
}

/* register and lookup: the name must be in the service's provides or
 * sees list, and provided by some service. */
static bool name_request(struct service *s, struct cairn_msg *m, bool provide)
{
    const struct manifest_service *spec = s->spec;
    char name[MANIFEST_NAME_MAX];
    const struct name *n;
    uint64_t status;
    int i;

    if (!msg_get_string(m, 0, name, sizeof(name)))
        return reply(m, SYSTEM_BAD_REQUEST, 0);
    i = provide ? name_index(spec->provides, spec->provides_count, name)
                : name_index(spec->sees, spec->sees_count, name);
    if (i < 0)
        return reply(m, SYSTEM_DENIED, 0);
    n = names_find(name);
    if (n == NULL)
        return reply(m, SYSTEM_NO_SUCH_NAME, 0);
    if (provide)
        status = name_cap(s, n, CAIRN_RIGHT_READ, 0, &s->provided[i]);
    else
        status = name_cap(s, n, CAIRN_RIGHT_WRITE, s->id + 1, &s->seen[i]);
    if (status != SYSTEM_OK)
        return reply(m, status, 0);
    return reply_cap(m, provide ? s->provided[i] : s->seen[i]);
}

static bool read_file(const struct service *s, struct cairn_msg *m)
{
    char path[SYSTEM_PATH_MAX];
    struct cpio_reader r;
    struct cpio_file f;
    uint64_t offset = msg_word(m, 0), n;

    if (!s->spec->files)
        return reply(m, SYSTEM_DENIED, 0);
    if (msg_length(m) < 2 || !msg_get_string(m, 1, path, sizeof(path)))
        return reply(m, SYSTEM_BAD_REQUEST, 0);
    cpio_open(&r, sys.initramfs, sys.initramfs_size);
    if (cpio_find(&r, path, &f) != CPIO_OK)
        return reply(m, SYSTEM_NO_SUCH_FILE, 0);
    n = offset < f.size ? f.size - offset : 0;
    if (n > SYSTEM_READ_MAX)
        n = SYSTEM_READ_MAX;
    msg_set_word(m, 1, f.size);
    msg_set_word(m, 2, n);
    return reply(m, SYSTEM_OK, 2 + msg_put_bytes(m, 3, f.data + (n > 0 ? offset : 0), n));
}

/* The test runner's view of the services. */
static bool status(const struct service *s, struct cairn_msg *m)
{
    char name[MANIFEST_NAME_MAX];
    const struct service *of;
    unsigned running = 0;

    if (!s->spec->tests)
        return reply(m, SYSTEM_DENIED, 0);
    if (!msg_get_string(m, 0, name, sizeof(name)))
        return reply(m, SYSTEM_BAD_REQUEST, 0);
    if (name[0] == '\0') {
        for (unsigned i = 0; i < sys.count; i++)
            running += service_running(&sys.service[i]);
        msg_set_word(m, 1, running);
        msg_set_word(m, 2, sys.count);
        msg_set_word(m, 3, sys.skipped);
        return reply(m, SYSTEM_OK, 3);
    }
    of = service_by_name(name);
    if (of == NULL)
        return reply(m, SYSTEM_NO_SUCH_NAME, 0);
    msg_set_word(m, 1, of->state);
    msg_set_word(m, 2, of->starts);
    msg_set_word(m, 3, of->restarts);
    return reply(m, SYSTEM_OK, 3);
}

void tests_report(uint64_t passed, uint64_t failed)
{
    struct cairn_msg to_init = { .info = CAIRN_MSGINFO(CAIRN_PARENT_TESTS, 0, 2), .mr = { passed, failed } };

    if (sys.first_test == NULL || sys.tests_reported)
        return;
    sys.tests_reported = true;
    cairn_send(CAIRN_PROC_SLOT_PARENT, &to_init);
}

bool request_handle(struct service *s, struct cairn_msg *m)
{
    switch (CAIRN_MSGINFO_LABEL(m->info)) {
    case CAIRN_PARENT_READY:
        service_ready(s);
        return false;
    case CAIRN_PARENT_EXIT:
        service_exit(s, msg_word(m, 0));
        return false;
    case SYSTEM_LOG:
        log_line(s, m);
        return false;
    case SYSTEM_REGISTER:
        return name_request(s, m, true);
    case SYSTEM_LOOKUP:
        return name_request(s, m, false);
    case SYSTEM_READ_FILE:
        return read_file(s, m);
    case SYSTEM_STATUS:
        return status(s, m);
    case SYSTEM_TESTS_DONE:
        if (s->spec->tests && msg_length(m) >= 2)
            tests_report(msg_word(m, 0), msg_word(m, 1));
        return false;
    default:
        return reply(m, SYSTEM_BAD_REQUEST, 0);
    }
}
