/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's IPC tests (after sel4test's ipc, ipc_rights, cap transfer, badge,
 * reply and notification tests): threads of init's address space and
 * CSpace talk over endpoints and notifications, and write what they saw
 * into a shared page init reads.
 */
#include "tests.h"

#define SLOT_EP          4010u
#define SLOT_EP_BADGED   4011u
#define SLOT_EP_RO       4012u   /* Read only: receive */
#define SLOT_EP_WO       4013u   /* Write only: send */
#define SLOT_EP_NOGRANT  4014u   /* Read and Write, no Grant */
#define SLOT_EP2         4015u
#define SLOT_EP3         4016u
#define SLOT_IPC_VMO     4017u
#define SLOT_XFER        4018u   /* where the server receives a capability */
#define SLOT_XFER_VMO    4019u   /* the capability sent */
#define SLOT_IPC_TCB     4020u   /* threads 0 .. IPC_THREADS - 1; 0 is the server */
#define SLOT_IPC_EMPTY   4030u
#define SLOT_NTFN        4031u   /* unbadged, all rights */
#define SLOT_NTFN_A      4032u   /* badge NTFN_A */
#define SLOT_NTFN_B      4033u   /* badge NTFN_B */
#define SLOT_NTFN_RO     4034u   /* badge NTFN_A, Read only: wait */
#define SLOT_NTFN_WO     4035u   /* Write only: signal */
#define IPC_THREADS      6u

#define BADGE 0x1234u
#define NTFN_A 0x1u
#define NTFN_B 0x40u
/* Where init steps down to let the helpers run, and the server waits. */
#define LOW_PRIORITY 1u

/* One VMO of 16 pages: the shared page, a stack page per thread, an IPC
 * buffer page per thread. */
#define IPC_ADDR       0x3000400000ull
#define IPC_VMO_BITS   16u
#define STACK_PAGE(i)  (1u + (i))
#define BUFFER_PAGE(i) (8u + (i))
#define PAGE           4096u

/* What the server does with a message, by its label. */
enum {
    LABEL_ECHO = 1,      /* reply with the label and each word plus one */
    LABEL_TWICE,         /* reply, then reply again */
    LABEL_DROP,          /* receive again without replying */
    LABEL_SUSPEND,       /* suspend itself before replying */
    LABEL_HOLD,          /* step down beside init, wait for `go`, then reply */
};

struct ipc_shared {
    volatile uint64_t served;    /* messages the server took */
    volatile uint64_t status;    /* of the system call that took the last one */
    volatile uint64_t label;
    volatile uint64_t length;
    volatile uint64_t caps;
    volatile uint64_t badge;
    volatile uint64_t second;    /* the status of the server's later reply */
    volatile uint64_t go;
    volatile uint64_t done[IPC_THREADS];   /* helpers: their system call's status */
    volatile uint64_t word[IPC_THREADS];   /* and the notification word they got */
    volatile uint64_t info[IPC_THREADS];   /* and the msginfo */
};

#define SHARED ((struct ipc_shared *)IPC_ADDR)

static struct cairn_ipc_buffer *buffer_of(uint64_t i)
{
    return (struct cairn_ipc_buffer *)(IPC_ADDR + BUFFER_PAGE(i) * PAGE);
}

