#!/bin/sh
# The VmPortal guest agent: /sbin/init of VmPortal Linux (busybox ash, PID 1). What SimulatedFabric does to a
# guest, done by the guest itself on its own disks:
#   - on boot it reads the guest record (R5, sector 1 of the OS disk); a GENERALIZED record is provisioned from
#     the config disk (below), which gives the machine its name, user and a new machine id; then, as
#     PowerOnAsync does, LastShutdownUnexpected = the old Running flag, Running = 1, BootCount + 1,
#     LastBootTime = now;
#   - every 2 s it writes a heartbeat (R5a, sector 8) to every virtio disk but the config disk, the same
#     sequence number on all of them;
#   - it answers commands on the virtio serial port named org.vmportal.agent, one line each way:
#       ping                -> ok pong
#       run <shell command> -> ok <exit code>   (the command's output goes to the console; synced to disk first)
#       shutdown            -> ok shutting down (Running = 0, sync, power off)
#       deprovision         -> ok deprovisioned (the user and its home, /etc/machine-id, /etc/hostname removed; record
#                              generalized with no names or id, Running = 0; sync; power off)
#     anything else         -> error <why>
#   - QEMU's ACPI power-down (the power button, through busybox acpid) is a `shutdown`.
# Every console line starts with "vmportal-agent:"; "vmportal-agent: ready computer=<name> machine-id=<32 hex>
# uptime=<seconds since the kernel started>s" says the first heartbeat is on the disks and commands are answered.
#
# The config disk (VMPCONF1), the provisioning the fabric hands a generalized guest: a small raw virtio disk,
# attached when the VM is deployed (the last disk at boot; the agent finds it by its magic, not its place, so
# a hot-plugged data disk never passes for it). Its first 4 KiB are UTF-8 text, NUL-padded:
#     VMPCONF1
#     computer_name=<host name: letters, digits, '-', 1-63, no '-' at either end>
#     admin_user=<[a-z_][a-z0-9_-]{0,31}, not an account the image already has>
#     password_hash=<crypt(3) SHA-512: $6$[rounds=N$]salt$86 characters>      (optional)
#     ssh_key=<one OpenSSH public key line: type base64 [comment]>             (optional)
# Lines end in \n; each key at most once; at least one of password_hash and ssh_key; empty lines and the
# NUL padding are ignored; any other line, an unknown or repeated key or a value outside its pattern refuses
# the whole disk before anything is applied, and the guest powers off without touching its record.
# The password arrives as a hash only, and on a disk no image is ever made from: no secret reaches the OS disk's
# record (R5), only /etc/shadow, as on any Linux machine.

PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH
. /lib/vmportal/sector.sh

say() { echo "vmportal-agent: $*"; }

work=/run/vmportal
os_disk=/dev/vda
config_magic=VMPCONF1

# Powers the guest off at once, the disks flushed; the fabric sees QEMU end.
power_off() {
  sync
  mount -o remount,ro / 2>/dev/null
  poweroff -f
}

fail() {
  say "error $*"
  power_off
}

now_ms() { echo $(( $(date +%s) * 1000 )); }

# Reads the record into GR_* or stops the guest: a guest without a usable record has no identity to run with.
read_record() {
  guest_record_read "$os_disk"
  case $? in
    0) ;;
    2) fail "the guest record in sector 1 of $os_disk is damaged" ;;
    *) fail "no guest record in sector 1 of $os_disk" ;;
  esac
}

# write_record FLAGS BOOT_COUNT MACHINE_ID LAST_BOOT_MS COMPUTER ADMIN: sealed, on the disk when it returns.
write_record() {
  guest_record_write "$work/record" "$GR_OS" "$@" || fail "could not make the guest record"
  sector_put "$os_disk" "$work/record" 1 || fail "could not write the guest record to $os_disk"
}

has_flag() { [ $(( GR_FLAGS & $1 )) -ne 0 ]; }
GENERALIZED=1 PROVISIONED=2 RUNNING=4 UNEXPECTED=8
NO_MACHINE_ID=00000000000000000000000000000000

is_config_disk() { [ "$(dd if="$1" bs=8 count=1 2>/dev/null)" = "$config_magic" ]; }

# The virtio disks present now, as /dev paths.
virtio_disks() {
  for block in /sys/block/vd*; do
    [ -e "$block" ] && echo "/dev/${block##*/}"
  done
}

# --- provisioning -----------------------------------------------------------------------------------------

