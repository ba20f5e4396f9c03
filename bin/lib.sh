# Shared by ./lab and .ci/run: find a JDK >= 21 and probe local ports. Source it; it defines functions only.

# The feature release of the JDK at $1: from its `release` file (every JDK since 9 has one), else by asking its java.
java_major() {
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  fi
  echo "$version"
}

# Prints the first JDK >= 21: JAVA_HOME if it is one, else one under /usr/lib/jvm, else the java on PATH.
find_jdk() {
  local candidate on_path
  on_path=$(command -v javac >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/* "$on_path"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    if [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Sets JAVA_HOME/PATH (and quiets Maven 3.8 on JDK 24+); returns 1 when there is no JDK >= 21.
use_jdk() {
  local jdk
  jdk=$(find_jdk) || return 1
  export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"
  if [ "$(java_major "$jdk")" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