static _Noreturn void server_thread(uint64_t i)
{
    struct cairn_ipc_buffer *buf = buffer_of(i);
    struct cairn_msg m = { 0 };
    cairn_error_t err = cairn_recv(SLOT_EP, &m);

    for (;;) {
        uint64_t label = CAIRN_MSGINFO_LABEL(m.info), n = CAIRN_MSGINFO_LENGTH(m.info);

        SHARED->status = err;
        SHARED->label = label;
        SHARED->length = n;
        SHARED->caps = CAIRN_MSGINFO_CAPS(m.info);
        SHARED->badge = m.badge;
        SHARED->served++;
        for (uint64_t k = 0; k < n; k++) {
            if (k < CAIRN_MSG_REGS)
                m.mr[k]++;
            else
                buf->msg[k]++;
        }
        m.info = CAIRN_MSGINFO(label + 1, 0, n);
        switch (label) {
        case LABEL_TWICE:
            cairn_reply(&m);
            SHARED->second = cairn_reply(&m);
            err = cairn_recv(SLOT_EP, &m);
            break;
        case LABEL_DROP:
            err = cairn_recv(SLOT_EP, &m);
            break;
        case LABEL_SUSPEND:
            cairn_tcb_suspend(SLOT_IPC_TCB + i);
            err = cairn_recv(SLOT_EP, &m);
            break;
        case LABEL_HOLD:
            cairn_tcb_set_priority(SLOT_IPC_TCB + i, CAIRN_SLOT_TCB, LOW_PRIORITY);
            while (!SHARED->go)
                cairn_syscall2(CAIRN_SYS_YIELD, 0, 0);
            SHARED->second = cairn_reply(&m);
            err = cairn_recv(SLOT_EP, &m);
            break;
        default:
            err = cairn_reply_recv(SLOT_EP, &m);
        }
    }
}

/* Helpers: send their own index on EP2 (as label), call the server with
 * label `i` through SLOT_EP, or receive on EP3; then note the status and
 * stop. */
static _Noreturn void finish(uint64_t i, cairn_error_t err)
{
    SHARED->done[i] = err;
    cairn_tcb_suspend(SLOT_IPC_TCB + i);
    for (;;)
        SHARED->done[i] = ~0ull;   /* never: a suspended thread does not come back */
}

static _Noreturn void sender_thread(uint64_t i)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(i, 0, 0) };

    finish(i, cairn_send(SLOT_EP2, &m));
}

static _Noreturn void receiver_thread(uint64_t i)
{
    struct cairn_msg m = { 0 };

    finish(i, cairn_recv(SLOT_EP3, &m));
}

static _Noreturn void sender_ep3_thread(uint64_t i)
{
    struct cairn_msg m = { 0 };

    finish(i, cairn_send(SLOT_EP3, &m));
}

/* Helpers waiting on the notification (all rights, SLOT_NTFN), or bound
 * to it and receiving on EP3. */
static _Noreturn void waiter_thread(uint64_t i)
{
    struct cairn_msg m = { 0 };
    cairn_error_t err = cairn_recv(SLOT_NTFN, &m);

    SHARED->word[i] = m.badge;
    SHARED->info[i] = m.info;
    finish(i, err);
}

static _Noreturn void bound_receiver_thread(uint64_t i)
{
    struct cairn_msg m = { 0 };
    cairn_error_t err = cairn_tcb_bind_notification(SLOT_IPC_TCB + i, SLOT_NTFN_RO);

    if (err == CAIRN_ERR_OK)
        err = cairn_recv(SLOT_EP3, &m);
    SHARED->word[i] = m.badge;
    SHARED->info[i] = m.info;
    finish(i, err);
}

static uint64_t client_label;

static _Noreturn void client_thread(uint64_t i)
{
    struct cairn_msg m = { .info = CAIRN_MSGINFO(client_label, 0, 0) };

    finish(i, cairn_call(SLOT_EP, &m));
}

/* Thread `i`, new, in init's CSpace and address space with its own stack
 * and IPC buffer, started at `priority`. */
static bool spawn(struct tests *t, cairn_cptr_t ut, uint64_t i, uint8_t priority,
                  void (*fn)(uint64_t))
{
    cairn_cptr_t tcb = SLOT_IPC_TCB + i;
    bool ok = retype(ut, CAIRN_OBJ_TCB, 0, tcb) == CAIRN_ERR_OK &&
              cairn_tcb_configure(tcb, 0, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, SLOT_IPC_VMO,
                                  BUFFER_PAGE(i) * PAGE) == CAIRN_ERR_OK &&
              cairn_tcb_set_priority(tcb, CAIRN_SLOT_TCB, priority) == CAIRN_ERR_OK &&
              start_thread(tcb, (uint64_t)(uintptr_t)fn, IPC_ADDR + (STACK_PAGE(i) + 1) * PAGE, i) ==
                  CAIRN_ERR_OK;

    if (!ok)
        expect(t, false, "start a thread for the IPC tests");
    return ok;
}

