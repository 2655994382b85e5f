#!/usr/bin/env bash
# Builds VmPortal Linux, the bootable image of the QEMU fabric, from Debian packages only:
#   OUTDIR/vmlinuz             the Debian cloud kernel (linux-image-cloud-amd64's versioned package)
#   OUTDIR/initrd.img          a busybox initramfs that loads the virtio modules and switch_roots to /dev/vda1
#   OUTDIR/vmportal-linux.vhd  a fixed VHD, 1 GiB of data (sparse here): an MBR with one ext4 partition from
#                              1 MiB (sectors 1-2047 stay free: the guest record in sector 1, heartbeats in
#                              sector 8), a busybox root whose /sbin/init is the guest agent, and a generalized
#                              Linux guest record in sector 1 (R5)
# Usage: scripts/build-guest-image.sh [OUTDIR]   (default ${XDG_CACHE_HOME:-$HOME/.cache}/vmportal/guest)
# An OUTDIR that already holds a build of these same scripts is left as it is (a second run takes no time).
# Installs only the host tools it runs, when missing: e2fsprogs, fdisk, busybox-static (apt-get).
# Prints "build-guest-image: ready OUTDIR" last.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
guest=$here/guest
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/vmportal/guest}
disk_bytes=$((1024 * 1024 * 1024))
partition_start_sector=2048
sector=512

say() { echo "build-guest-image: $*"; }
die() { echo "build-guest-image: error $*" >&2; exit 1; }

mkdir -p "$out"
# One build at a time per OUTDIR (the test command and a test may both ask for it): the second waits, then
# finds the first one's build.
exec 9> "$out/.lock"
flock 9
# The version of a build is the hash of everything that makes it; the kernel is whatever Debian's cloud
# kernel is when the version first builds.
version=$(cat "$0" "$guest/initramfs-init.sh" "$guest/agent.sh" "$guest/sector.sh" | sha256sum | cut -d' ' -f1)
if [ -f "$out/build.version" ] && [ "$(cat "$out/build.version")" = "$version" ] &&
   [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ] && [ -f "$out/vmportal-linux.vhd" ]; then
  say "ready $out (cached build $version)"
  exit 0
fi

missing=()
command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
command -v sfdisk >/dev/null || missing+=(fdisk)
command -v busybox >/dev/null || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} (apt-get)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
      "${missing[@]}" >/dev/null; } || die "could not install ${missing[*]} with apt-get"
fi

started=$(date +%s)
work=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -f "$out/build.version"

# --- Debian packages ---------------------------------------------------------------------------------------
kernel_package=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}')
if [ -z "$kernel_package" ]; then
  apt-get update -qq || die "apt-get update failed"
  kernel_package=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
fi
[ -n "$kernel_package" ] || die "linux-image-cloud-amd64 names no versioned kernel package"
say "downloading $kernel_package and busybox-static"
(cd "$work" && apt-get download "$kernel_package" busybox-static > "$work/download.log" 2>&1) ||
  die "apt-get download $kernel_package busybox-static failed: $(tail -n 5 "$work/download.log")"
dpkg-deb -x "$work"/linux-image-*.deb "$work/kernel"
dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox"
busybox=$work/busybox/bin/busybox
kernel_version=$(ls "$work/kernel/lib/modules")
modules=$work/kernel/lib/modules/$kernel_version
# The package holds no modules.dep (its postinst makes it): make it the way busybox's modprobe reads it.
"$busybox" depmod -b "$work/kernel" "$kernel_version"

# --- initramfs ----------------------------------------------------------------------------------------------
initramfs=$work/initramfs
mkdir -p "$initramfs/bin" "$initramfs/lib/modules/$kernel_version"
cp "$busybox" "$initramfs/bin/busybox"
ln -s busybox "$initramfs/bin/sh"
install -m 755 "$guest/initramfs-init.sh" "$initramfs/init"

# The modules the initramfs's /init loads, and what modules.dep says each needs first, in an order that
# loads every module after its dependencies (modules.load, one path a line). Built-in ones need nothing.
wanted_modules="virtio_pci virtio_blk virtio_console ext4 button evdev"
: > "$work/modules.load"
add_module() {
  grep -q "/$1.ko\$" "$modules/modules.builtin" && return 0
  local entry dependency
  entry=$(grep "/$1.ko:" "$modules/modules.dep") || die "the kernel has no module $1"
  grep -qx "${entry%%:*}" "$work/modules.load" && return 0
  for dependency in ${entry#*:}; do
    dependency=${dependency##*/}
    add_module "${dependency%.ko}"
  done
  install -D -m 644 "$modules/${entry%%:*}" "$initramfs/lib/modules/$kernel_version/${entry%%:*}"
  echo "${entry%%:*}" >> "$work/modules.load"
}
for module in $wanted_modules; do add_module "$module"; done
cp "$work/modules.load" "$initramfs/lib/modules/$kernel_version/modules.load"
(cd "$initramfs" && find . | sort | "$busybox" cpio -o -H newc 2>/dev/null | gzip -9 > "$work/initrd.img")

# --- root filesystem ----------------------------------------------------------------------------------------
root=$work/root
mkdir -p "$root"/{bin,sbin,etc,dev,proc,sys,run,tmp,root,home,usr/bin,usr/sbin,var/log,lib/vmportal,etc/acpi/PWRF}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list-full); do
  case $applet in bin/busybox|sbin/init|linuxrc) continue ;; esac
  mkdir -p "$root/$(dirname "$applet")"
  ln -sf /bin/busybox "$root/$applet"
