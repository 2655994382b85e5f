#!/bin/busybox sh
# /init of the VmPortal Linux initramfs (built by scripts/build-guest-image.sh): load the kernel modules the
# root needs from this initramfs's copy of the cloud kernel's, mount the root (root= on the kernel command
# line, /dev/vda1 by default) and hand over to its /sbin/init, the guest agent.
# Anything that goes wrong powers the guest off with a line on the console: the fabric sees QEMU end
# without the agent's ready line, which is the VM's failure, never a hung guest.

export PATH=/bin:/sbin
/bin/busybox --install -s /bin

fail() {
  echo "vmportal-initramfs: error $*"
  sleep 1
  poweroff -f
}

mkdir -p /proc /sys /dev /newroot
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

kernel=$(uname -r)
modules=/lib/modules/$kernel

# Loads a module after everything modules.dep says it needs; built-in modules (modules.builtin) need nothing.
load() {
  local entry dependency name
  grep -q "/$1.ko\$" "$modules/modules.builtin" && return 0
  # Each module once: a dependency shared by two modules was loaded for the first.
  grep -q "^$(echo "$1" | tr - _) " /proc/modules && return 0
  entry=$(grep "/$1.ko:" "$modules/modules.dep") || fail "no module $1 in $modules/modules.dep"
  for dependency in ${entry#*:}; do
    name=${dependency##*/}
    load "${name%.ko}"
  done
  insmod "$modules/${entry%%:*}" || fail "could not load $1"
}

# virtio_console carries the agent's command port; button and evdev let QEMU's ACPI power-down reach acpid.
for module in virtio_pci virtio_blk virtio_console ext4 button evdev; do load "$module"; done

root=/dev/vda1
for word in $(cat /proc/cmdline); do
  case $word in root=/dev/*) root=${word#root=} ;; esac
done

waited=0
until [ -b "$root" ]; do
  [ "$waited" -ge 100 ] && fail "no root device $root after 10 s"
  sleep 0.1
  waited=$((waited + 1))
done

mount -t ext4 -o rw "$root" /newroot || fail "could not mount $root"
[ -x /newroot/sbin/init ] || fail "no /sbin/init on $root"
for fs in dev proc sys; do
  mkdir -p "/newroot/$fs"
  mount --move "/$fs" "/newroot/$fs"
done
exec switch_root /newroot /sbin/init
