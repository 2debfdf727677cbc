# Bash completion for skr-gen.
#
# Enable it in the current shell (or add the line to ~/.bashrc):
#   source scripts/completion/skr-gen.bash
# The skr-gen on PATH is used (or $SKR_GEN if set). Completes subcommands
# (from `skr-gen --help`), each subcommand's --options (parsed lazily from
# `skr-gen <command> --help`, problem options included once --problem is
# given), --problem values (from `skr-gen problems`), and file names.

_skr_gen_bin() { echo "${SKR_GEN:-skr-gen}"; }

_skr_gen_commands() {
  if [ -z "${_SKR_GEN_COMMANDS:-}" ]; then
    _SKR_GEN_COMMANDS=$("$(_skr_gen_bin)" --help 2>/dev/null |
      awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
  fi
  echo "$_SKR_GEN_COMMANDS"
}

_skr_gen_problems() {
  if [ -z "${_SKR_GEN_PROBLEMS:-}" ]; then
    _SKR_GEN_PROBLEMS=$("$(_skr_gen_bin)" problems 2>/dev/null |
      awk '/^[a-z][a-z0-9_-]*([ \t]|$)/ {print $1}')
  fi
  echo "$_SKR_GEN_PROBLEMS"
}

# --options of `skr-gen <command> [--problem P] --help`, cached per command.
_skr_gen_options() {
  local key="${1}_${2}" var
  var="_SKR_GEN_OPTS_${key//[^a-zA-Z0-9_]/_}"
  if [ -z "${!var:-}" ]; then
    local words
    if [ -n "$2" ]; then
      words=$("$(_skr_gen_bin)" "$1" --problem "$2" --help 2>/dev/null)
    else
      words=$("$(_skr_gen_bin)" "$1" --help 2>/dev/null)
    fi
    printf -v "$var" '%s' "$(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$words" | sort -u | tr '\n' ' ')"
  fi
  echo "${!var}"
}

_skr_gen() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  COMPREPLY=()
  if [ "$COMP_CWORD" -le 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_skr_gen_commands) --help --version" -- "$cur")
    return 0
  fi
  local command="${COMP_WORDS[1]}" problem="" i
  for ((i = 2; i < COMP_CWORD; i++)); do
    [ "${COMP_WORDS[i]}" = "--problem" ] && problem="${COMP_WORDS[i + 1]}"
  done
  case "$prev" in
    --problem)
      mapfile -t COMPREPLY < <(compgen -W "$(_skr_gen_problems)" -- "$cur")
      return 0 ;;
    --out | --config | --csv | --json | --input | --output)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$(_skr_gen_options "$command" "$problem")" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}

complete -o filenames -F _skr_gen skr-gen
