/* SPDX-License-Identifier: GPL-2.0-only */
/* I/O port capabilities, x86_64 only (kernel/io_port.c). */
#ifndef CAIRN_IO_PORT_H
#define CAIRN_IO_PORT_H

#include "cap.h"

#ifdef CAIRN_HAS_IO_PORTS
cairn_error_t io_port_control_invoke(const struct cap *cspace, paddr_t control, uint64_t label,
                                     const uint64_t *words, uint32_t count);
cairn_error_t io_port_invoke(const struct cap *port, uint64_t label, const uint64_t *words,
                             uint32_t count, uint64_t *out, uint32_t *out_count);
#endif

#endif
