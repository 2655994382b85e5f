#!/usr/bin/env bash
# Boots VmPortal Linux under QEMU as the fabric will, and talks to its agent: a raw copy of the image's disk,
# a data disk, a config disk (VMPCONF1, see agent.sh) and the agent's virtio serial port on a unix socket.
# Shows the boot, the ready line and its time, `ping`, `run echo hi > /root/x`, `shutdown`, then the
# records the guest left on its disks.
# Usage: scripts/guest/try-boot.sh [IMAGE_DIR]   (default: the build script's cache; built when missing)
# Installs qemu-system-x86 and socat (apt-get) when missing. Exits non-zero when any step fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
image=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/vmportal/guest}
"$here/../build-guest-image.sh" "$image"

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v socat >/dev/null || missing+=(socat)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "try-boot: installing ${missing[*]} (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

run=$(mktemp -d /tmp/vmportal-try-boot.XXXXXX)
qemu_pid=''
agent_pid=''
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$run"
}
trap cleanup EXIT
fail() { echo "try-boot: FAILED $*"; echo "--- console:"; tail -n 30 "$run/console.log"; exit 1; }

# The disks: the image's data (the VHD without its footer), a 16 MiB data disk, the config disk last.
cp --sparse=always "$image/vmportal-linux.vhd" "$run/os.raw"
truncate -s $((1024 * 1024 * 1024)) "$run/os.raw"
truncate -s 16M "$run/data.raw"
password_hash=$(openssl passwd -6 'try-boot password')
{
  printf 'VMPCONF1\ncomputer_name=try-boot\nadmin_user=azureuser\n'
  printf 'password_hash=%s\n' "$password_hash"
  printf 'ssh_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtyeS1ib290LWV4YW1wbGUta2V5LW5vdC1yZWFs try-boot@vmportal\n'
} > "$run/config.raw"
truncate -s 1M "$run/config.raw"

started=$(date +%s%N)
qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot \
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
  -append "console=ttyS0 root=/dev/vda1 panic=-1 quiet" \
  -drive file="$run/os.raw",format=raw,if=virtio \
  -drive file="$run/data.raw",format=raw,if=virtio \
  -drive file="$run/config.raw",format=raw,if=virtio \
  -device virtio-serial \
  -chardev socket,id=agent,path="$run/agent.sock",server=on,wait=off \
  -device virtserialport,chardev=agent,name=org.vmportal.agent \
  < /dev/null > "$run/console.log" 2>&1 &
qemu_pid=$!

until grep -q 'vmportal-agent: ready' "$run/console.log"; do
  kill -0 "$qemu_pid" 2>/dev/null || fail "QEMU ended before the agent was ready"
  [ $(( $(date +%s%N) - started )) -lt 60000000000 ] || fail "no ready line in 60 s"
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
grep 'vmportal-' "$run/console.log"
echo "try-boot: boot to ready in $ready_ms ms (QEMU start to the agent's ready line, TCG)"

coproc AGENT { socat - UNIX-CONNECT:"$run/agent.sock"; }
agent_pid=$AGENT_PID
ask() {
  printf '%s\n' "$1" >&"${AGENT[1]}"
  local answer
  IFS= read -r -t 30 answer <&"${AGENT[0]}" || fail "no answer to '$1' in 30 s"
  echo "try-boot: > $1    < $answer"
  [[ $answer == ok* ]] || fail "'$1' was answered '$answer'"
}
ask ping
ask 'run echo hi > /root/x'
ask 'run hostname; id azureuser; cat /etc/machine-id'
ask shutdown
for _ in $(seq 100); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$qemu_pid" 2>/dev/null && fail "QEMU still runs 10 s after shutdown"
qemu_pid=''
echo "--- console after ready:"
sed -n '/vmportal-agent: ready/,$p' "$run/console.log"

# What the guest left on its disks, read back on the host with the same code the agent uses.
. "$here/sector.sh"
guest_record_read "$run/os.raw" || fail "no intact guest record on the OS disk"
echo "try-boot: record flags=$GR_FLAGS (1 generalized, 2 provisioned, 4 running, 8 unexpected) boot-count=$GR_BOOT_COUNT computer=$GR_COMPUTER admin=$GR_ADMIN machine-id=$GR_MACHINE_ID"
[ "$GR_FLAGS" = 2 ] || fail "the record should be provisioned and not running after shutdown"
for disk in os data; do
  echo "try-boot: heartbeat on $disk: $(dd if="$run/$disk.raw" bs=512 skip=8 count=1 2>/dev/null | head -c 24 | od -An -tx1 | tr -d '\n')"
done
dd if="$run/os.raw" bs=1M skip=1 2>/dev/null > "$run/root.ext4"
[ "$(debugfs -R 'cat /root/x' "$run/root.ext4" 2>/dev/null)" = hi ] || fail "/root/x does not hold 'hi' on the disk"
echo "try-boot: /root/x on the OS disk holds 'hi'"
echo "try-boot: OK"
