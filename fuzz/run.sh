#!/usr/bin/env bash
# Fuzz the text (and HTML) entry points for a bounded time.
#   fuzz/run.sh [SECONDS]      default 60
# Needs: pip install atheris. Seeds the corpus from corpus_samples/; crashes go to fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
mkdir -p fuzz/corpus fuzz/crashes
cp -n corpus_samples/* fuzz/corpus/ 2>/dev/null || true
exec python fuzz/fuzz_clean.py fuzz/corpus -max_total_time="$seconds" -max_len=65536 \
    -artifact_prefix=fuzz/crashes/ -print_final_stats=1
