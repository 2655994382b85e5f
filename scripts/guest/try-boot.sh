#!/usr/bin/env bash
# Boots VmPortal Linux under QEMU as the fabric will and talks to its agent: a raw copy of the image's disk,
# a data disk, a config disk (VMPCONF1, see agent.sh) last, the agent's virtio serial port and QMP on unix
# sockets. Four boots of the same disks, each checked from the records the guest leaves on them:
#   1. generalized -> provisioned from the config disk; ready (its time is measured); ping; run echo hi > /root/x;
#      shutdown -> provisioned, not running
#   2. specialized: the same machine id, no provisioning; QMP system_powerdown (ACPI) -> a clean shutdown
#   3. QEMU killed (SIGKILL) while the guest runs
#   4. boots again, reports the unexpected shutdown; /root/x is still there; deprovision -> generalized, no identity
# Usage: scripts/guest/try-boot.sh [IMAGE_DIR]   (default: the build script's cache; built when missing)
# Installs qemu-system-x86 and socat (apt-get) when missing. Ends with "try-boot: OK", or exits non-zero at the
# first step that fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
image=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/vmportal/guest}
"$here/../build-guest-image.sh" "$image"
# shellcheck source=sector.sh
. "$here/sector.sh"

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
command -v socat >/dev/null || missing+=(socat)
command -v debugfs >/dev/null || missing+=(e2fsprogs)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "try-boot: installing ${missing[*]} (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

