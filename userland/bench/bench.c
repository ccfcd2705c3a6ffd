/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The in-OS benchmarks (scripts/bench; issue "IPC", item 7). init runs them
 * instead of its tests when the command line has `bench`. Each figure is a
 * distribution of timestamp differences around one operation, after a
 * warm-up: under QEMU's -icount shift=0 the timestamp counter (rdtsc,
 * rdcycle) advances one per instruction, so the figures are instruction
 * counts. The cost of the timestamp pair itself, measured the same way, is
 * subtracted, and nothing else.
 *
 * The partners (bench_code.c) run at init's priority, in an address space
 * of their own unless the figure says otherwise, as sel4bench's do.
 */
#include "bench.h"
#include "bench_code.h"

#define FULL_DEPTH  64u
#define PRIORITY    255u     /* init's, and its partners' */
#define IDLE_PRIORITY 1u     /* the 1,000 bystanders: ready, never chosen */
#define WARMUP      1000u
#define RUNS        10000u

/* init's CNode slots the benchmarks use (a bench boot runs no tests). */
#define SLOT_EP        1000u
#define SLOT_NTFN_TO   1001u   /* client signals, partner waits */
#define SLOT_NTFN_BACK 1002u   /* partner signals, client waits */
#define SLOT_NTFN_TO_B 1003u   /* badged copies */
#define SLOT_NTFN_BACK_B 1004u
#define SLOT_CODE      1005u   /* a page holding a copy of bench_code */
#define SLOT_CODE_RX   1006u
#define SLOT_VSPACE    1007u   /* the partners' address space */
#define SLOT_SERVER    1008u   /* the partner thread of the current figure */
#define SLOT_CAPS      1009u   /* a CNode of 2^14 slots: the 10,000 caps */
#define SLOT_CROWD     2048u   /* .. + CROWD - 1: the 1,000 threads */
#define CROWD          1000u
#define CAPS           10000u
#define CAPS_RADIX     14u

/* Where the copy of bench_code sits, in init's address space (writable) and
 * the partners' (executable). */
#define CODE_ADDR      0x3100000000ull

static uint64_t samples[RUNS];

static inline uint64_t timestamp(void)
{
#if defined(__x86_64__)
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
#else
    uint64_t c;

    __asm__ volatile("rdcycle %0" : "=r"(c));
    return c;
#endif
}

static const char *arch_name(void)
{
#if defined(__x86_64__)
    return "x86_64";
#else
    return "riscv64";
#endif
}

/* Heapsort: the samples sorted in place, with no memory of its own. */
static void sift_down(uint64_t *a, uint32_t root, uint32_t n)
{
    for (;;) {
        uint32_t child = 2 * root + 1;
        uint64_t tmp;

        if (child >= n)
            return;
        if (child + 1 < n && a[child + 1] > a[child])
            child++;
        if (a[root] >= a[child])
            return;
        tmp = a[root];
        a[root] = a[child];
        a[child] = tmp;
        root = child;
    }
}