# Reads and checks the config disk into CONF_*; returns 1 with CONF_PROBLEM set when it is refused.
read_config() {
  CONF_NAME='' CONF_USER='' CONF_HASH='' CONF_KEY='' CONF_PROBLEM=''
  dd if="$1" bs=4096 count=1 2>/dev/null | tr '\000' '\n' > "$work/config"
  first=1
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "$first" = 1 ]; then
      first=0
      [ "$line" = "$config_magic" ] && continue
      CONF_PROBLEM="the first line is not $config_magic"; return 1
    fi
    [ -z "$line" ] && continue
    case $line in
      *=*) key=${line%%=*} value=${line#*=} ;;
      *) CONF_PROBLEM="a line is not key=value"; return 1 ;;
    esac
    case $key in
      computer_name) config_set CONF_NAME "$value" '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$' || return 1 ;;
      admin_user) config_set CONF_USER "$value" '^[a-z_][a-z0-9_-]{0,31}$' || return 1 ;;
      password_hash) config_set CONF_HASH "$value" '^\$6\$(rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$' || return 1 ;;
      ssh_key) config_set CONF_KEY "$value" '^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [ -~]{0,200})?$' || return 1 ;;
      *) CONF_PROBLEM="unknown key '$key'"; return 1 ;;
    esac
  done < "$work/config"
  [ "$first" = 0 ] || { CONF_PROBLEM="it is empty"; return 1; }
  [ -n "$CONF_NAME" ] || { CONF_PROBLEM="computer_name is missing"; return 1; }
  [ -n "$CONF_USER" ] || { CONF_PROBLEM="admin_user is missing"; return 1; }
  [ -n "$CONF_HASH$CONF_KEY" ] || { CONF_PROBLEM="neither password_hash nor ssh_key is given"; return 1; }
  # An account the image already has (root, a daemon) must not be taken over; a user a crashed provisioning
  # of this same disk left behind (uid 1000) may be made again.
  existing=$(grep "^$CONF_USER:" /etc/passwd | cut -d: -f3)
  [ -z "$existing" ] || [ "$existing" = 1000 ] || { CONF_PROBLEM="admin_user '$CONF_USER' is an account of the image"; return 1; }
  return 0
}

# config_set VARIABLE VALUE PATTERN: refuses a repeated key or a value outside the pattern.
config_set() {
  eval "current=\$$1"
  [ -z "$current" ] || { CONF_PROBLEM="$key is given twice"; return 1; }
  printf '%s\n' "$2" | grep -Eq "$3" || { CONF_PROBLEM="$key is not valid"; return 1; }
  eval "$1=\$2"
}

# Removes an account's lines from the account files (no-op when it has none).
remove_account() {
  for file in /etc/passwd /etc/shadow /etc/group; do
    grep -v "^$1:" "$file" > "$file.new"
    cat "$file.new" > "$file"
    rm -f "$file.new"
  done
}

apply_config() {
  remove_account "$CONF_USER"
  home=/home/$CONF_USER
  echo "$CONF_USER:x:1000:1000::$home:/bin/sh" >> /etc/passwd
  echo "$CONF_USER:x:1000:" >> /etc/group
  echo "$CONF_USER:${CONF_HASH:-!}:$(( $(date +%s) / 86400 )):0:99999:7:::" >> /etc/shadow
  rm -rf "$home"
  mkdir -p "$home/.ssh"
  [ -n "$CONF_KEY" ] && printf '%s\n' "$CONF_KEY" > "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"
  chown -R 1000:1000 "$home"
  echo "$CONF_NAME" > /etc/hostname
  # machine-id is the record's machine id: its 16 bytes big-endian, in hex.
  tr -d '-' < /proc/sys/kernel/random/uuid > /etc/machine-id
  sync
}

provision() {
  config=''
  for disk in $(virtio_disks); do
    [ "$disk" != "$os_disk" ] && is_config_disk "$disk" && config=$disk
  done
  [ -n "$config" ] || fail "the guest is generalized and no config disk ($config_magic) is attached"
  read_config "$config" || fail "the config disk $config is refused: $CONF_PROBLEM"
  say "provisioning computer=$CONF_NAME user=$CONF_USER from $config"
  apply_config
  GR_FLAGS=$PROVISIONED
  GR_MACHINE_ID=$(cat /etc/machine-id)
  GR_COMPUTER=$CONF_NAME GR_ADMIN=$CONF_USER
  write_record "$GR_FLAGS" "$GR_BOOT_COUNT" "$GR_MACHINE_ID" "$GR_LAST_BOOT" "$GR_COMPUTER" "$GR_ADMIN"
}

