/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * init's fault tests: a thread of init's address space and CSpace whose
 * fault endpoint init receives on. init is the handler: it reads the
 * fault message, fixes what went wrong (maps the page, moves the pc) and
 * replies to resume the thread, or stops it instead.
 */
#include "tests.h"

#define SLOT_FAULT_EP        4040u
#define SLOT_FAULT_EP_BADGED 4041u   /* Write, badge FAULT_BADGE: the threads' fault endpoint */
#define SLOT_FAULT_EP_RO     4042u   /* Read only: not a fault endpoint */
#define SLOT_FAULT_VMO       4043u
#define SLOT_FAULT_TCB       4044u
#define SLOT_FAULT_PAGE      4045u

#define FAULT_BADGE  0xfau
#define SHARED_ADDR  0x3000a00000ull   /* page 0: struct fault_shared; pages 1-3: the stack */
#define FAULT_ADDR   0x3000b00000ull   /* not mapped until the handler maps it */
#define STACK_TOP    (SHARED_ADDR + 4 * 4096)
#define BAD_SYSCALL  200u
#define PAGE_VALUE   0x5eedull
#define CHILD_PRIORITY 100u

#if defined(__x86_64__)
#define FRAME_PC CAIRN_REG_RIP
#define FRAME_SP CAIRN_REG_RSP
#define FRAME_ARG CAIRN_REG_RDI
#define ENTRY_SP (STACK_TOP - 8)       /* as if called: rsp + 8 is 16-byte aligned */
#else
#define FRAME_PC CAIRN_REG_PC
#define FRAME_SP CAIRN_REG_SP
#define FRAME_ARG CAIRN_REG_A0
#define ENTRY_SP STACK_TOP
#endif

struct fault_shared {
    volatile uint64_t value;       /* what the reader read */
    volatile uint64_t recovered;   /* the argument `recovered` was started with */
    volatile uint64_t steps;       /* how far the thread got */
};

#define SHARED ((struct fault_shared *)SHARED_ADDR)

static _Noreturn void park(void)
{
    cairn_tcb_suspend(SLOT_FAULT_TCB);
    for (;;)
        SHARED->steps = ~0ull;   /* never: a suspended thread does not come back */
}

static _Noreturn void reader_thread(uint64_t arg)
{
    (void)arg;
    SHARED->steps = 1;
    SHARED->value = *(volatile uint64_t *)FAULT_ADDR;
    SHARED->steps = 2;
    park();
}

static _Noreturn void undefined_thread(uint64_t arg)
{
    (void)arg;
    SHARED->steps = 1;
#if defined(__x86_64__)
    __asm__ volatile("ud2");
#else
    __asm__ volatile(".word 0");   /* defined to be illegal forever */
#endif
    SHARED->steps = 2;
    park();
}

static _Noreturn void recovered(uint64_t arg)
{
    SHARED->recovered = arg;
    park();
}

static _Noreturn void bad_syscall_thread(uint64_t arg)
{
    (void)arg;
    SHARED->steps = 1;
    cairn_syscall2(BAD_SYSCALL, 0, 0);
    SHARED->steps = 2;
    park();
}

/* A new thread in SLOT_FAULT_TCB running `fn` below init's priority, whose
 * faults go to `fault_endpoint`. */
static bool start_child(struct tests *t, cairn_cptr_t ut, void (*fn)(uint64_t),
                        cairn_cptr_t fault_endpoint)
{
    bool ok;

    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FAULT_TCB, FULL_DEPTH);
    SHARED->steps = 0;
    ok = retype(ut, CAIRN_OBJ_TCB, 0, SLOT_FAULT_TCB) == CAIRN_ERR_OK &&
         cairn_tcb_configure(SLOT_FAULT_TCB, fault_endpoint, CAIRN_SLOT_CNODE, CAIRN_SLOT_VSPACE, 0, 0) ==
             CAIRN_ERR_OK &&
         cairn_tcb_set_priority(SLOT_FAULT_TCB, CAIRN_SLOT_TCB, CHILD_PRIORITY) == CAIRN_ERR_OK &&
         start_thread(SLOT_FAULT_TCB, (uint64_t)(uintptr_t)fn, ENTRY_SP, 0) == CAIRN_ERR_OK;
    if (!ok)
        expect(t, false, "start a thread for the fault tests");
    return ok;
}

