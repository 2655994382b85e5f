# The fabric's 512-byte records (R5 guest record, R5a heartbeat) in POSIX sh, byte for byte as
# src/VmPortal.Core/Disks/GuestRecord.cs, Heartbeat.cs and SectorSeal.cs lay them out: big-endian fields,
# then a SHA-256 of bytes 0..479 in bytes 480..511.
# Sourced by the guest agent (busybox ash, as /lib/vmportal/sector.sh) and by build-guest-image.sh (bash),
# so the image's first record and every record the guest writes come from the same code.
# Needs: printf, od, head, tr, sha256sum, dd (busybox or coreutils), and ${VAR:OFFSET:LENGTH} (bash, busybox ash).

SECTOR_SEALED=480

# Prints the bytes a string of hex digits spells. One printf with octal escapes, no subshell per byte:
# the heartbeat runs this every two seconds on a TCG guest.
sector_hex_bytes() {
  _hex=$1 _fmt=''
  while [ -n "$_hex" ]; do
    _b=$(( 0x${_hex%"${_hex#??}"} ))
    _fmt="$_fmt\\$(( _b / 64 ))$(( _b / 8 % 8 ))$(( _b % 8 ))"
    _hex=${_hex#??}
  done
  printf "$_fmt"
}

# Prints the bytes of a file (or stdin with -) as one line of lowercase hex.
sector_to_hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }

# Prints a string of hex digits as text (names read back from a record).
sector_hex_text() { sector_hex_bytes "$1"; }

# Prints N zero bytes.
sector_zeros() { [ "$1" -gt 0 ] && head -c "$1" /dev/zero; return 0; }

# A name field: a length byte, then up to 64 bytes of text, zero-padded to 65 bytes.
sector_name_field() {
  _len=$(printf '%s' "$1" | wc -c)
  _len=$(( _len + 0 ))
  if [ "$_len" -gt 64 ]; then echo "sector.sh: name '$1' is $_len bytes; a guest record holds at most 64" >&2; return 1; fi
  sector_hex_bytes "$(printf '%02x' "$_len")"
  printf '%s' "$1"
  sector_zeros $(( 64 - _len ))
}

# Reads FILE (480 bytes) and prints them followed by their SHA-256: a sealed sector.
sector_seal() {
  cat "$1"
  sector_hex_bytes "$(sha256sum "$1" | cut -d' ' -f1)"
}

# Prints a sealed guest record (GuestRecord.ToBytes) into FILE.
#   guest_record_write FILE OS_BYTE FLAGS BOOT_COUNT MACHINE_ID_HEX32 LAST_BOOT_MS COMPUTER_NAME ADMIN_USER
# OS_BYTE is OsType + 1 (2 = Linux); FLAGS: 1 generalized, 2 provisioned, 4 running, 8 last shutdown unexpected;
# a zero machine id (32 zeros) means none; LAST_BOOT_MS 0 means never.
guest_record_write() {
  _out=$1 _body=$1.body
  {
    sector_hex_bytes "$(printf '564d504755455354''0001''%02x%02x%08x%s%016x' "$2" "$3" "$4" "$5" "$6")" &&
    sector_name_field "$7" &&
    sector_name_field "$8" &&
    sector_zeros $(( SECTOR_SEALED - 40 - 65 - 65 ))
  } > "$_body" || return 1
  sector_seal "$_body" > "$_out"
  rm -f "$_body"
}

# Prints a sealed heartbeat (Heartbeat.ToBytes) into FILE:  heartbeat_write FILE SEQUENCE TIME_MS
heartbeat_write() {
  _out=$1 _body=$1.body
  {
    sector_hex_bytes "$(printf '564d504842454154%016x%016x' "$2" "$3")"
    sector_zeros $(( SECTOR_SEALED - 24 ))
  } > "$_body"
  sector_seal "$_body" > "$_out"
  rm -f "$_body"
}

# Reads sector 1 of DEVICE and sets GR_* from it when it is an intact guest record:
#   guest_record_read DEVICE  ->  returns 0 and sets GR_OS GR_FLAGS GR_BOOT_COUNT GR_MACHINE_ID GR_LAST_BOOT
#                                 GR_COMPUTER GR_ADMIN; returns 1 (absent) or 2 (seal broken) otherwise.
guest_record_read() {
  _hex=$(dd if="$1" bs=512 skip=1 count=1 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
  [ "${#_hex}" -eq 1024 ] || return 1
  [ "${_hex:0:16}" = 564d504755455354 ] || return 1
  _seal=$(sector_hex_bytes "${_hex:0:$(( SECTOR_SEALED * 2 ))}" | sha256sum)
  [ "${_seal%% *}" = "${_hex:960:64}" ] || return 2
  [ "${_hex:16:4}" = 0001 ] || return 2
  GR_OS=$(( 0x${_hex:20:2} ))
  GR_FLAGS=$(( 0x${_hex:22:2} ))
  GR_BOOT_COUNT=$(( 0x${_hex:24:8} ))
  GR_MACHINE_ID=${_hex:32:32}
  GR_LAST_BOOT=$(( 0x${_hex:64:16} ))
  GR_COMPUTER=$(sector_name_at "$_hex" 40)
  GR_ADMIN=$(sector_name_at "$_hex" 105)
  return 0
}

# Prints the name whose length byte sits at byte OFFSET of a record given as hex.
sector_name_at() {
  _len=$(( 0x${1:$(( $2 * 2 )):2} ))
  [ "$_len" -gt 64 ] && _len=64
  [ "$_len" -eq 0 ] && return 0
  sector_hex_text "${1:$(( $2 * 2 + 2 )):$(( _len * 2 ))}"
}

# sector_put DEVICE FILE SECTOR_NO: writes the 512-byte FILE over that sector, flushed to the disk before it returns.
sector_put() { dd if="$2" of="$1" bs=512 seek="$3" count=1 conv=notrunc,fsync 2>/dev/null; }