done
install -m 755 "$guest/agent.sh" "$root/sbin/init"
install -m 644 "$guest/sector.sh" "$root/lib/vmportal/sector.sh"
printf '#!/bin/sh\nexec /sbin/init power-button\n' > "$root/etc/acpi/PWRF/00000080"
chmod 755 "$root/etc/acpi/PWRF/00000080"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
# root has no password: the provisioned user is the way in.
printf 'root:*:0:0:99999:7:::\nnobody:*:0:0:99999:7:::\n' > "$root/etc/shadow"
chmod 640 "$root/etc/shadow"
echo localhost > "$root/etc/hostname"
chmod 700 "$root/root"
chmod 1777 "$root/tmp"

# --- the disk -----------------------------------------------------------------------------------------------
raw=$work/disk.raw
truncate -s "$disk_bytes" "$raw"
partition_offset=$((partition_start_sector * sector))
partition_bytes=$((disk_bytes - partition_offset))
# -E offset writes the file system straight into the partition, no loop device and no copy of it.
mkfs.ext4 -q -F -L vmportal-root -E "offset=$partition_offset" -d "$root" "$raw" "$((partition_bytes / 1024))k" ||
  die "mkfs.ext4 failed"
echo "start=$partition_start_sector, type=83, bootable" | sfdisk -q --no-reread --wipe never --wipe-partitions never "$raw" >"$work/sfdisk.log" 2>&1 ||
  die "sfdisk failed: $(cat "$work/sfdisk.log")"

# The generalized Linux guest record (GuestRecord.GeneralizedImage(OsType.Linux)): OS byte 2, flag Generalized.
# shellcheck source=guest/sector.sh
. "$guest/sector.sh"
guest_record_write "$work/record" 2 1 0 00000000000000000000000000000000 0 "" "" || die "could not make the guest record"
sector_put "$raw" "$work/record" 1 || die "could not write the guest record"

# --- the VHD footer (VhdFooter.ForFixedDisk), appended: the disk stays sparse -----------------------------
# CHS geometry as the VHD specification computes it (DiskGeometry.For).
total_sectors=$((disk_bytes / sector))
if [ "$total_sectors" -gt $((65535 * 16 * 255)) ]; then total_sectors=$((65535 * 16 * 255)); fi
if [ "$total_sectors" -ge $((65535 * 16 * 63)) ]; then
  spt=255; heads=16; cth=$((total_sectors / spt))
else
  spt=17; cth=$((total_sectors / spt)); heads=$(((cth + 1023) / 1024))
  [ "$heads" -lt 4 ] && heads=4
  if [ "$cth" -ge $((heads * 1024)) ] || [ "$heads" -gt 16 ]; then spt=31; heads=16; cth=$((total_sectors / spt)); fi
  if [ "$cth" -ge $((heads * 1024)) ]; then spt=63; heads=16; cth=$((total_sectors / spt)); fi
fi
cylinders=$((cth / heads))
vhd_seconds=$(($(date +%s) - 946684800))
unique_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
footer_hex=$(printf '636f6e6563746978%08x%08x%016x%08x%s%08x%s%016x%016x%04x%02x%02x%08x%08x%s%02x' \
  2 $((0x10000)) -1 "$vhd_seconds" 766d7074 $((0x10000)) 5769326b "$disk_bytes" "$disk_bytes" \
  "$cylinders" "$heads" "$spt" 2 0 "$unique_id" 0)
# The checksum: the one's complement of the byte sum, taken with the checksum field (bytes 64-67) zero.
sum=0
for ((i = 0; i < ${#footer_hex}; i += 2)); do sum=$((sum + 0x${footer_hex:i:2})); done
checksum=$(printf '%08x' $((~sum & 0xffffffff)))
footer_hex=${footer_hex:0:128}$checksum${footer_hex:136}
{ sector_hex_bytes "$footer_hex"; sector_zeros $((512 - ${#footer_hex} / 2)); } > "$work/footer"
[ "$(stat -c %s "$work/footer")" = 512 ] || die "the VHD footer is not 512 bytes"
cat "$work/footer" >> "$raw"

# --- publish: the version stamp last, so a build cut short is never taken for a finished one ---------------
mv "$raw" "$out/vmportal-linux.vhd"
mv "$work/initrd.img" "$out/initrd.img"
cp "$work/kernel/boot/vmlinuz-$kernel_version" "$out/vmlinuz"
echo "$kernel_package" > "$out/kernel.package"
echo "$version" > "$out/build.version"
say "built in $(($(date +%s) - started)) s: $kernel_package, $(du -h --apparent-size "$out/vmportal-linux.vhd" | cut -f1) VHD ($(du -h "$out/vmportal-linux.vhd" | cut -f1) on disk)"
say "ready $out"