static void reap(uint64_t i)
{
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_IPC_TCB + i, FULL_DEPTH);
}

/* init steps below every helper for a moment: they run until they block. */
void let_helpers_run(void)
{
    cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, LOW_PRIORITY);
    cairn_tcb_set_priority(CAIRN_SLOT_TCB, CAIRN_SLOT_TCB, INIT_PRIORITY);
}

static cairn_error_t copy_ep(cairn_cptr_t dest, cairn_rights_t rights)
{
    return cairn_cnode_copy(CAIRN_SLOT_CNODE, dest, FULL_DEPTH, CAIRN_SLOT_CNODE, SLOT_EP,
                            FULL_DEPTH, rights);
}

/* A call of `n` words (0, 3, 6 ...) with `label`: its status, and the
 * reply in `m` and init's IPC buffer. */
static cairn_error_t call_words(cairn_cptr_t ep, uint64_t label, uint32_t n, uint32_t caps,
                                struct cairn_msg *m)
{
    m->info = CAIRN_MSGINFO(label, caps, n);
    m->badge = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k < CAIRN_MSG_REGS)
            m->mr[k] = 3 * k;
        else
            cairn_ipc_buffer->msg[k] = 3 * k;
    }
    return cairn_call(ep, m);
}

/* Each word of a reply to call_words is one more than was sent. */
static bool words_echoed(const struct cairn_msg *m, uint32_t n)
{
    bool ok = CAIRN_MSGINFO_LENGTH(m->info) == n;

    for (uint32_t k = 0; k < n; k++)
        ok = ok && (k < CAIRN_MSG_REGS ? m->mr[k] : cairn_ipc_buffer->msg[k]) == 3 * k + 1;
    return ok;
}