# --- heartbeats (R5a) -------------------------------------------------------------------------------------

# beat SEQUENCE: the same heartbeat on every disk of the VM but the config disk.
beat() {
  heartbeat_write "$work/heartbeat" "$1" "$(now_ms)"
  for disk in $(virtio_disks); do
    is_config_disk "$disk" && continue
    sector_put "$disk" "$work/heartbeat" 8 || say "error could not write heartbeat $1 to $disk"
  done
}

heartbeats() {
  sequence=$1
  while :; do
    sleep 2
    sequence=$((sequence + 1))
    beat "$sequence"
  done
}

# --- commands -----------------------------------------------------------------------------------------------

# Marks the guest cleanly stopped (Running = 0) and powers off.
shut_down() {
  read_record
  write_record $(( GR_FLAGS & ~RUNNING )) "$GR_BOOT_COUNT" "$GR_MACHINE_ID" "$GR_LAST_BOOT" "$GR_COMPUTER" "$GR_ADMIN"
  sync
  say "shut down ($1)"
}

deprovision() {
  read_record
  [ -n "$GR_ADMIN" ] && { remove_account "$GR_ADMIN"; rm -rf "/home/$GR_ADMIN"; }
  rm -f /etc/machine-id /etc/hostname
  sync
  write_record "$GENERALIZED" "$GR_BOOT_COUNT" "$NO_MACHINE_ID" "$GR_LAST_BOOT" "" ""
  sync
  say "deprovisioned"
}

agent_port() {
  for name in /sys/class/virtio-ports/*/name; do
    [ -f "$name" ] && [ "$(cat "$name")" = org.vmportal.agent ] && { port=${name%/name}; echo "/dev/${port##*/}"; return 0; }
  done
  return 1
}

reply() { printf '%s\n' "$*" >&3; }

answer() {
  case $1 in
    ping) reply "ok pong" ;;
    "run "*)
      command=${1#run }
      sh -c "$command" < /dev/null > /dev/console 2>&1
      code=$?
      sync
      reply "ok $code" ;;
    run) reply "error run needs a command" ;;
    shutdown) shut_down "command"; reply "ok shutting down"; power_off ;;
    deprovision) deprovision; reply "ok deprovisioned"; power_off ;;
    "") ;;
    *) reply "error unknown command '$1'" ;;
  esac
}

serve() {
  while :; do
    if IFS= read -r line <&3; then
      answer "$line"
    else
      # The port reads end-of-file while no one is connected on the host side: look again shortly.
      [ -n "$line" ] && answer "$line"
      sleep 0.2
    fi
  done
}

# --- main ---------------------------------------------------------------------------------------------------

if [ "$$" != 1 ]; then
  # acpid runs us for QEMU's ACPI power-down (see /etc/acpi/PWRF).
  [ "$1" = power-button ] || { echo "usage: $0 power-button (the agent itself runs as PID 1)" >&2; exit 2; }
  shut_down "power button"
  power_off
fi

mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p "$work"
for word in $(cat /proc/cmdline); do
  case $word in root=/dev/vd*) root=${word#root=}; os_disk=${root%%[0-9]*} ;; esac
done

read_record
has_flag "$GENERALIZED" && provision
# The power button is heard before the record says "running": the fabric may press it the moment it reads that.
acpid -c /etc/acpi -l /run/acpid.log 2>/dev/null
# As PowerOnAsync: a guest that boots with its running flag still set was not shut down cleanly (R25).
flags=$(( (GR_FLAGS & PROVISIONED) | RUNNING ))
has_flag "$RUNNING" && flags=$(( flags | UNEXPECTED ))
write_record "$flags" $(( GR_BOOT_COUNT + 1 )) "$GR_MACHINE_ID" "$(now_ms)" "$GR_COMPUTER" "$GR_ADMIN"
[ -f /etc/hostname ] && hostname "$(cat /etc/hostname)"

beat 1
heartbeats 1 &

waited=0
until port=$(agent_port); do
  [ "$waited" -ge 50 ] && break
  sleep 0.1
  waited=$((waited + 1))
done
read -r uptime _ < /proc/uptime
say "ready computer=${GR_COMPUTER:-none} machine-id=$GR_MACHINE_ID uptime=${uptime}s"
if [ -n "$port" ] && exec 3<> "$port"; then
  serve
fi
say "no command port org.vmportal.agent: heartbeats only"
while :; do wait; sleep 60; done
