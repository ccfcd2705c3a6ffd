# SPDX-License-Identifier: GPL-2.0-only
# Shared by the scripts/ entry points: where things are, messages, and the
# Debian packages each command needs (installed with apt-get when running as
# root, otherwise listed so the user can install them).

CAIRN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CAIRN_BUILD=${CAIRN_BUILD:-$CAIRN_ROOT/build}

die() { echo "$(basename "$0"): $*" >&2; exit 2; }
note() { echo "$(basename "$0"): $*" >&2; }

# Packages by purpose. Everything comes from Debian's own archive.
PKGS_BUILD="gcc libc6-dev make cmake python3 cpio"
PKGS_X86="qemu-system-x86 grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools ovmf"
PKGS_RISCV="qemu-system-misc opensbi gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf"
PKGS_TEST="libcmocka-dev"

# need_packages PKG...: make sure every package is installed.
need_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "$(basename "$0"): these Debian packages are missing:" >&2
        echo "    ${missing[*]}" >&2
        echo "install them with:  sudo apt-get install ${missing[*]}" >&2
        exit 2
    fi
    note "installing ${missing[*]}"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >&2; then
        die "apt-get could not install: ${missing[*]}"
    fi
}

# arch_packages ARCH: the packages that building and booting ARCH needs.
arch_packages() {
    case "$1" in
        x86_64)  echo "$PKGS_BUILD $PKGS_X86" ;;
        riscv64) echo "$PKGS_BUILD $PKGS_RISCV" ;;
        *) die "unknown architecture '$1' (x86_64 or riscv64)" ;;
    esac
}