static void sort(uint64_t *a, uint32_t n)
{
    for (uint32_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (uint32_t end = n; end-- > 1;) {
        uint64_t tmp = a[0];

        a[0] = a[end];
        a[end] = tmp;
        sift_down(a, 0, end);
    }
}

/* The line of DESIGN.md's format for the samples taken. */
static void report(const char *name)
{
    sort(samples, RUNS);
    put_str("bench ");
    put_str(name);
    put_str(" arch=");
    put_str(arch_name());
    put_str(" median=");
    put_dec(samples[RUNS / 2]);
    put_str(" min=");
    put_dec(samples[0]);
    put_str(" unit=insns n=");
    put_dec(RUNS);
    put_str("\n");
}

/* The fewest ticks between two timestamps with nothing between them. */
static uint64_t timestamp_cost(void)
{
    uint64_t best = ~0ull;

    for (uint32_t i = 0; i < WARMUP; i++) {
        uint64_t t0 = timestamp(), t1 = timestamp();

        if (t1 - t0 < best)
            best = t1 - t0;
    }
    return best;
}

static uint64_t overhead;

/* Time `op` RUNS times after WARMUP runs, into samples[]. */
#define MEASURE(op)                                                  \
    do {                                                             \
        for (uint32_t i_ = 0; i_ < WARMUP + RUNS; i_++) {            \
            uint64_t t0_ = timestamp();                              \
            op;                                                      \
            uint64_t t1_ = timestamp();                              \
            if (i_ >= WARMUP)                                        \
                samples[i_ - WARMUP] = t1_ - t0_ - overhead;         \
        }                                                            \
    } while (0)

static bool failed(const char *what, cairn_error_t err)
{
    if (err == CAIRN_ERR_OK)
        return false;
    put_str("bench: ");
    put_str(what);
    put_str(" failed with error ");
    put_dec(err);
    put_str("\n");
    return true;
}

static cairn_error_t retype_at(cairn_cptr_t ut, uint8_t type, uint8_t size_bits, uint64_t slot,
                               uint64_t count)
{
    return cairn_untyped_retype(ut, type, size_bits, CAIRN_SLOT_CNODE, 0, 0, slot, count);
}

/* Thread `tcb` (retyped) runs `entry` with arg0/arg1 in `vspace`, at `priority`. */
static cairn_error_t start_partner(cairn_cptr_t tcb, cairn_cptr_t vspace, uint64_t entry,
                                   uint64_t arg0, uint64_t arg1, uint8_t priority)
{
    uint64_t frame[CAIRN_FRAME_WORDS];
    cairn_error_t err = cairn_tcb_configure(tcb, 0, CAIRN_SLOT_CNODE, vspace, 0, 0);

    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_read_registers(tcb, frame, CAIRN_FRAME_WORDS);
    frame[BENCH_PC] = entry;
    frame[BENCH_ARG0] = arg0;
    frame[BENCH_ARG1] = arg1;
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_write_registers(tcb, frame, CAIRN_FRAME_WORDS);
    if (err == CAIRN_ERR_OK)
        err = cairn_tcb_set_priority(tcb, CAIRN_SLOT_TCB, priority);
    return err != CAIRN_ERR_OK ? err : cairn_tcb_resume(tcb);
}

/* The partner of the next figure: a new thread at `entry` of the code copy
 * in the partners' address space (`own_as`), or of bench_code itself in
 * init's. The previous partner is deleted first. */
static bool partner(cairn_cptr_t ut, const char *entry, bool own_as, uint64_t arg0, uint64_t arg1)
{
    uint64_t offset = (uint64_t)(uintptr_t)entry - (uint64_t)(uintptr_t)bench_code;
    uint64_t pc = own_as ? CODE_ADDR + offset : (uint64_t)(uintptr_t)entry;

    cairn_cnode_delete(CAIRN_SLOT_CNODE, SLOT_SERVER, FULL_DEPTH);
    return !failed("retype a partner thread", retype_at(ut, CAIRN_OBJ_TCB, 0, SLOT_SERVER, 1)) &&
           !failed("start the partner",
                   start_partner(SLOT_SERVER, own_as ? SLOT_VSPACE : CAIRN_SLOT_VSPACE, pc, arg0,
                                 arg1, PRIORITY));
}

/* The partners' address space: one executable page, a copy of bench_code. */
static bool partner_space(cairn_cptr_t ut)
{
    const uint8_t *from = (const uint8_t *)(uintptr_t)bench_code;
    uint64_t bytes = (uint64_t)(uintptr_t)bench_code_end - (uint64_t)(uintptr_t)bench_code;
    volatile uint8_t *to = (volatile uint8_t *)CODE_ADDR;

    if (bytes > 4096 ||
        failed("retype the code page", retype_at(ut, CAIRN_OBJ_VMO, 12, SLOT_CODE, 1)) ||
        failed("map it", cairn_vspace_map(CAIRN_SLOT_VSPACE, SLOT_CODE, 0, 4096, CODE_ADDR,
                                          CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE)))
        return false;
    for (uint64_t i = 0; i < bytes; i++)
        to[i] = from[i];
#if defined(__riscv)
    __asm__ volatile(".option push\n.option arch, +zifencei\nfence.i\n.option pop" ::: "memory");
#endif
    return !failed("copy the code capability",
                   cairn_cnode_copy(CAIRN_SLOT_CNODE, SLOT_CODE_RX, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                    SLOT_CODE, FULL_DEPTH, CAIRN_RIGHTS_ALL)) &&
           !failed("retype the partners' VSpace", retype_at(ut, CAIRN_OBJ_VSPACE, 15, SLOT_VSPACE, 1)) &&
           !failed("map the code there",
                   cairn_vspace_map(SLOT_VSPACE, SLOT_CODE_RX, 0, 4096, CODE_ADDR,
                                    CAIRN_RIGHT_READ | CAIRN_RIGHT_EXECUTE));
}

static void bench_syscall_null(void)
{
    MEASURE(cairn_syscall2(CAIRN_SYS_DEBUG_NULL, 0, 0));
    report("syscall_null");
}

static void bench_yield(void)
{
    MEASURE(cairn_syscall2(CAIRN_SYS_YIELD, 0, 0));
    report("yield");
}

/* A round trip with `words` message words: call, and the partner's
 * reply_recv. False if the replies were not the calls sent back. */
static bool bench_call(const char *name, uint32_t words)
{
    struct cairn_msg m = { 0 };
    cairn_error_t err = CAIRN_ERR_OK;

    MEASURE((m.info = CAIRN_MSGINFO(0, 0, words), err |= cairn_call(SLOT_EP, &m)));
    if (err != CAIRN_ERR_OK || CAIRN_MSGINFO_LENGTH(m.info) != words) {
        put_str("bench: a call was not answered as sent\n");
        return false;
    }
    report(name);
    return true;
}

static void bench_notify(void)
{
    uint64_t word = 0;

    MEASURE((cairn_signal(SLOT_NTFN_TO_B), cairn_wait(SLOT_NTFN_BACK, &word)));
    report("notify_signal_wait");
}

/* 1,000 more threads, ready at a low priority, and 10,000 more capabilities
 * (copies of the endpoint the calls go through). */
static bool crowd(cairn_cptr_t ut)
{
    uint64_t idle = CODE_ADDR + ((uint64_t)(uintptr_t)bench_idle - (uint64_t)(uintptr_t)bench_code);

    if (failed("retype the crowd", retype_at(ut, CAIRN_OBJ_TCB, 0, SLOT_CROWD, CROWD)) ||
        failed("retype the CNode for the caps", retype_at(ut, CAIRN_OBJ_CNODE, CAPS_RADIX, SLOT_CAPS, 1)))
        return false;
    for (uint32_t i = 0; i < CROWD; i++) {
        if (failed("start a bystander",
                   start_partner(SLOT_CROWD + i, SLOT_VSPACE, idle, 0, 0, IDLE_PRIORITY)))
            return false;
    }
    for (uint32_t i = 0; i < CAPS; i++) {
        if (failed("copy a capability",
                   cairn_cnode_copy(SLOT_CAPS, i, CAPS_RADIX, CAIRN_SLOT_CNODE, SLOT_EP, FULL_DEPTH,
                                    CAIRN_RIGHTS_ALL)))
            return false;
    }
    return true;
}

/* The largest RAM untyped: the crowd takes a few MiB. */
static cairn_cptr_t largest_untyped(const struct cairn_boot_info *bi)
{
    const struct cairn_untyped_desc *ut = (const struct cairn_untyped_desc *)(bi + 1);
    uint32_t best = bi->untyped_count;

    for (uint32_t i = 0; i < bi->untyped_count; i++) {
        if (!ut[i].is_device && (best == bi->untyped_count || ut[i].size_bits > ut[best].size_bits))
            best = i;
    }
    return best == bi->untyped_count ? 0 : bi->untyped_first + best;
}

/* Every figure, in order; false (after saying why) if one could not be taken. */
bool bench_run(const struct cairn_boot_info *bi)
{
    cairn_cptr_t ut = largest_untyped(bi);

    if (ut == 0 || bi->untyped_first + bi->untyped_count > SLOT_EP) {
        put_str("bench: no room (an untyped, or slots from 1000 on)\n");
        return false;
    }
    overhead = timestamp_cost();
    put_str("bench: a timestamp pair costs ");
    put_dec(overhead);
    put_str(", subtracted from every figure\n");
    bench_syscall_null();
    bench_yield();
    if (failed("retype the endpoint", retype_at(ut, CAIRN_OBJ_ENDPOINT, 0, SLOT_EP, 1)) ||
        failed("retype the notifications", retype_at(ut, CAIRN_OBJ_NOTIFICATION, 0, SLOT_NTFN_TO, 2)) ||
        failed("badge one", cairn_cnode_mint(CAIRN_SLOT_CNODE, SLOT_NTFN_TO_B, FULL_DEPTH, CAIRN_SLOT_CNODE,
                                             SLOT_NTFN_TO, FULL_DEPTH, CAIRN_RIGHTS_ALL, 1)) ||
        failed("badge the other", cairn_cnode_mint(CAIRN_SLOT_CNODE, SLOT_NTFN_BACK_B, FULL_DEPTH,
                                                   CAIRN_SLOT_CNODE, SLOT_NTFN_BACK, FULL_DEPTH,
                                                   CAIRN_RIGHTS_ALL, 1)) ||
        !partner_space(ut) || !partner(ut, bench_ipc_server, true, SLOT_EP, 0))
        return false;
    if (!bench_call("ipc_call_reply", 0) || !bench_call("ipc_call_reply_4w", 4) ||
        !partner(ut, bench_ipc_server, false, SLOT_EP, 0) ||
        !bench_call("ipc_call_reply_same_as", 0) ||
        !partner(ut, bench_notify_server, true, SLOT_NTFN_TO, SLOT_NTFN_BACK_B))
        return false;
    bench_notify();
    return partner(ut, bench_ipc_server, true, SLOT_EP, 0) && crowd(ut) &&
           bench_call("ipc_call_reply_1000", 0);
}
