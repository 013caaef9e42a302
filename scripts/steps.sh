# Step helpers for scripts/test.sh (sourced, not run): timed steps, run in lanes side by side.
#
#   step "name" cmd args...      run one step; its output goes to artefacts/logs/<lane>-<n>-<name>.log
#                                and is printed under its name when the step ends (a long log:
#                                its tail); a failing step prints its log's tail and stops its lane
#   lane name fn                 run the function fn (a list of steps) in the background
#   wait_lanes                   wait for every lane; fail if any step failed
#
# Lanes print a step's output only when the step is over, so two lanes never interleave lines.
# Every step's seconds, the CPU seconds its processes used (a figure the machine's load barely
# changes), when it ran and the load when it ended go to artefacts/timings.txt, listed at the end
# of the run (also after a failure or Ctrl-C).
ROOT="${ROOT:?}"
LOGS="$ROOT/artefacts/logs"
TIMINGS="$ROOT/artefacts/timings.txt"
FAILED="$ROOT/artefacts/failed-steps.txt"
rm -rf "$LOGS" && mkdir -p "$LOGS"
: > "$TIMINGS"
: > "$FAILED"
LANE="main"
LANE_PIDS=()
LANE_NAMES=()
STEP_COUNTER=0

_load() { cut -d' ' -f1-3 /proc/loadavg; }
_cpu_now() {  # CPU_NOW: CPU seconds (user + system) used by this shell's finished children
  times > "$LOGS/.times-$LANE"  # not in $(...): a subshell would count only its own children
  CPU_NOW="$(awk 'END { split($0, t, /[ms ]+/); printf "%d", t[1] * 60 + t[2] + t[3] * 60 + t[4] }' \
    "$LOGS/.times-$LANE")"
}
_slug() { tr -cs 'A-Za-z0-9' '-' <<< "${1:0:40}" | sed 's/-$//'; }

step() {  # name cmd args...
  local name="$1"; shift
  STEP_COUNTER=$((STEP_COUNTER + 1))
  local log="$LOGS/$LANE-$STEP_COUNTER-$(_slug "$name").log" start=$SECONDS rc=0 cpu0
  _cpu_now; cpu0=$CPU_NOW
  # The command runs in a subshell with `set -e` (a function given as the command stops at its
  # first failing line); `set +e` around it, because errexit is ignored under `||`.
  set +e
  if [[ "$LANE" == "main" ]]; then
    echo "== $name"
    ( set -e; "$@" ) 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
  else
    ( set -e; "$@" ) > "$log" 2>&1
    rc=$?
  fi
  set -e
  local took=$((SECONDS - start))
  _cpu_now
  printf '%5d s %5d cpu-s %5d-%-5d %-7s %-58s (load %s)%s\n' "$took" "$((CPU_NOW - cpu0))" \
    "$start" "$SECONDS" "$LANE" "${name:0:58}" "$(_load)" \
    "$([[ $rc == 0 ]] || echo "  FAILED")" >> "$TIMINGS"
  if [[ "$LANE" != "main" ]]; then
    # One write per step so that the lanes' outputs stay in whole blocks.
    if [[ $rc == 0 ]]; then
      { echo "== [$LANE] $name"
        if (( $(wc -l < "$log") <= 60 )); then cat "$log"
        else echo "   (last 20 lines; whole log: $log)"; tail -n 20 "$log"; fi
        echo "   ($took s)"; } | cat
    else
      { echo "== [$LANE] $name: FAILED (exit $rc; last 60 lines of $log)"
        tail -n 60 "$log"; echo "   ($took s)"; } | cat
    fi
  else
    echo "   ($took s)"
  fi
  if [[ $rc != 0 ]]; then
    echo "$LANE: $name (log: $log)" >> "$FAILED"
    [[ "$LANE" == "main" ]] && echo "== FAILED: $name (log: $log)"
    return "$rc"
  fi
}

lane() {  # name function
  local name="$1" fn="$2"
  ( LANE="$name"; STEP_COUNTER=0; "$fn" ) &
  LANE_PIDS+=($!)
  LANE_NAMES+=("$name")
}

wait_lanes() {
  local i rc=0
  for i in "${!LANE_PIDS[@]}"; do
    wait "${LANE_PIDS[$i]}" || rc=1
  done
  LANE_PIDS=()
  LANE_NAMES=()
  return $rc
}

_stop_lanes() {  # on Ctrl-C/TERM: interrupt the lanes (pytest then stops its stacks), then end them
  local pid n
  (( ${#LANE_PIDS[@]} )) || return 0
  for pid in "${LANE_PIDS[@]}"; do kill -INT -- "-$pid" 2>/dev/null || true; done
  for n in $(seq 30); do
    for pid in "${LANE_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=""; done
    [[ -z "$pid" ]] && break
    sleep 1
  done
  for pid in "${LANE_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  LANE_PIDS=()
}

_summary() {
  echo "== step timings (seconds; CPU seconds its processes used; from-to in seconds since the"\
    "start; lane; step; load at start: $LOAD_START, at end: $(_load))"
  cat "$TIMINGS"
  echo "   total $SECONDS s; CPU $(awk '{ s += $3 } END { print s }' "$TIMINGS") s in the steps"
  if [[ -s "$FAILED" ]]; then
    echo "== FAILED steps:"
    cat "$FAILED"
  fi
}

LOAD_START="$(_load)"
set -m  # every lane gets its own process group, so an interrupt reaches all of its processes
trap '_stop_lanes; exit 130' INT TERM
trap '_stop_lanes; _summary' EXIT