/* The thread's saved pc (its registers are in its TCB while it waits). */
static uint64_t child_pc(void)
{
    uint64_t frame[CAIRN_FRAME_WORDS];

    if (cairn_tcb_read_registers(SLOT_FAULT_TCB, frame, CAIRN_FRAME_WORDS) != CAIRN_ERR_OK)
        return 0;
    return frame[FRAME_PC];
}

/* init waits for the fault (the thread runs meanwhile) and checks it is
 * a fault message of `kind` through the badged capability. */
static bool receive_fault(struct cairn_msg *m, uint64_t kind)
{
    cairn_error_t err = cairn_recv(SLOT_FAULT_EP, m);

    return err == CAIRN_ERR_OK && (m->info & CAIRN_MSGINFO_FAULT) != 0 &&
           CAIRN_MSGINFO_LABEL(m->info) == kind && CAIRN_MSGINFO_LENGTH(m->info) == CAIRN_FAULT_WORDS &&
           m->badge == FAULT_BADGE;
}

/* A page fault: the handler maps the page and resumes the load. */
static void test_page_fault_fixed(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };

    if (!start_child(t, ut, reader_thread, SLOT_FAULT_EP_BADGED))
        return;
    expect(t, receive_fault(&m, CAIRN_FAULT_PAGE_READ) && m.mr[CAIRN_FAULT_WORD_ADDRESS] == FAULT_ADDR,
           "a load from an unmapped page: its fault endpoint gets PAGE_READ, the address, the badge");
    expect(t, m.mr[CAIRN_FAULT_WORD_PC] == child_pc() && SHARED->steps == 1,
           "the fault message's pc is where the thread stopped");
    expect_err(t, map(CAIRN_SLOT_VSPACE, SLOT_FAULT_PAGE, 4096, FAULT_ADDR,
                      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE),
               CAIRN_ERR_OK, "the handler maps the page");
    *(volatile uint64_t *)FAULT_ADDR = PAGE_VALUE;
    m.info = 0;
    expect_err(t, cairn_reply(&m), CAIRN_ERR_OK, "and replies");
    let_helpers_run();
    expect(t, SHARED->steps == 2 && SHARED->value == PAGE_VALUE,
           "the thread resumes at the load and reads what the handler wrote");
    expect_err(t, cairn_vspace_unmap(CAIRN_SLOT_VSPACE, SLOT_FAULT_PAGE), CAIRN_ERR_OK, "unmap the page");
}

/* An undefined instruction: the handler moves the thread to other code
 * with write_registers before it replies. */
static void test_registers_fixed(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };
    uint64_t frame[CAIRN_FRAME_WORDS];

    if (!start_child(t, ut, undefined_thread, SLOT_FAULT_EP_BADGED))
        return;
    expect(t, receive_fault(&m, CAIRN_FAULT_UNDEFINED) && m.mr[CAIRN_FAULT_WORD_PC] == child_pc(),
           "an undefined instruction: UNDEFINED at its pc");
    SHARED->recovered = 0;
    expect_err(t, cairn_tcb_read_registers(SLOT_FAULT_TCB, frame, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "the handler reads the faulted thread's registers");
    frame[FRAME_PC] = (uint64_t)(uintptr_t)recovered;
    frame[FRAME_SP] = ENTRY_SP;
    frame[FRAME_ARG] = 42;
    expect_err(t, cairn_tcb_write_registers(SLOT_FAULT_TCB, frame, CAIRN_FRAME_WORDS), CAIRN_ERR_OK,
               "and writes them back with another pc");
    m.info = 0;
    expect_err(t, cairn_reply(&m), CAIRN_ERR_OK, "and replies");
    let_helpers_run();
    expect(t, SHARED->recovered == 42 && SHARED->steps == 1,
           "the thread resumes where the handler put it, never past the instruction");
}

/* The handler stops the thread instead: it deletes it, or receives again
 * without replying; either way the thread does not go on or fault again. */
