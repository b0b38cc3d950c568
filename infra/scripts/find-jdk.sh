# Sourced by ./fanout, ./mvnw and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, java on PATH, then JDKs installed under /usr/lib/jvm (newest first).

_fanout_java_major() { # prints the major version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | sed 's/^1\.//;s/[^0-9].*//' | grep . || echo 0
}

_fanout_is_jdk21() { # $1 = a JAVA_HOME candidate
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(_fanout_java_major "$1/bin/java")" -ge 21 ]
}

_fanout_find_jdk() { # runs in a subshell: globbing may be off in the caller (mvnw uses set -f)
  set +f
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && _fanout_is_jdk21 "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if _fanout_is_jdk21 "$candidate"; then echo "$candidate"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* 2>/dev/null | sort -rV); do
    if _fanout_is_jdk21 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if _FANOUT_JDK="$(_fanout_find_jdk)"; then
  export JAVA_HOME="$_FANOUT_JDK"
else
  echo "cdc-fanout needs a JDK 21 or newer (java and javac) and found none (looked at \$JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
  echo "Install one (e.g. Eclipse Temurin 21 or 25) and set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
unset _FANOUT_JDK
