#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, then runs each
# for a bounded time on a copy of its seed corpus (Fixtures/fuzz-corpus/).
# Usage: FuzzTesting/run.sh [seconds per target, default 60] [target…]
# (FUZZ_DETECT_LEAKS=0 in the environment: no leak checks, about five times
# as many inputs for the stream targets.)
# A crash leaves its input as crash-* in the current folder: make it a test.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzJSONReader FuzzJSONStream FuzzYAMLReader FuzzYAMLStream FuzzYAMLChunks FuzzXMLReader FuzzXMLStream FuzzCSVTablesReader FuzzRoundTrip FuzzExporters)
scratch="$here/../.build/fuzz"

# --sanitize=fuzzer links libFuzzer but does not instrument the code for
# coverage (swiftc passes only -sanitize=address to the compiler), so the
# fuzzer would be blind; ask for the coverage libFuzzer reads explicitly.
swift build -c release --package-path "$here" --scratch-path "$scratch" \
  --sanitize=fuzzer --sanitize=address \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table

declare -A seeds=([FuzzJSONReader]=json [FuzzJSONStream]=json [FuzzYAMLReader]=yaml [FuzzYAMLStream]=yaml [FuzzYAMLChunks]=yaml [FuzzXMLReader]=xml [FuzzXMLStream]=xml [FuzzCSVTablesReader]=csv [FuzzRoundTrip]=json [FuzzExporters]=json)
for target in "${targets[@]}"; do
  work="$(mktemp -d)"
  cp "$here/../Fixtures/fuzz-corpus/${seeds[$target]}/"* "$work/"
  echo "== $target: ${seconds}s"
  # LeakSanitizer reports what the catalog's statics keep for the whole
  # process (each key's shape, the csv-tables layout, made on first use) as
  # leaked, and libFuzzer stopped a stream target after 3 inputs: anything
  # allocated in a static's initialiser is suppressed. Leak checks cost about
  # four fifths of the inputs a stream target gets through;
  # FUZZ_DETECT_LEAKS=0 turns them off.
  leaks="${FUZZ_DETECT_LEAKS:-1}"
  # Swift's own backtracer would catch a trap first and, under
  # AddressSanitizer, hang reading the process's memory; libFuzzer's handler
  # reports the crash and saves its input instead.
  SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$here/lsan-suppressions.txt:print_suppressions=0" ASAN_OPTIONS="detect_leaks=$leaks" \
    "$scratch/release/$target" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -detect_leaks="$leaks" -print_final_stats=1 2>&1 \
    | grep -E "^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|==[0-9]+== *ERROR|SUMMARY)" || true
  rm -rf "$work"
done
