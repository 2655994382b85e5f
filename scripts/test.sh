#!/usr/bin/env bash
# Runs every VmPortal test on the real parts (SQLite, PostgreSQL, Azurite, Chromium), installing what is missing:
# Azurite, the classic ASM client and the OpenAPI tools through npm, Debian's chromium, postgresql and QEMU through apt-get. Ends with
# "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's chromium for the browser tests (apt-get)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null \
    || { echo "Could not install chromium with apt-get; the browser tests need /usr/bin/chromium." >&2; exit 1; }
fi

if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  say "Installing Debian's Noto CJK fonts, so the Chinese screenshots show Chinese (apt-get)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq fonts-noto-cjk >/dev/null; } \
    || { echo "Could not install fonts-noto-cjk with apt-get; the Chinese screenshots need it." >&2; exit 1; }
fi

if ! command -v qemu-system-x86_64 >/dev/null || ! command -v qemu-io >/dev/null || ! command -v qemu-img >/dev/null; then
  say "Installing Debian's QEMU for the real-fabric tests: the emulator, and qemu-io/qemu-img as the NBD client the disk server tests drive (apt-get)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends qemu-system-x86 qemu-utils >/dev/null; } \
    || { echo "Could not install qemu-system-x86 and qemu-utils with apt-get; the real-fabric tests need them." >&2; exit 1; }
fi

say "Building the guest image VmPortal Linux (scripts/build-guest-image.sh; cached after the first build)"
bash scripts/build-guest-image.sh || { echo "The guest image could not be built; the real-fabric tests boot it."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

if [ ! -f node_modules/azurite/dist/src/blob/main.js ]; then
  say "Installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error || { echo "npm ci failed; the storage tests need Azurite." >&2; exit 1; }
fi

if [ ! -f tests/asm-client/node_modules/azure-asm-compute/package.json ]; then
  say "Installing the classic ASM client the ASM tests drive (npm ci in tests/asm-client)"
  npm ci --prefix tests/asm-client --no-audit --no-fund --loglevel=error \
    || { echo "npm ci failed in tests/asm-client; the ASM tests need azure-asm-compute." >&2; exit 1; }
fi

if [ ! -f tests/openapi-client/node_modules/openapi-typescript/package.json ]; then
  say "Installing the OpenAPI tools the document tests run: Redocly, openapi-typescript, TypeScript (npm ci in tests/openapi-client)"
  npm ci --prefix tests/openapi-client --no-audit --no-fund --loglevel=error \
    || { echo "npm ci failed in tests/openapi-client; the OpenAPI document tests need its tools." >&2; exit 1; }
fi

say "Restoring tools and building (Release: the portal under test runs optimized, as it does for users)"
dotnet tool restore >/dev/null || exit 1
dotnet build VmPortal.sln -c Release -nologo -v:q -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

say "Checking the code format (.editorconfig)"
# The build already enforces the analyzers and style rules; this adds whitespace and using order. Migrations are generated.
dotnet format VmPortal.sln --verify-no-changes --no-restore --exclude src/VmPortal.Migrations.Sqlite/Migrations src/VmPortal.Migrations.PostgreSql/Migrations \
  || { echo "dotnet format found changes to make: run 'dotnet format VmPortal.sln' and commit."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"

say "Starting a throwaway PostgreSQL (scripts/test-postgres.sh: Debian's postgresql, a cluster in a temp folder)"
# shellcheck source=test-postgres.sh
source scripts/test-postgres.sh
postgres_start || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
job_pids=()
cleanup() { for pid in "${job_pids[@]}"; do kill -- "-$pid" 2>/dev/null; done; postgres_stop; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs one test project on one database provider: results in $results/<label>.trx, console output in <label>.log.
# Microsoft.Testing.Platform runs the project's test executable (global.json opts dotnet test in). A test still
# running after 10 minutes is dumped and its process killed, so a hang fails the run instead of eating CI's time.
run_suite() {
  local label=$1 project=$2 provider=$3; shift 3
  VMPORTAL_TEST_DATABASE=$provider dotnet test --project "$project" -c Release --no-build --no-ansi --no-progress --output Detailed \
    --report-xunit-trx --report-xunit-trx-filename "$label.trx" --results-directory "$results" \
    --hangdump --hangdump-timeout 10m --hangdump-type Mini "$@" >"$results/$label.log" 2>&1
  echo $? >"$results/$label.exit"
}
# A finished suite's log without the line per passing test.
show_log() { awk '/^passed /{skip=1; next} skip && /^  from /{skip=0; next} {skip=0; print}' "$results/$1.log"; }

# The suites run as jobs, two at a time (two cores), longest first, so neither core waits idle while the other finishes a
# long queue. PostgreSQL runs the application layer and every API surface (REST, ASM, sign-in and tokens); SQLite runs
# everything. The browser suite on SQLite is split into five parts (4 to 12 minutes each, measured here) by the filters
# below; the journeys part is every E2E test the others leave out, so a new test class always runs somewhere.
e2e=tests/VmPortal.E2E.Tests/VmPortal.E2E.Tests.csproj
api_namespaces=(VmPortal.E2E.Tests.Api VmPortal.E2E.Tests.Asm VmPortal.E2E.Tests.Security)
chinese_classes=('VmPortal.E2E.Tests.Chinese*' VmPortal.E2E.Tests.LanguageTests)
layout_classes=(VmPortal.E2E.Tests.AccessibilityTests VmPortal.E2E.Tests.PhoneWidthTests VmPortal.E2E.Tests.KeyboardJourneyTests
  VmPortal.E2E.Tests.StartupTests VmPortal.E2E.Tests.ThemeTests VmPortal.E2E.Tests.ShellJourneyTests)
image_classes=(VmPortal.E2E.Tests.CaptureWizardJourneyTests VmPortal.E2E.Tests.GalleryJourneyTests VmPortal.E2E.Tests.UploadVhdJourneyTests
  VmPortal.E2E.Tests.SeveralInstancesJourneyTests VmPortal.E2E.Tests.ImageLifecycleJourneyTests)
api_filter=(); for n in "${api_namespaces[@]}"; do api_filter+=(--filter-namespace "$n"); done
chinese_filter=(); for c in "${chinese_classes[@]}"; do chinese_filter+=(--filter-class "$c"); done
layout_filter=(); for c in "${layout_classes[@]}"; do layout_filter+=(--filter-class "$c"); done
image_filter=(); for c in "${image_classes[@]}"; do image_filter+=(--filter-class "$c"); done
journey_filter=()
for n in "${api_namespaces[@]}"; do journey_filter+=(--filter-not-namespace "$n"); done
for c in "${chinese_classes[@]}" "${layout_classes[@]}" "${image_classes[@]}"; do journey_filter+=(--filter-not-class "$c"); done

core=tests/VmPortal.Core.Tests/VmPortal.Core.Tests.csproj
run_job() {
  case $1 in
    VmPortal.Core.Tests.PostgreSql) run_suite "$1" "$core" PostgreSql ;;
    VmPortal.E2E.Tests.PostgreSql) run_suite "$1" "$e2e" PostgreSql "${api_filter[@]}" ;;
    VmPortal.E2E.Tests.Api) run_suite "$1" "$e2e" Sqlite "${api_filter[@]}" ;;
    VmPortal.E2E.Tests.Chinese) run_suite "$1" "$e2e" Sqlite "${chinese_filter[@]}" ;;
    VmPortal.E2E.Tests.Layout) run_suite "$1" "$e2e" Sqlite "${layout_filter[@]}" ;;
    VmPortal.E2E.Tests.Images) run_suite "$1" "$e2e" Sqlite "${image_filter[@]}" ;;
    VmPortal.E2E.Tests.Journeys) run_suite "$1" "$e2e" Sqlite "${journey_filter[@]}" ;;
    *) run_suite "$1" "tests/$1/$1.csproj" Sqlite ;;
  esac
}

