#!/usr/bin/env bash
# Packs what the GPU checks need into .gpu/bundle.tar.xz for a GPU machine that has CUDA and a
# PyTorch install but no Java, no Maven and no network: a jlink'd Java 17 runtime, the product's
# runtime jars (without DJL's CPU libtorch), the worker's test classes with their test jars, and
# the JUnit console launcher. Jars are stored uncompressed so that xz compresses the classes as one
# stream (about 3x smaller than the jars themselves). Run after `./mvnw -B install -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/../.."
JDK="${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
mkdir -p .gpu "$STAGE/b/lib" "$STAGE/b/testlib"

"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,java.desktop,jdk.unsupported,java.net.http,jdk.crypto.ec,java.security.jgss,java.security.sasl,jdk.management,java.instrument,java.scripting,jdk.zipfs,java.compiler,java.rmi \
  --strip-debug --no-header-files --no-man-pages --output "$STAGE/b/jre"
rm -f "$STAGE/b/jre/lib/server/classes"*.jsa

# Re-stores a jar uncompressed, keeping only linux-x86_64 native libraries.
restore() {
  local jar="$1" out="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -q -o "$jar")
  find "$tmp" -type d \( -path '*/jnilib/linux-aarch64' -o -path '*/jnilib/osx-*' -o -path '*/jnilib/win-*' \
    -o -path '*/darwin*' -o -path '*/win32*' -o -path '*/Windows' -o -path '*/Mac' -o -path '*/aix*' \
    -o -path '*/freebsd*' -o -path '*/linux/aarch64' -o -path '*/linux/arm*' -o -path '*/linux/ppc*' \
    -o -path '*/linux/s390x' -o -path '*/linux/riscv64' -o -path '*/linux-aarch64' -o -path '*/linux-arm*' \
    -o -path '*/linux-ppc*' -o -path '*/linux-s390x' -o -path '*/linux-riscv64' -o -path '*/linux-loongarch64' \
    -o -path '*/linux-mips*' -o -path '*/linux-x86' -o -path '*/sunos*' -o -path '*/openbsd*' -o -path '*/dragonflybsd*' \) \
    -prune -exec rm -rf {} +
  (cd "$tmp" && zip -q -0 -r "$out" .)
  rm -rf "$tmp"
}

cp cli/target/gist-sweep.jar "$STAGE/b/"
for jar in cli/target/lib/*.jar; do
  case "$(basename "$jar")" in pytorch-native-cpu-*) continue ;; esac
  if unzip -p cli/target/gist-sweep.jar META-INF/MANIFEST.MF | tr -d '\r\n ' | grep -q "lib/$(basename "$jar")"; then
    restore "$PWD/$jar" "$STAGE/b/lib/$(basename "$jar")"
  fi
done

./mvnw -B -o -q -pl worker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$STAGE/cp.txt"
tr ':' '\n' < "$STAGE/cp.txt" | while read -r jar; do
  name="$(basename "$jar")"
  case "$name" in pytorch-native-cpu-*) continue ;; esac
  [ -f "$STAGE/b/lib/$name" ] || [ -f "$STAGE/b/testlib/$name" ] || restore "$jar" "$STAGE/b/testlib/$name"
done
cp -r worker/target/test-classes "$STAGE/b/worker-test-classes"
cp -r worker/target/classes "$STAGE/b/worker-classes"
CONSOLE="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.13.4/junit-platform-console-standalone-1.13.4.jar"
[ -f "$CONSOLE" ] || ./mvnw -B -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.13.4
cp "$CONSOLE" "$STAGE/b/junit-console.jar"

tar -C "$STAGE/b" -cf - . | xz -T0 -6 > .gpu/bundle.tar.xz
ls -la .gpu/bundle.tar.xz
