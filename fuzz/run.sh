#!/usr/bin/env bash
# Fuzz one entry point for a bounded time.
#   fuzz/run.sh [TARGET] [SECONDS]      TARGET: clean (default), jsonl, config, index; SECONDS: 60
# Needs: pip install atheris. Seeds each target's corpus (fuzz/corpus/TARGET) from the project's own
# files; crashes go to fuzz/crashes/TARGET-*. Keep a finding as tests/fuzz_regressions/TARGET_WHAT.bin
# (the clean target's without a prefix).
set -euo pipefail
cd "$(dirname "$0")/.."
target=clean
if [[ $# -gt 0 && ! "$1" =~ ^[0-9]+$ ]]; then target="$1"; shift; fi
seconds="${1:-60}"
corpus="fuzz/corpus/$target"
mkdir -p "$corpus" fuzz/crashes
case "$target" in
    clean) cp -n corpus_samples/* "$corpus"/ 2>/dev/null || true; max_len=65536 ;;
    jsonl) cp -n tests/fuzz_regressions/jsonl_*.bin "$corpus"/ 2>/dev/null || true
           printf '{"id": 1, "text": "A sentence of the story."}\n{"id": "b"}\r[1]\r\n' > "$corpus/seed.jsonl"
           max_len=16384 ;;
    config) cp -n tests/fuzz_regressions/config_*.bin "$corpus"/ 2>/dev/null || true
            printf '[clean]\ndisabled = ["tags"]\nmax_line_chars = 500\n[filters.menu_run]\nmin_lines = 5\n[[pattern_filters]]\nname = "w"\nregex = "(?i:join our webinar.*)"\n' > "$corpus/seed.toml"
            printf '{"format": "newsclean-site-profile", "version": 1, "documents": 3, "min_documents": 2, "lines": {"00000000000000ff": 3}}' > "$corpus/seed.json"
            max_len=8192 ;;
    index) cp -n tests/fuzz_regressions/index_*.bin "$corpus"/ 2>/dev/null || true
           printf '\x00\x00\x10\xff\x10\x00\x00' > "$corpus/patch.bin"; printf '\x03\x00\x01' > "$corpus/value.bin"
           max_len=256 ;;
    *) echo "unknown target $target: clean, jsonl, config or index" >&2; exit 2 ;;
esac
exec python "fuzz/fuzz_$target.py" "$corpus" -max_total_time="$seconds" -max_len="$max_len" \
    -artifact_prefix="fuzz/crashes/$target-" -print_final_stats=1
