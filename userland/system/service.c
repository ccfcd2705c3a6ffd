/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Services: made from the manifest, started with exactly what their line
 * grants, stopped when they fault or exit, and restarted as their policy
 * says, after a back-off that doubles at each restart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cairn/cpio.h"
#include "cairn/device.h"
#include "cairn/elf.h"
#include "cairn/startup.h"
#include "clock.h"
#include "supervisor.h"

/* Its process exists: the builder forgets the thread when it deletes it. */
bool service_running(const struct service *s)
{
    return s->process.tcb != 0;
}

struct service *service_by_badge(uint64_t badge)
{
    return badge >= 1 && badge <= sys.count && service_running(&sys.service[badge - 1]) ? &sys.service[badge - 1]
                                                                                         : NULL;
}

struct service *service_by_name(const char *name)
{
    for (unsigned i = 0; i < sys.count; i++) {
        if (strcmp(sys.service[i].spec->name, name) == 0)
            return &sys.service[i];
    }
    return NULL;
}

static void set_state(struct service *s, enum system_service_state state)
{
    s->state = state;
    cairn_signal(sys.events);
}

/* ---- from the manifest ---------------------------------------------------- */

__attribute__((__format__(__printf__, 2, 3)))
static void skip(unsigned line, const char *why, ...)
{
    va_list ap;

    printf("system: %s:%u: ", sys.manifest_path, line);
    va_start(ap, why);
    vprintf(why, ap);
    va_end(ap);
    printf("; line skipped\n");
    sys.skipped++;
}

static void report(void *ctx, unsigned line, const char *why)
{
    (void)ctx;
    skip(line, "%s", why);
}

const struct name *names_find(const char *name)
{
    for (unsigned i = 0; i < sys.name_count; i++) {
        if (strcmp(sys.names[i].name, name) == 0)
            return &sys.names[i];
    }
    return NULL;
}

/* The capability a device line grants, made once into `*slot`. */
static cairn_error_t device_claim(const struct manifest_device *d, cairn_cptr_t *slot)
{
    const struct cairn_startup_cap *control;
    uint64_t bytes = d->last - d->first + 1;
    cairn_error_t err;

    /* One device VMO: a power of two, naturally aligned. */
    if (d->kind == DEVICE_MMIO && ((bytes & (bytes - 1)) != 0 || (d->first & (bytes - 1)) != 0))
        return CAIRN_ERR_INVALID_ARGUMENT;
    if (d->kind == DEVICE_MMIO)
        return device_vmo(&sys.devices, &sys.alloc, d->first, (uint8_t)__builtin_ctzll(bytes), slot);
    control = cairn_startup_cap(d->kind == DEVICE_IRQ ? "irq-control" : "io-ports", 0);
    if (control == NULL)
        return CAIRN_ERR_INVALID_CAPABILITY;
    *slot = slot_alloc(&sys.alloc);
    if (*slot == 0)
        return CAIRN_ERR_NOT_ENOUGH_MEMORY;
    if (d->kind == DEVICE_IRQ)
        err = cairn_irq_control_get(control->slot, d->first, CAIRN_SLOT_CNODE, *slot, CAIRN_DEPTH);
    else
        err = cairn_io_port_control_issue(control->slot, (uint16_t)d->first, (uint16_t)d->last,
                                          CAIRN_SLOT_CNODE, *slot, CAIRN_DEPTH);
    if (err != CAIRN_ERR_OK)
        slot_free(&sys.alloc, *slot);
    return err;
}

static const char *const device_kind[] = { [DEVICE_IOPORT] = "ioport", [DEVICE_IRQ] = "irq",
                                           [DEVICE_MMIO] = "mmio" };
static const uint8_t device_type[] = { [DEVICE_IOPORT] = CAIRN_OBJ_IO_PORT, [DEVICE_IRQ] = CAIRN_OBJ_IRQ_HANDLER,
                                       [DEVICE_MMIO] = CAIRN_OBJ_VMO };