static void test_ipc_errors(struct tests *t)
{
    struct cairn_msg m = { 0 };

    expect_err(t, cairn_nb_recv(SLOT_EP, &m), CAIRN_ERR_WOULD_BLOCK, "nb_recv with no sender waiting");
    expect_err(t, cairn_nb_send(SLOT_EP, &m), CAIRN_ERR_WOULD_BLOCK, "nb_send with no receiver waiting");
    expect_err(t, cairn_send(SLOT_IPC_EMPTY, &m), CAIRN_ERR_LOOKUP_EMPTY, "send to an empty slot");
    expect_err(t, cairn_recv(SLOT_IPC_VMO, &m), CAIRN_ERR_INVALID_CAPABILITY, "recv on a VMO");
    expect_err(t, cairn_send(SLOT_EP_RO, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "send needs Write (ipc_rights)");
    expect_err(t, cairn_call(SLOT_EP_RO, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS, "call needs Write");
    expect_err(t, cairn_recv(SLOT_EP_WO, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS, "recv needs Read");
    expect_err(t, cairn_reply(&m), CAIRN_ERR_ILLEGAL_OPERATION, "reply with no caller to reply to");
    cairn_ipc_buffer->caps[0] = SLOT_XFER_VMO;
    m.info = CAIRN_MSGINFO(0, 1, 0);
    expect_err(t, cairn_nb_send(SLOT_EP_NOGRANT, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "a capability is sent only through an endpoint capability with Grant");
    cairn_ipc_buffer->caps[0] = SLOT_IPC_EMPTY;
    expect_err(t, cairn_nb_send(SLOT_EP, &m), CAIRN_ERR_LOOKUP_EMPTY,
               "a capability sent must be there");
}

static void test_calls(struct tests *t)
{
    struct cairn_msg m = { 0 };
    uint64_t served;

    expect(t, call_words(SLOT_EP, LABEL_ECHO, 0, 0, &m) == CAIRN_ERR_OK &&
              CAIRN_MSGINFO_LABEL(m.info) == LABEL_ECHO + 1 && CAIRN_MSGINFO_LENGTH(m.info) == 0 &&
              SHARED->badge == 0 && m.badge == 0,
           "call a server and get its reply (no words, no badge)");
    expect(t, call_words(SLOT_EP, LABEL_ECHO, CAIRN_MSG_REGS, 0, &m) == CAIRN_ERR_OK &&
              words_echoed(&m, CAIRN_MSG_REGS),
           "a call's words in registers go there and back");
    expect(t, call_words(SLOT_EP, LABEL_ECHO, 40, 0, &m) == CAIRN_ERR_OK && words_echoed(&m, 40) &&
              SHARED->length == 40,
           "40 words: the rest through both IPC buffers");
    expect(t, call_words(SLOT_EP_BADGED, LABEL_ECHO, 1, 0, &m) == CAIRN_ERR_OK &&
              SHARED->badge == BADGE && m.badge == 0,
           "the badge minted on the caller's capability reaches the server");
    served = SHARED->served;
    m.info = CAIRN_MSGINFO(77, 0, 0);
    expect_err(t, cairn_nb_send(SLOT_EP, &m), CAIRN_ERR_OK, "nb_send to a waiting receiver");
    yield_times(1);
    expect(t, SHARED->served == served + 1 && SHARED->label == 77, "and the receiver got it");
    expect(t, call_words(SLOT_EP, LABEL_TWICE, 0, 0, &m) == CAIRN_ERR_OK &&
              CAIRN_MSGINFO_LABEL(m.info) == LABEL_TWICE + 1 &&
              SHARED->second == CAIRN_ERR_ILLEGAL_OPERATION,
           "a reply capability is used once: the second reply has no caller");
    expect_err(t, call_words(SLOT_EP, LABEL_DROP, 0, 0, &m), CAIRN_ERR_ABORTED,
               "a server that receives again without replying aborts the call");
}

/* What one call of test_fast_and_slow gave back, and what the server saw. */
struct exchange {
    uint64_t status, info, badge, mr[CAIRN_MSG_REGS];
    uint64_t served_status, served_label, served_length, served_caps, served_badge;
};

/* Exchanges 0..4 carry 0..4 words through SLOT_EP, 5..9 the same through
 * the badged copy; 10 carries 5 words, which no fast path takes. */
#define EXCHANGES 11
#define FAST_EXCHANGES 10

/* Turn the kernel's IPC fast path on or off; how many calls and reply_recvs
 * have gone down the general path so far, or ~0 if the kernel refused. */
static uint64_t fastpath_switch(bool on)
{
    struct cairn_msg m = { 0 };

    return cairn_ipc(CAIRN_SYS_DEBUG_FASTPATH, on, &m) == CAIRN_ERR_OK ? m.badge : ~0ull;
}

static void run_exchanges(struct exchange *x)
{
    for (uint32_t i = 0; i < EXCHANGES; i++) {
        struct cairn_msg m = { 0 };

        for (uint32_t k = 0; k < CAIRN_MSG_REGS; k++)
            m.mr[k] = 0x100 + k;   /* past the length: the reply must leave them */
        x[i].status = call_words(i < 5 || i == 10 ? SLOT_EP : SLOT_EP_BADGED, LABEL_ECHO,
                                 i == 10 ? 5 : i % 5, 0, &m);
        x[i].info = m.info;
        x[i].badge = m.badge;
        for (uint32_t k = 0; k < CAIRN_MSG_REGS; k++)
            x[i].mr[k] = m.mr[k];
        x[i].served_status = SHARED->status;
        x[i].served_label = SHARED->label;
        x[i].served_length = SHARED->length;
        x[i].served_caps = SHARED->caps;
        x[i].served_badge = SHARED->badge;
    }
}

static bool same_exchange(const struct exchange *a, const struct exchange *b)
{
    const uint64_t *p = (const uint64_t *)a, *q = (const uint64_t *)b;

    for (uint64_t k = 0; k < sizeof(*a) / sizeof(uint64_t); k++)
        if (p[k] != q[k])
            return false;
    return true;
}

/* The same calls and replies down the fast path and the general path
 * (spec/objects.md, "The fast path") give the same results. */
static void test_fast_and_slow(struct tests *t)
{
    struct exchange fast[EXCHANGES], slow[EXCHANGES];
    uint64_t before = fastpath_switch(true), during, after;
    bool same = true;

    run_exchanges(fast);
    during = fastpath_switch(false);
    run_exchanges(slow);
    after = fastpath_switch(true);
    expect(t, before != ~0ull && during - before == 2 * (EXCHANGES - FAST_EXCHANGES),
           "register-only calls and their replies take the fast path, the 5-word one does not");
    expect(t, during != ~0ull && after - during == 2 * EXCHANGES,
           "with the fast path off, every call and reply_recv takes the general path");
    for (uint32_t i = 0; i < EXCHANGES; i++)
        same = same && same_exchange(&fast[i], &slow[i]);
    expect(t, same && fast[9].served_badge == BADGE && fast[4].mr[3] == 10 && fast[1].mr[1] == 0x101,
           "the fast and the general path give the same replies and the server the same messages");
}

static void test_cap_transfer(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };
    uint64_t size = 0, served;

    expect_err(t, retype(ut, CAIRN_OBJ_VMO, 13, SLOT_XFER_VMO), CAIRN_ERR_OK, "retype a VMO to send");
    buffer_of(0)->receive[0] = SLOT_XFER;
    cairn_ipc_buffer->caps[0] = SLOT_XFER_VMO;
    expect(t, call_words(SLOT_EP, LABEL_ECHO, 0, 1, &m) == CAIRN_ERR_OK && SHARED->caps == 1 &&
              cairn_vmo_size(SLOT_XFER, &size) == CAIRN_ERR_OK && size == 8192,
           "a capability goes through an endpoint with Grant into the slot the receiver offers");
    expect(t, call_words(SLOT_EP, LABEL_ECHO, 0, 1, &m) == CAIRN_ERR_OK && SHARED->caps == 0,
           "into an occupied slot it does not go; the message does");
    buffer_of(0)->receive[0] = 0;
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_XFER, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the received capability");
    expect(t, call_words(SLOT_EP, LABEL_ECHO, 0, 1, &m) == CAIRN_ERR_OK && SHARED->caps == 0 &&
              cairn_vmo_size(SLOT_XFER, &size) == CAIRN_ERR_LOOKUP_EMPTY,
           "a receiver that offers no slot gets no capability");
    served = SHARED->served;
    expect_err(t, call_words(SLOT_EP_NOGRANT, LABEL_ECHO, 0, 1, &m), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "without Grant the call is refused before anything is sent");
    expect(t, SHARED->served == served, "and the server saw nothing");
}

/* Senders arrive at priorities 100, 200, 150, 150 and are received
 * highest first, in order of arrival within a priority. */
static void test_wakeup_order(struct tests *t, cairn_cptr_t ut)
{
    static const uint8_t priority[4] = { 100, 200, 150, 150 };
    static const uint64_t order[4] = { 2, 3, 4, 1 };   /* thread numbers: 1 .. 4 */
    struct cairn_msg m = { 0 };
    bool in_order = true;

    for (uint64_t i = 1; i <= 4; i++) {
        SHARED->done[i] = ~0ull;
        if (!spawn(t, ut, i, priority[i - 1], sender_thread))
            return;
        let_helpers_run();   /* it blocks in send on EP2 */
    }
    for (unsigned k = 0; k < 4; k++) {
        cairn_error_t err = cairn_recv(SLOT_EP2, &m);

        in_order = in_order && err == CAIRN_ERR_OK && CAIRN_MSGINFO_LABEL(m.info) == order[k];
    }
    expect(t, in_order, "waiting senders are taken by priority, then in order of arrival");
    let_helpers_run();
    expect(t, SHARED->done[1] == CAIRN_ERR_OK && SHARED->done[2] == CAIRN_ERR_OK &&
              SHARED->done[3] == CAIRN_ERR_OK && SHARED->done[4] == CAIRN_ERR_OK,
           "and each sender's send returned OK");
    for (uint64_t i = 1; i <= 4; i++)
        reap(i);
}

/* Deleting an endpoint wakes its waiters; deleting a waiting thread takes
 * it out of the queue. */
static void test_deletion(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };

    expect_err(t, retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP3), CAIRN_ERR_OK, "retype an endpoint");
    SHARED->done[1] = ~0ull;
    if (!spawn(t, ut, 1, 100, receiver_thread))
        return;
    let_helpers_run();
    expect(t, SHARED->done[1] == ~0ull, "a thread waits in recv");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_EP3, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the endpoint's last capability");
    let_helpers_run();
    expect_err(t, SHARED->done[1], CAIRN_ERR_ABORTED, "its waiter wakes with ABORTED");
    reap(1);
    expect_err(t, retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP3), CAIRN_ERR_OK, "another endpoint");
    if (!spawn(t, ut, 2, 100, sender_ep3_thread))
        return;
    let_helpers_run();
    reap(2);
    expect_err(t, cairn_nb_recv(SLOT_EP3, &m), CAIRN_ERR_WOULD_BLOCK,
               "a deleted sender leaves the endpoint's queue");
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_EP3, FULL_DEPTH);
}

