# Shared by the bench scripts (sourced): the simulator in a process of its own, on loopback.
# Requires `port` to be set; start_simulator moves it on, so every simulator gets fresh ports.
sim=""

start_simulator() { # extra `simulate` arguments, e.g. --homes 1000 --interval 2s (default: --interval 1h)
  port=$((port + 3))
  [ $# -eq 0 ] && set -- --interval 1h
  timeout "${run_limit:-900}" java -Xmx256m -cp target/powerwatch.jar -Dlogback.configurationFile=bench/logback-quiet.xml \
    dev.powerwatch.Main simulate --port "$port" "$@" >/dev/null 2>&1 &
  sim=$!
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$port/simulator/status" >/dev/null && return; sleep 0.2; done
  echo "the simulator did not start" >&2; exit 1
}

stop() { kill "$@" 2>/dev/null || true; wait "$@" 2>/dev/null || true; }

stop_simulator() { stop "$sim"; sim=""; }

# The systemd unit's JVM flags, as its launcher src/deb/bin/powerwatch sets them (without the CDS archive).
unit_flags() {
  sed -n 's/^FLAGS="\(.*\)"$/\1/p' src/deb/bin/powerwatch
}

# The simulator's status field, e.g. status_field lastSubscribeEpochMillis
status_field() {
  curl -s "http://127.0.0.1:$port/simulator/status" | grep -o "\"$1\":[0-9]*" | cut -d: -f2
}

# VmHWM (peak) or VmRSS of a process, in kB
memory_kb() { # pid, VmHWM|VmRSS
  awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"
}

# User plus system CPU time of a process, in clock ticks (100 per second)
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}