# Longest first (measured on this machine): the two Core suites, then the browser parts, then the short suites.
suites=(VmPortal.Core.Tests.PostgreSql VmPortal.Core.Tests VmPortal.E2E.Tests.Layout VmPortal.E2E.Tests.Chinese VmPortal.E2E.Tests.Images
  VmPortal.E2E.Tests.PostgreSql VmPortal.E2E.Tests.Api VmPortal.E2E.Tests.Journeys)
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  case $name in VmPortal.Core.Tests | VmPortal.E2E.Tests) ;; *) suites+=("$name") ;; esac
done

say "Running ${#suites[@]} suites, two at a time: ${suites[*]}"
set -m # each job gets a process group of its own, so an interrupted run stops all of it
running=0
for name in "${suites[@]}"; do
  if [ "$running" -ge 2 ]; then wait -n; running=$((running - 1)); fi
  # No job reads the terminal: one that tried would be stopped in the background (SIGTTIN) and hang the run.
  ( started=$(date +%s); run_job "$name" </dev/null; echo "   finished $name in $(( $(date +%s) - started )) s" ) &
  job_pids+=($!)
  running=$((running + 1))
done
wait
job_pids=()
set +m
for name in "${suites[@]}"; do say "$name"; show_log "$name"; done

passed=0; failed=0; skipped=0; status=0
for name in "${suites[@]}"; do
  rc=$(cat "$results/$name.exit" 2>/dev/null || echo 1)
  # Totals come from the TRX file each run writes (its Counters element), whatever the console format.
  counters=$(grep -o '<Counters [^>]*>' "$results/$name.trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    echo "$name produced no test results (exit $rc)"; failed=$((failed + 1)); status=1; continue
  fi
  count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  # A class's cleanup failure (its fixture's storage health check, say) is an "error" beside the tests: it fails the run too.
  p=$(count passed); f=$(( $(count failed) + $(count error) )); s=$(count notExecuted)
  [ "$(count total)" -eq 0 ] && { echo "$name ran no test"; status=1; }
  echo "$name: $p passed, $f failed, $s skipped"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$rc" -ne 0 ] && status=1
done

[ "$failed" -gt 0 ] && status=1
if [ "$failed" -gt 0 ]; then
  # Named last: a CI log may keep only its tail.
  echo
  python3 scripts/failed-tests.py "$results"/*.trx 2>/dev/null || grep -ho 'testName="[^"]*" outcome="Failed"' "$results"/*.trx
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