/* A reply capability dies with its holder, and with its caller. */
static void test_reply_lifetime(struct tests *t, cairn_cptr_t ut)
{
    SHARED->done[1] = ~0ull;
    client_label = LABEL_SUSPEND;
    if (!spawn(t, ut, 1, 100, client_thread))
        return;
    let_helpers_run();
    expect_err(t, SHARED->done[1], CAIRN_ERR_ABORTED,
               "a server that stops before replying aborts its caller's call");
    expect_err(t, cairn_tcb_resume(SLOT_IPC_TCB), CAIRN_ERR_OK, "resume the server");
    yield_times(1);
    reap(1);

    SHARED->go = 0;
    SHARED->second = ~0ull;
    client_label = LABEL_HOLD;
    if (!spawn(t, ut, 1, 100, client_thread))
        return;
    let_helpers_run();   /* the server takes the call and lowers itself */
    reap(1);
    SHARED->go = 1;
    cairn_tcb_set_priority(SLOT_IPC_TCB, CAIRN_SLOT_TCB, INIT_PRIORITY);
    yield_times(1);
    expect_err(t, SHARED->second, CAIRN_ERR_ILLEGAL_OPERATION,
               "a caller deleted while waiting takes its reply capability with it");
}

static cairn_error_t mint_ntfn(cairn_cptr_t dest, cairn_rights_t rights, uint64_t badge)
{
    return cairn_cnode_mint(CAIRN_SLOT_CNODE, dest, FULL_DEPTH, CAIRN_SLOT_CNODE, SLOT_NTFN,
                            FULL_DEPTH, rights, badge);
}

