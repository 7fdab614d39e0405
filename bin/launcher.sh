# Shared by the bin/ launchers: finds the project root, builds it once if needed, runs a main class.
# shellcheck shell=bash

NODERPC_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

# Builds the project (without tests) when the module's jar is missing.
noderpc_ensure_built() {
  local module="$1"
  if ! compgen -G "$NODERPC_ROOT/$module/target/noderpc-$module-*.jar" >/dev/null \
     || [ ! -d "$NODERPC_ROOT/$module/target/lib" ]; then
    echo "noderpc: building (first run only)..." >&2
    local log
    log="$(mktemp)"
    if ! (cd "$NODERPC_ROOT" && mvn -q -B -DskipTests package) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "noderpc: build failed; run 'mvn -DskipTests package' in $NODERPC_ROOT to see why" >&2
      exit 1
    fi
    rm -f "$log"
  fi
}

noderpc_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# noderpc_run MODULE MAIN_CLASS JVM_OPTS... -- ARGS...
noderpc_run() {
  local module="$1" main="$2"
  shift 2
  local jvm=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ "$#" -gt 0 ] && shift
  noderpc_ensure_built "$module"
  local jar
  jar="$(compgen -G "$NODERPC_ROOT/$module/target/noderpc-$module-*.jar" | grep -v -e '-sources' -e '-tests' | head -n 1)"
  exec "$(noderpc_java)" "${jvm[@]}" \
    -Dlogback.configurationFile="$NODERPC_ROOT/bin/conf/logback-cli.xml" \
    ${NODERPC_JAVA_OPTS:-} \
    -cp "$jar:$NODERPC_ROOT/$module/target/lib/*" "$main" "$@"
}