run=$(mktemp -d /tmp/vmportal-try-boot.XXXXXX)
qemu_pid=''
cleanup() {
  set +e # every step of the clean-up runs, whatever the one before it returned
  [ -n "${AGENT_PID:-}" ] && kill "$AGENT_PID" 2>/dev/null
  [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$run"
}
trap cleanup EXIT
fail() { echo "try-boot: FAILED $*"; echo "--- console:"; tail -n 30 "$run/console.log"; exit 1; }
say() { echo "try-boot: $*"; }

# The disks: the image's data (the VHD without its footer), a 16 MiB data disk, the config disk last.
cp --sparse=always "$image/vmportal-linux.vhd" "$run/os.raw"
truncate -s $((1024 * 1024 * 1024)) "$run/os.raw"
truncate -s 16M "$run/data.raw"
{
  printf 'VMPCONF1\ncomputer_name=try-boot\nadmin_user=azureuser\n'
  printf 'password_hash=%s\n' "$(openssl passwd -6 'try-boot password')"
  printf 'ssh_key=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGtyeS1ib290LWV4YW1wbGUta2V5LW5vdC1yZWFs try-boot@vmportal\n'
} > "$run/config.raw"
truncate -s 1M "$run/config.raw"

# Starts QEMU and waits for the agent's ready line; prints it and the time it took.
boot() {
  started=$(date +%s%N)
  rm -f "$run/agent.sock" "$run/qmp.sock"
  qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot -nic none \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "console=ttyS0 root=/dev/vda1 panic=-1 quiet" \
    -drive file="$run/os.raw",format=raw,if=virtio \
    -drive file="$run/data.raw",format=raw,if=virtio \
    -drive file="$run/config.raw",format=raw,if=virtio \
    -device virtio-serial \
    -chardev socket,id=agent,path="$run/agent.sock",server=on,wait=off \
    -device virtserialport,chardev=agent,name=org.vmportal.agent \
    -qmp unix:"$run/qmp.sock",server=on,wait=off \
    < /dev/null > "$run/console.log" 2>&1 &
  qemu_pid=$!
  until grep -q 'vmportal-agent: ready' "$run/console.log"; do
    kill -0 "$qemu_pid" 2>/dev/null || fail "QEMU ended before the agent was ready"
    [ $(( $(date +%s%N) - started )) -lt 60000000000 ] || fail "no ready line in 60 s"
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  grep -a 'vmportal-' "$run/console.log" | sed 's/^.*vmportal-/  vmportal-/'
  say "boot to ready in $ready_ms ms (QEMU start to the agent's ready line, TCG)"
  coproc AGENT { socat - UNIX-CONNECT:"$run/agent.sock"; }
}

ask() {
  printf '%s\n' "$1" >&"${AGENT[1]}"
  local answer
  IFS= read -r -t 30 answer <&"${AGENT[0]}" || fail "no answer to '$1' in 30 s"
  say "> $1    < $answer"
  [[ $answer == ok* ]] || fail "'$1' was answered '$answer'"
}

qmp() {
  printf '{"execute":"qmp_capabilities"}\n{"execute":"%s"}\n' "$1" | socat -t 1 - UNIX-CONNECT:"$run/qmp.sock" > /dev/null
  say "QMP $1"
}

wait_exit() {
  for _ in $(seq 200); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$qemu_pid" 2>/dev/null && fail "QEMU still runs 20 s after $1"
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=''
  [ -n "${AGENT_PID:-}" ] && kill "$AGENT_PID" 2>/dev/null
  wait 2>/dev/null || true
}

# expect_record FLAGS BOOT_COUNT: the record the guest left on the OS disk.
expect_record() {
  guest_record_read "$run/os.raw" || fail "no intact guest record on the OS disk"
  say "record flags=$GR_FLAGS (1 generalized, 2 provisioned, 4 running, 8 last shutdown unexpected) boot-count=$GR_BOOT_COUNT computer=${GR_COMPUTER:-none} admin=${GR_ADMIN:-none} machine-id=$GR_MACHINE_ID"
  [ "$GR_FLAGS" = "$1" ] || fail "the record's flags should be $1"
  [ "$GR_BOOT_COUNT" = "$2" ] || fail "the boot count should be $2"
}

guest_file() {
  dd if="$run/os.raw" bs=1M skip=1 2>/dev/null > "$run/root.ext4"
  debugfs -R "cat $1" "$run/root.ext4" 2>/dev/null
}

say "1. a generalized image, provisioned from the config disk"
boot
first_ready_ms=$ready_ms
ask ping
ask 'run echo hi > /root/x'
ask 'run hostname; id azureuser; cat /etc/machine-id'
ask shutdown
wait_exit shutdown
expect_record 2 1
machine_id=$GR_MACHINE_ID
[ "$GR_COMPUTER/$GR_ADMIN" = try-boot/azureuser ] || fail "the record should name try-boot and azureuser"
for disk in os data config; do
  say "sector 8 of $disk: $(dd if="$run/$disk.raw" bs=512 skip=8 count=1 2>/dev/null | head -c 24 | od -An -tx1 | tr -d '\n')"
done
[ "$(guest_file /root/x)" = hi ] || fail "/root/x does not hold 'hi' on the disk"
say "/root/x on the OS disk holds 'hi'"

say "2. the same disk boots specialized; ACPI power-down"
boot
grep -q 'vmportal-agent: provisioning' "$run/console.log" && fail "a specialized guest was provisioned again"
sleep 3 # two heartbeats
qmp system_powerdown
wait_exit "system_powerdown"
expect_record 2 2
[ "$GR_MACHINE_ID" = "$machine_id" ] || fail "the machine id changed on a specialized boot"

say "3. QEMU killed while the guest runs"
boot
sleep 3 # mid-heartbeats
kill -KILL "$qemu_pid"
wait_exit "kill"
expect_record 6 3

say "4. it boots again and reports the unexpected shutdown; deprovision"
boot
ask 'run test -f /root/x'
guest_record_read "$run/os.raw"
[ "$GR_FLAGS" = 14 ] || fail "the running record should say the last shutdown was unexpected (flags 14), not $GR_FLAGS"
say "running record flags=$GR_FLAGS: running, provisioned, last shutdown unexpected"
ask deprovision
wait_exit deprovision
expect_record 1 4
[ "$GR_MACHINE_ID$GR_COMPUTER$GR_ADMIN" = 00000000000000000000000000000000 ] || fail "a deprovisioned record keeps an identity"
[ -z "$(guest_file /etc/machine-id)" ] || fail "/etc/machine-id is still there"
say "/etc/machine-id and the user are gone: $(guest_file /etc/passwd | cut -d: -f1 | tr '\n' ' ')"
say "OK (first boot to ready: $first_ready_ms ms)"
