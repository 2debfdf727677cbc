#!/usr/bin/env bash
# Every subcommand listed by `skr-gen --help` documents itself (--help exits
# 0 with "usage:" and an example section), and the bash completion script
# offers every subcommand, its options and the --problem values.
source "$(dirname "$0")/lib.sh"
: "${SKR_SOURCE_DIR:?}"
COMPLETION="$SKR_SOURCE_DIR/scripts/completion/skr-gen.bash"

commands=$("$SKR_GEN" --help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
[ -n "$commands" ] || fail "skr-gen --help lists no commands"
for c in $commands; do
  status=0
  "$SKR_GEN" "$c" --help >"$WORK/help" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then fail "$c --help: exit $status"; continue; fi
  grep -q "usage:" "$WORK/help" || fail "$c --help: no 'usage:' line"
  grep -qi "^examples\?:" "$WORK/help" || fail "$c --help: no 'example' section"
  [ "$status" -eq 0 ] && grep -q "usage:" "$WORK/help" && grep -qi "^examples\?:" "$WORK/help" &&
    echo "ok: $c --help"
done

# Completion, with the built binary (SKR_GEN) as the one it queries.
complete_words() { # complete_words WORD... (the last word is the one completed)
  SKR_GEN="$SKR_GEN" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _skr_gen; echo "${COMPREPLY[@]}"' \
    _ "$COMPLETION" "$@"
}
offered=" $(complete_words skr-gen "") "
for c in $commands; do
  [[ "$offered" == *" $c "* ]] || fail "completion does not offer subcommand '$c' (offered:$offered)"
done
echo "ok: completion offers all $(wc -w <<<"$commands") subcommands"

problems=" $(complete_words skr-gen generate --problem "") "
for p in $("$SKR_GEN" problems | awk '/^[a-z]/ {print $1}'); do
  [[ "$problems" == *" $p "* ]] || fail "completion does not offer --problem $p"
done
echo "ok: --problem values:$problems"

options=" $(complete_words skr-gen preview --) "
for o in --problem --samples --out --width --solver; do
  [[ "$options" == *" $o "* ]] || fail "completion of 'preview --' lacks $o"
done
[[ " $(complete_words skr-gen generate --problem helmholtz --k-) " == *" --k-max "* ]] ||
  fail "completion does not offer helmholtz's own options (--k-max)"
echo "ok: options completed from --help"
finish