/* What a line of the manifest needs beyond its syntax: names nobody else
 * provides, devices that exist and are free (claimed here), its memory. */
static bool service_admit(struct service *s)
{
    const struct manifest_service *spec = s->spec;

    for (unsigned i = 0; i < spec->provides_count; i++) {
        if (names_find(spec->provides[i]) != NULL) {
            skip(spec->line, "service '%s': name '%s' is provided by another service", spec->name,
                 spec->provides[i]);
            return false;
        }
    }
    for (unsigned i = 0; i < spec->device_count; i++) {
        const struct manifest_device *d = &spec->device[i];
        cairn_error_t err = device_claim(d, &s->device[i]);

        if (err != CAIRN_ERR_OK) {
            skip(spec->line, "service '%s': cannot have %s 0x%llx-0x%llx: error %llu", spec->name,
                 device_kind[d->kind], (unsigned long long)d->first, (unsigned long long)d->last,
                 (unsigned long long)err);
            return false;
        }
    }
    if (alloc_object(&sys.alloc, CAIRN_OBJ_UNTYPED, SERVICE_MEMORY_BITS, &s->memory) != CAIRN_ERR_OK) {
        skip(spec->line, "service '%s': no memory left for it", spec->name);
        return false;
    }
    return true;
}

/* Give back what service_admit claimed for a service it then refused. */
static void service_unadmit(struct service *s)
{
    for (unsigned i = 0; i < MANIFEST_MAX_DEVICES; i++) {
        if (s->device[i] != 0)
            alloc_release(&sys.alloc, s->device[i]);
    }
    memset(s, 0, sizeof(*s));
}

static bool names_add(const struct manifest_service *spec)
{
    for (unsigned i = 0; i < spec->provides_count; i++) {
        struct name *n = &sys.names[sys.name_count];

        n->name = spec->provides[i];
        if (alloc_object(&sys.alloc, CAIRN_OBJ_ENDPOINT, 0, &n->endpoint) != CAIRN_ERR_OK)
            return false;
        sys.name_count++;
    }
    return true;
}

void services_load(void)
{
    struct cpio_reader r;
    struct cpio_file f;

    cpio_open(&r, sys.initramfs, sys.initramfs_size);
    if (cpio_find(&r, sys.manifest_path, &f) != CPIO_OK) {
        printf("system: no %s in the initramfs; no services\n", sys.manifest_path);
        return;
    }
    manifest_parse(&sys.manifest, (const char *)f.data, f.size, report, NULL);
    for (unsigned i = 0; i < sys.manifest.count; i++) {
        struct service *s = &sys.service[sys.count];

        s->spec = &sys.manifest.service[i];
        s->id = sys.count;
        if (!service_admit(s)) {
            service_unadmit(s);
            continue;
        }
        if (!names_add(s->spec)) {
            printf("system: no memory left for the names of %s; stopping here\n", s->spec->name);
            return;
        }
        sys.count++;
    }
    printf("system: %s: %u services, %u lines skipped\n", sys.manifest_path, sys.count, sys.skipped);
}

/* ---- running ---------------------------------------------------------------- */

/* The ELF image of the service's binary, checked. */
static bool service_image(const struct service *s, struct cpio_file *f, struct elf_image *image)
{
    struct cpio_reader r;
    enum elf_status st;

    cpio_open(&r, sys.initramfs, sys.initramfs_size);
    if (cpio_find(&r, s->spec->path, f) != CPIO_OK) {
        printf("system: %s: no %s in the initramfs\n", s->spec->name, s->spec->path);
        return false;
    }
    st = elf_read(f->data, f->size, CAIRN_ELF_MACHINE, CAIRN_PROC_IMAGE_BASE, CAIRN_PROC_IMAGE_END, image);
    if (st != ELF_OK) {
        printf("system: %s: %s is not an executable this machine can run: %s (program header %d, offset 0x%llx)\n",
               s->spec->name, s->spec->path, elf_status_text(st), image->error_phdr,
               (unsigned long long)image->error_offset);
        return false;
    }
    return true;
}