/* signal, wait and poll on one notification, and their refusals. */
static void test_signal_and_poll(struct tests *t)
{
    struct cairn_msg m = { 0 };
    uint64_t word = 0;

    expect_err(t, cairn_signal(SLOT_NTFN), CAIRN_ERR_INVALID_CAPABILITY,
               "a signal through an unbadged capability is refused");
    expect_err(t, cairn_signal(SLOT_NTFN_RO), CAIRN_ERR_INSUFFICIENT_RIGHTS, "signal needs Write");
    expect_err(t, cairn_poll(SLOT_NTFN_WO, &word), CAIRN_ERR_INSUFFICIENT_RIGHTS, "poll needs Read");
    expect_err(t, cairn_poll(SLOT_NTFN, &word), CAIRN_ERR_WOULD_BLOCK, "poll of a zero word");
    expect_err(t, cairn_signal(SLOT_NTFN_A), CAIRN_ERR_OK, "signal with badge A");
    expect_err(t, cairn_signal(SLOT_NTFN_B), CAIRN_ERR_OK, "signal with badge B");
    expect_err(t, cairn_signal(SLOT_NTFN_A), CAIRN_ERR_OK, "signal with badge A again");
    expect(t, cairn_poll(SLOT_NTFN_RO, &word) == CAIRN_ERR_OK && word == (NTFN_A | NTFN_B),
           "poll takes the badges ORed");
    expect_err(t, cairn_poll(SLOT_NTFN, &word), CAIRN_ERR_WOULD_BLOCK, "and leaves the word 0");
    cairn_signal(SLOT_NTFN_B);
    m.info = CAIRN_MSGINFO(1, 0, 0);
    expect(t, cairn_recv(SLOT_NTFN, &m) == CAIRN_ERR_OK && m.badge == NTFN_B &&
                  m.info == CAIRN_MSGINFO_NOTIFICATION,
           "wait on a non-zero word returns at once, msginfo says notification");
    m.info = CAIRN_MSGINFO(1, 0, 0);
    expect_err(t, cairn_call(SLOT_NTFN_A, &m), CAIRN_ERR_INVALID_CAPABILITY,
               "call on a notification");
}