static void test_fault_not_resumed(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };
    uint64_t pc;

    if (!start_child(t, ut, undefined_thread, SLOT_FAULT_EP_BADGED))
        return;
    expect(t, receive_fault(&m, CAIRN_FAULT_UNDEFINED), "a thread faults");
    expect_err(t, cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FAULT_TCB, FULL_DEPTH), CAIRN_ERR_OK,
               "the handler deletes it");
    expect_err(t, cairn_reply(&m), CAIRN_ERR_ILLEGAL_OPERATION,
               "the reply capability went with the thread");

    if (!start_child(t, ut, undefined_thread, SLOT_FAULT_EP_BADGED))
        return;
    expect(t, receive_fault(&m, CAIRN_FAULT_UNDEFINED), "another thread faults");
    pc = child_pc();
    expect_err(t, cairn_nb_recv(SLOT_FAULT_EP, &m), CAIRN_ERR_WOULD_BLOCK,
               "the handler receives again without replying");
    let_helpers_run();
    expect(t, cairn_nb_recv(SLOT_FAULT_EP, &m) == CAIRN_ERR_WOULD_BLOCK && SHARED->steps == 1 &&
                  child_pc() == pc,
           "a fault whose reply is dropped leaves the thread stopped at it, not faulting again");
    expect_err(t, cairn_tcb_resume(SLOT_FAULT_TCB), CAIRN_ERR_OK, "resume it");
    expect(t, receive_fault(&m, CAIRN_FAULT_UNDEFINED) && m.mr[CAIRN_FAULT_WORD_PC] == pc,
           "it runs the instruction again and faults again");
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FAULT_TCB, FULL_DEPTH);
}

/* A bad system call is a fault too, and replying goes on after it. */
static void test_bad_syscall(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };

    if (!start_child(t, ut, bad_syscall_thread, SLOT_FAULT_EP_BADGED))
        return;
    expect(t, receive_fault(&m, CAIRN_FAULT_BAD_SYSCALL) && m.mr[CAIRN_FAULT_WORD_ADDRESS] == BAD_SYSCALL,
           "a bad system call: BAD_SYSCALL with its number");
    m.info = 0;
    expect_err(t, cairn_reply(&m), CAIRN_ERR_OK, "reply");
    let_helpers_run();
    expect(t, SHARED->steps == 2, "the thread goes on after the system call");
}

/* A fault endpoint without Write is no fault endpoint: the kernel reports
 * the fault on the console and stops the thread. */
static void test_no_handler(struct tests *t, cairn_cptr_t ut)
{
    struct cairn_msg m = { 0 };

    if (!start_child(t, ut, undefined_thread, SLOT_FAULT_EP_RO))
        return;
    let_helpers_run();
    expect(t, SHARED->steps == 1 && cairn_nb_recv(SLOT_FAULT_EP, &m) == CAIRN_ERR_WOULD_BLOCK,
           "a fault endpoint capability without Write gets no message; the thread is stopped");
    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_FAULT_TCB, FULL_DEPTH);
}

/* The slots the fault tests use, emptied when they are over: the tests that
 * follow may use the same numbers. */
static void fault_cleanup(void)
{
    static const cairn_cptr_t slots[] = { SLOT_FAULT_TCB, SLOT_FAULT_PAGE, SLOT_FAULT_VMO,
                                          SLOT_FAULT_EP_RO, SLOT_FAULT_EP_BADGED, SLOT_FAULT_EP };

    for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        cairn_cnode_delete(CAIRN_SLOT_CNODE, slots[i], FULL_DEPTH);
}

void test_faults(struct tests *t, cairn_cptr_t ut)
{
    cairn_error_t err = retype(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_FAULT_EP);

    if (err == CAIRN_ERR_OK)
        err = cairn_cnode_mint(CAIRN_SLOT_CNODE, SLOT_FAULT_EP_BADGED, FULL_DEPTH, CAIRN_SLOT_CNODE,
                               SLOT_FAULT_EP, FULL_DEPTH, CAIRN_RIGHT_WRITE, FAULT_BADGE);
    if (err == CAIRN_ERR_OK)
        err = cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_FAULT_EP_RO, FULL_DEPTH, CAIRN_SLOT_CNODE,
                               SLOT_FAULT_EP, FULL_DEPTH, CAIRN_RIGHT_READ);
    if (err == CAIRN_ERR_OK)
        err = retype(ut, CAIRN_OBJ_VMO, 14, SLOT_FAULT_VMO);
    if (err == CAIRN_ERR_OK)
        err = map(CAIRN_SLOT_VSPACE, SLOT_FAULT_VMO, 4 * 4096, SHARED_ADDR,
                  CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
    if (err == CAIRN_ERR_OK)
        err = retype(ut, CAIRN_OBJ_VMO, 12, SLOT_FAULT_PAGE);
    expect_err(t, err, CAIRN_ERR_OK, "a fault endpoint, a badged copy with Write, a shared page and a stack");
    if (err == CAIRN_ERR_OK) {
        test_page_fault_fixed(t, ut);
        test_registers_fixed(t, ut);
        test_fault_not_resumed(t, ut);
        test_bad_syscall(t, ut);
        test_no_handler(t, ut);
    }
    fault_cleanup();
}
