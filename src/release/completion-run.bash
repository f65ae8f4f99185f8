
# ---- appended to picocli's script by src/release/ReleaseDocs.java ----
# `swarmops run PLAYBOOK`: picocli sees PLAYBOOK as a plain string, so its path is completed here:
# directories, files ending .groovy and, for an empty word, the stock playbooks installed beside
# the swarmops that is being completed (ROOT/playbooks for ROOT/bin/swarmops, also through
# /usr/bin/swarmops's link). `worker inspect|label|drain|rm NODE`: node names from the engine, as
# docker's completion asks `docker node ls` (one start of swarmops per TAB, ~0.2 s; silent when no
# engine answers). Everything else is picocli's.

# The index of the first word from $1 on that is no option (nor --host's value).
function _swarmops_word_after_options() {
  local i=$1
  while (( i < COMP_CWORD )); do
    case ${COMP_WORDS[i]} in
      --host | --context | -c) (( i += 2 )) ;;
      -*) (( i += 1 )) ;;
      *) break ;;
    esac
  done
  echo "$i"
}

function _swarmops_playbooks() {
  local cur=${COMP_WORDS[COMP_CWORD]} launcher stock
  type compopt &>/dev/null && compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=( $(compgen -d -- "$cur") $(compgen -f -X '!*.groovy' -- "$cur") )
  [ -z "$cur" ] && launcher=$(command -v "${COMP_WORDS[0]}" 2>/dev/null) && launcher=$(readlink -f "$launcher") \
    && stock=$(cd "${launcher%/*}/../playbooks" 2>/dev/null && pwd) \
    && COMPREPLY+=( "$stock"/*.groovy )
  return 0
}

function _swarmops_nodes() {
  local cur=${COMP_WORDS[COMP_CWORD]} endpoint=() j
  for (( j = 1; j < COMP_CWORD - 1; j++ )); do
    case ${COMP_WORDS[j]} in --host | --context | -c) endpoint=("${COMP_WORDS[j]}" "${COMP_WORDS[j + 1]}") ;; esac
  done
  local IFS=$'\n'
  COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "${endpoint[@]}" worker list --format '{{.Hostname}}' 2>/dev/null)" -- "$cur") )
  return 0
}

function _swarmops_complete() {
  local i
  i=$(_swarmops_word_after_options 1)
  if [ "${COMP_WORDS[i]}" = run ] && (( i < COMP_CWORD )) && [[ ${COMP_WORDS[COMP_CWORD]} != -* ]] \
      && (( $(_swarmops_word_after_options $(( i + 1 ))) == COMP_CWORD )); then
    _swarmops_playbooks
  elif [ "${COMP_WORDS[i]}" = worker ] && [[ " inspect label drain rm " == *" ${COMP_WORDS[i + 1]} "* ]] \
      && (( i + 1 < COMP_CWORD )) && [[ ${COMP_WORDS[COMP_CWORD]} != -* ]] \
      && (( $(_swarmops_word_after_options $(( i + 2 ))) == COMP_CWORD )); then
    _swarmops_nodes
  else
    _complete_swarmops
  fi
}

complete -F _swarmops_complete -o default swarmops