/* Copies of what the manifest grants it, each listed by kind. */
static cairn_error_t service_give(struct service *s)
{
    const struct manifest_service *spec = s->spec;
    cairn_error_t err = CAIRN_ERR_OK;

    for (unsigned i = 0; i < spec->device_count && err == CAIRN_ERR_OK; i++) {
        const struct manifest_device *dev = &spec->device[i];
        struct cairn_startup_cap d = { .base = dev->first, .type = device_type[dev->kind] };

        if (dev->kind == DEVICE_MMIO)
            d.size_bits = (uint8_t)__builtin_ctzll(dev->last - dev->first + 1);
        strlcpy(d.name, device_kind[dev->kind], sizeof(d.name));
        err = process_give(&s->process, s->device[i], CAIRN_RIGHTS_ALL, false, &d);
    }
    if (err == CAIRN_ERR_OK && spec->tests)
        err = process_give(&s->process, sys.events, CAIRN_RIGHT_READ, false,
                           &(struct cairn_startup_cap){ .type = CAIRN_OBJ_NOTIFICATION, .name = "events" });
    return err;
}

static cairn_error_t service_build(struct service *s, const struct cpio_file *f, const struct elf_image *image)
{
    const struct manifest_service *spec = s->spec;
    const char *argv[SERVICE_ARGS_MAX];
    unsigned argc = 0;
    uint32_t first = SERVICE_SLOTS_FIRST + s->id * SERVICE_SLOTS;
    cairn_error_t err;

    argv[argc++] = spec->name;
    for (unsigned i = 0; i < spec->arg_count; i++)
        argv[argc++] = spec->args[i];
    if (spec->tests && sys.first_test != NULL)
        argv[argc++] = sys.first_test;
    argv[argc] = NULL;
    alloc_init(&s->alloc, first, first + SERVICE_SLOTS);
    alloc_add_untyped(&s->alloc, s->memory);
    err = process_create(&s->process, &s->alloc, BUILD_WINDOW,
                         &(struct process_config){
                             .argv = argv, .priority = spec->priority, .cnode_radix = SERVICE_CNODE_RADIX,
                             .vspace_bits = SERVICE_VSPACE_BITS, .stack_pages = SERVICE_STACK_PAGES,
                             .heap_pages = SERVICE_HEAP_PAGES, .parent = sys.endpoint,
                             .badge = s->id + 1, .parent_grant = true },
                         f->data, image);
    if (err == CAIRN_ERR_OK)
        err = service_give(s);
    if (err == CAIRN_ERR_OK)
        err = process_start(&s->process);
    return err;
}

/* Delete every object of the run that ended, and what it was given: the
 * memory comes back whole (revoking the untyped resets it). */
static void service_stop(struct service *s)
{
    cairn_error_t err;

    process_destroy(&s->process);
    for (unsigned i = 0; i < MANIFEST_MAX_PROVIDES; i++) {
        if (s->provided[i] != 0)
            alloc_release(&s->alloc, s->provided[i]);
        s->provided[i] = 0;
    }
    for (unsigned i = 0; i < MANIFEST_MAX_SEES; i++) {
        if (s->seen[i] != 0)
            alloc_release(&s->alloc, s->seen[i]);
        s->seen[i] = 0;
    }
    do
        err = cairn_cnode_revoke(CAIRN_SLOT_CNODE, s->memory, CAIRN_DEPTH);
    while (err == CAIRN_ERR_PREEMPTED);
}

