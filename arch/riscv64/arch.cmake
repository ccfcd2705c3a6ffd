# SPDX-License-Identifier: GPL-2.0-only
# The riscv64 half of the kernel build: sources, linker script and code-generation flags.
set(RISCV_DIR ${CMAKE_CURRENT_SOURCE_DIR}/arch/riscv64)

set(ARCH_SOURCES
  ${RISCV_DIR}/entry.S
  ${RISCV_DIR}/trap_vector.S
  ${RISCV_DIR}/fpu.S
  ${RISCV_DIR}/boot.c
  ${RISCV_DIR}/sbi.c
  ${RISCV_DIR}/trap.c
  ${RISCV_DIR}/paging.c
  ${RISCV_DIR}/user.c
  ${RISCV_DIR}/timer.c
  ${RISCV_DIR}/plic.c
  ${RISCV_DIR}/power.c
  ${RISCV_DIR}/fdt.c
  ${RISCV_DIR}/arch_selftest.c
)
set(ARCH_LINKER_SCRIPT ${RISCV_DIR}/kernel.ld)

# No F/D: the compiler can then never put kernel data in FP registers, so a
# trap saves only the integer registers (sstatus.FS is also turned off).
# GCC 12 wants Zicsr/Zifencei named for CSR access and fence.i; the link step
# names the plain ISA so the driver picks the rv64imac/lp64 libgcc multilib
# (it falls back to the lp64d default for any ISA string with extensions).
# medany: the kernel is linked in the top 2 GiB and PC-relative addressing
# reaches it; loop-to-memset rewriting is off because there is no C library.
set(ARCH_CFLAGS -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
  -fno-tree-loop-distribute-patterns)
set(ARCH_LDFLAGS -march=rv64imac -mabi=lp64 -mcmodel=medany)
set(ARCH_LINK_LIBS gcc)

# ELF e_machine of the init image the kernel loads (EM_RISCV), and how user
# programs are compiled: integer only, since user threads have no FP state yet.
set(ARCH_ELF_MACHINE 243)
set(USER_CFLAGS -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -fno-tree-loop-distribute-patterns)
