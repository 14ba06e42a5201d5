#!/bin/bash
# WXR import benchmark: generates exports of 1,000 and 10,000 posts, then imports each with the release
# `kibaru`, first as a dry run (read and convert, nothing written: the baseline), then for real. Prints wall time
# and peak memory (GNU time), and the ratios: real import / dry run, and peak memory 10,000 / 1,000 posts.
#
#   swift build -c release --product kibaru && Benchmarks/WXRImport/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
kibaru=.build/release/kibaru
[ -x "$kibaru" ] || { echo "build first: swift build -c release --product kibaru"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { # label command...: prints "label seconds peak-kB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/stderr" || { cat "$work/stderr"; exit 1; }
  read -r seconds kilobytes < "$work/time"
  printf '%-34s %8.2f s %9d kB\n' "$label" "$seconds" "$kilobytes"
  echo "$seconds $kilobytes" > "$work/$label.result"
}
for posts in 1000 10000; do
  python3 Benchmarks/WXRImport/generate-wxr.py "$posts" "$work/blog-$posts.xml"
  size=$(du -m "$work/blog-$posts.xml" | cut -f1)
  echo "$posts posts, ${size} MB of WXR:"
  "$kibaru" init --data "$work/data-$posts" > /dev/null
  measure "dry-run-$posts" "$kibaru" import wxr "$work/blog-$posts.xml" --site mesure --dry-run --data "$work/data-$posts"
  measure "import-$posts" "$kibaru" import wxr "$work/blog-$posts.xml" --site mesure --data "$work/data-$posts"
  measure "re-import-$posts" "$kibaru" import wxr "$work/blog-$posts.xml" --site mesure --data "$work/data-$posts"
done
read -r dry _ < "$work/dry-run-10000.result"
read -r real real_kb < "$work/import-10000.result"
read -r _ small_kb < "$work/import-1000.result"
python3 -c "print(f'ratios: import / dry run (10,000 posts) {float($real)/float($dry):.1f}x; '
                  f'peak memory 10,000 / 1,000 posts {int($real_kb)/int($small_kb):.2f}x; '
                  f'{10000/float($real):.0f} posts/s')"