static void service_launch(struct service *s)
{
    struct cpio_file f;
    struct elf_image image;
    cairn_error_t err;

    if (!service_image(s, &f, &image)) {
        set_state(s, SERVICE_STOPPED);
        return;
    }
    if (s->starts == 0)
        printf("system: starting %s: %s, priority %u\n", s->spec->name, s->spec->path, s->spec->priority);
    else
        printf("system: restarting %s (restart %llu of %u)\n", s->spec->name, (unsigned long long)s->restarts,
               s->spec->retries);
    s->starts++;
    err = service_build(s, &f, &image);
    if (err != CAIRN_ERR_OK) {
        printf("system: could not start %s: error %llu\n", s->spec->name, (unsigned long long)err);
        service_stop(s);
        set_state(s, SERVICE_STOPPED);
        return;
    }
    set_state(s, SERVICE_STARTING);
}

void services_start(void)
{
    bool runner = false;

    for (unsigned i = 0; i < sys.count; i++) {
        service_launch(&sys.service[i]);
        runner = runner || sys.service[i].spec->tests;
    }
    /* A test boot without a runner has nothing more to wait for. */
    if (!runner)
        tests_report(0, 0);
}

void service_ready(struct service *s)
{
    printf("system: %s is up\n", s->spec->name);
    set_state(s, SERVICE_UP);
}

static uint64_t backoff_ticks(const struct service *s)
{
    uint64_t ms = s->spec->backoff_ms;

    for (uint64_t i = 0; i < s->restarts && ms < BACKOFF_MAX_MS; i++)
        ms *= 2;
    if (ms > BACKOFF_MAX_MS)
        ms = BACKOFF_MAX_MS;
    return (ms * CLOCK_HZ + 999) / 1000;
}

/* The run ended (and is stopped): restart it if its policy says so. */
static void service_ended(struct service *s, bool failed)
{
    const struct manifest_service *spec = s->spec;
    bool again = spec->restart == RESTART_ALWAYS || (spec->restart == RESTART_ON_FAILURE && failed);

    if (!again) {
        set_state(s, SERVICE_STOPPED);
        return;
    }
    if (s->restarts == spec->retries) {
        printf("system: %s: no restarts left (%u); stopped\n", spec->name, spec->retries);
        set_state(s, SERVICE_STOPPED);
        return;
    }
    s->restart_at = sys.now + backoff_ticks(s);
    s->restarts++;
    printf("system: %s will restart in %llu ms (restart %llu of %u)\n", spec->name,
           (unsigned long long)((s->restart_at - sys.now) * 1000 / CLOCK_HZ), (unsigned long long)s->restarts,
           spec->retries);
    set_state(s, SERVICE_WAITING);
    clock_run(true);
}

void service_fault(struct service *s, const struct cairn_msg *m)
{
    printf("system: %s faulted: %s at 0x%llx, pc 0x%llx\n", s->spec->name,
           msg_fault_text(CAIRN_MSGINFO_LABEL(m->info)), (unsigned long long)m->mr[CAIRN_FAULT_WORD_ADDRESS],
           (unsigned long long)m->mr[CAIRN_FAULT_WORD_PC]);
    service_stop(s);
    if (s->spec->tests)
        tests_report(0, 1);   /* a runner that faults has failed, whatever it had passed */
    service_ended(s, true);
}

void service_exit(struct service *s, uint64_t status)
{
    printf("system: %s exited with status %lld\n", s->spec->name, (long long)status);
    service_stop(s);
    if (s->spec->tests)
        tests_report(0, 1);   /* unless it reported before it exited */
    service_ended(s, status != 0);
}

void services_tick(unsigned ticks)
{
    bool waiting = false;

    sys.now += ticks;
    for (unsigned i = 0; i < sys.count; i++) {
        struct service *s = &sys.service[i];

        if (s->state == SERVICE_WAITING && s->restart_at <= sys.now)
            service_launch(s);
        waiting = waiting || s->state == SERVICE_WAITING;
    }
    if (!waiting)
        clock_run(false);
}
