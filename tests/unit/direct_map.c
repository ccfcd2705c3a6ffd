/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The direct map on the host, for the unit tests of kernel/: the identity.
 * A "physical address" is a pointer into the test program's own memory, so
 * slots and objects live in its static arrays.
 */
#include "arch.h"
#include "cap.h"
#include "endpoint.h"

struct slot *arch_slots_at(paddr_t pa, size_t count)
{
    (void)count;
    return (struct slot *)(uintptr_t)pa;
}

void *arch_phys_to_virt(paddr_t pa, size_t len)
{
    (void)len;
    return (void *)(uintptr_t)pa;
}

struct tcb *arch_tcb_at(paddr_t pa)
{
    return (struct tcb *)(uintptr_t)pa;
}

uint8_t *arch_bytes_at(paddr_t pa, size_t len)
{
    (void)len;
    return (uint8_t *)(uintptr_t)pa;
}

uint64_t *arch_words_at(paddr_t pa, size_t count)
{
    (void)count;
    return (uint64_t *)(uintptr_t)pa;
}

struct endpoint *arch_endpoint_at(paddr_t pa)
{
    return (struct endpoint *)(uintptr_t)pa;
}