/* A waiter wakes on a signal; a bound thread's recv on an endpoint ends
 * with a signal, or takes a pending word first; binding's refusals. */
static void test_wait_and_binding(struct tests *t, cairn_cptr_t ut)
{
    uint64_t word = 0;

    SHARED->done[1] = ~0ull;
    if (!spawn(t, ut, 1, 100, waiter_thread))
        return;
    let_helpers_run();
    expect(t, SHARED->done[1] == ~0ull, "a thread waits on a zero word");
    cairn_signal(SLOT_NTFN_B);
    let_helpers_run();
    expect(t, SHARED->done[1] == CAIRN_ERR_OK && SHARED->word[1] == NTFN_B &&
                  SHARED->info[1] == CAIRN_MSGINFO_NOTIFICATION,
           "a signal wakes it with the badge");
    expect_err(t, cairn_poll(SLOT_NTFN, &word), CAIRN_ERR_WOULD_BLOCK,
               "a signal that woke a waiter leaves no word");
    reap(1);

    expect_err(t, retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP3), CAIRN_ERR_OK, "an endpoint to receive on");
    SHARED->done[2] = ~0ull;
    if (!spawn(t, ut, 2, 100, bound_receiver_thread))
        return;
    let_helpers_run();
    expect(t, SHARED->done[2] == ~0ull, "a bound thread waits in recv on an endpoint");
    expect_err(t, cairn_poll(SLOT_NTFN, &word), CAIRN_ERR_ILLEGAL_OPERATION,
               "only the bound thread may wait on a bound notification");
    expect_err(t, cairn_tcb_bind_notification(CAIRN_SLOT_TCB, SLOT_NTFN), CAIRN_ERR_ILLEGAL_OPERATION,
               "a bound notification cannot be bound again");
    expect_err(t, cairn_tcb_bind_notification(SLOT_IPC_TCB + 2, SLOT_NTFN), CAIRN_ERR_ILLEGAL_OPERATION,
               "a bound thread cannot be bound again");
    cairn_signal(SLOT_NTFN_A);
    let_helpers_run();
    expect(t, SHARED->done[2] == CAIRN_ERR_OK && SHARED->word[2] == NTFN_A &&
                  SHARED->info[2] == CAIRN_MSGINFO_NOTIFICATION,
           "a signal ends the bound thread's recv, msginfo says notification");
    expect_err(t, cairn_tcb_unbind_notification(SLOT_IPC_TCB + 2), CAIRN_ERR_OK, "unbind");
    expect_err(t, cairn_tcb_unbind_notification(SLOT_IPC_TCB + 2), CAIRN_ERR_ILLEGAL_OPERATION,
               "unbind without a binding");
    reap(2);

    cairn_signal(SLOT_NTFN_B);
    SHARED->done[3] = ~0ull;
    if (!spawn(t, ut, 3, 100, bound_receiver_thread))
        return;
    let_helpers_run();
    expect(t, SHARED->done[3] == CAIRN_ERR_OK && SHARED->word[3] == NTFN_B,
           "a bound thread's recv takes a pending word first");
    reap(3);
    expect_err(t, cairn_poll(SLOT_NTFN, &word), CAIRN_ERR_WOULD_BLOCK,
               "a deleted thread leaves its notification unbound");
    expect_err(t, cairn_tcb_bind_notification(CAIRN_SLOT_TCB, SLOT_EP3), CAIRN_ERR_INVALID_CAPABILITY,
               "bind an endpoint as a notification");
    expect_err(t, cairn_tcb_bind_notification(CAIRN_SLOT_TCB, SLOT_NTFN_WO), CAIRN_ERR_INSUFFICIENT_RIGHTS,
               "bind needs Read");
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_EP3, FULL_DEPTH);
}

