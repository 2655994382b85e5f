#!/bin/busybox sh
# /init of the VmPortal Linux initramfs (built by scripts/build-guest-image.sh): load the kernel modules the
# guest needs (virtio disks, the agent's serial port, the power button) from this initramfs's copy of the cloud
# kernel's, mount the root (root= on the kernel command line, /dev/vda1 by default) and hand over to its
# /sbin/init, the guest agent.
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

# The modules the root needs, each after the ones it depends on: the build script resolved modules.dep into
# this list (modules.load), so loading is one insmod per module, not a dependency walk per boot under TCG.
modules=/lib/modules/$(uname -r)
while read -r module; do
  insmod "$modules/$module" || fail "could not load $module"
done < "$modules/modules.load"

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