/* Deleting a notification's last capability wakes its waiters with ABORTED. */
static void test_notification_deletion(struct tests *t, cairn_cptr_t ut)
{
    static const cairn_cptr_t copies[] = { SLOT_NTFN_A, SLOT_NTFN_B, SLOT_NTFN_RO, SLOT_NTFN_WO };

    SHARED->done[1] = ~0ull;
    if (!spawn(t, ut, 1, 100, waiter_thread))
        return;
    let_helpers_run();
    for (unsigned i = 0; i < sizeof(copies) / sizeof(copies[0]); i++)
        cairn_cnode_delete(CAIRN_SLOT_CNODE, copies[i], FULL_DEPTH);
    let_helpers_run();
    expect(t, SHARED->done[1] == ~0ull, "the waiter waits while a capability is left");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_NTFN, FULL_DEPTH), CAIRN_ERR_OK,
               "delete the notification's last capability");
    let_helpers_run();
    expect_err(t, SHARED->done[1], CAIRN_ERR_ABORTED, "its waiter wakes with ABORTED");
    reap(1);
}

static void test_notifications(struct tests *t, cairn_cptr_t ut)
{
    bool ready = retype(ut, CAIRN_OBJ_NOTIFICATION, 0, SLOT_NTFN) == CAIRN_ERR_OK &&
                 mint_ntfn(SLOT_NTFN_A, CAIRN_RIGHTS_ALL, NTFN_A) == CAIRN_ERR_OK &&
                 mint_ntfn(SLOT_NTFN_B, CAIRN_RIGHTS_ALL, NTFN_B) == CAIRN_ERR_OK &&
                 mint_ntfn(SLOT_NTFN_RO, CAIRN_RIGHT_READ, NTFN_A) == CAIRN_ERR_OK &&
                 mint_ntfn(SLOT_NTFN_WO, CAIRN_RIGHT_WRITE, 0) == CAIRN_ERR_OK;

    expect(t, ready, "a notification and badged copies with fewer rights");
    if (!ready)
        return;
    test_signal_and_poll(t);
    test_wait_and_binding(t, ut);
    test_notification_deletion(t, ut);
}

void test_ipc(struct tests *t, cairn_cptr_t ut)
{
    bool ready = retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP) == CAIRN_ERR_OK &&
                 retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP2) == CAIRN_ERR_OK &&
                 retype(ut, CAIRN_OBJ_VMO, IPC_VMO_BITS, SLOT_IPC_VMO) == CAIRN_ERR_OK &&
                 map(CAIRN_SLOT_VSPACE, SLOT_IPC_VMO, 1u << IPC_VMO_BITS, IPC_ADDR,
                     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) == CAIRN_ERR_OK &&
                 cairn_cnode_mint(CAIRN_SLOT_CNODE, SLOT_EP_BADGED, FULL_DEPTH, CAIRN_SLOT_CNODE, SLOT_EP,
                                  FULL_DEPTH, CAIRN_RIGHTS_ALL, BADGE) == CAIRN_ERR_OK &&
                 copy_ep(SLOT_EP_RO, CAIRN_RIGHT_READ) == CAIRN_ERR_OK &&
                 copy_ep(SLOT_EP_WO, CAIRN_RIGHT_WRITE) == CAIRN_ERR_OK &&
                 copy_ep(SLOT_EP_NOGRANT, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) == CAIRN_ERR_OK;

    expect(t, ready, "endpoints, a badged copy, copies with fewer rights, and shared pages");
    if (!ready)
        return;
    test_ipc_errors(t);
    if (!spawn(t, ut, 0, INIT_PRIORITY, server_thread))
        return;
    yield_times(1);   /* the server waits in recv */
    test_calls(t);
    test_fast_and_slow(t);
    test_cap_transfer(t, ut);
    test_wakeup_order(t, ut);
    test_deletion(t, ut);
    test_reply_lifetime(t, ut);
    reap(0);
    test_notifications(t, ut);
}
