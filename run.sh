#!/usr/bin/env bash
# Starts sell, building target/sell.jar first when it is missing or older than the sources.
#
# JVM flags (JAVA_OPTS adds to them): a heap that starts at 32 MiB and that the collector gives
# back to the OS, down to 8 MiB, after a few idle seconds; native memory handed back every few
# seconds where the JVM can (Java 17.0.9 and later); SQLite's native library unpacked once per
# build; and a class archive, recorded by a self-test run once per build and per Java
# installation, that takes a third off the start.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/sell.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src static -newer "$jar" -type f -print -quit)" ]; then
    echo "run.sh: building $jar" >&2
    mvn -B -q package -DskipTests
fi
command -v java > /dev/null || { echo "run.sh: no java on the PATH (sell needs Java 17 or newer)" >&2; exit 1; }
flags=(-XX:InitialHeapSize=32m -XX:MinHeapSize=8m -XX:G1HeapRegionSize=1m -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Xss512k)
java=$(readlink -f "$(command -v java)")
installation=target/sell-$(echo "$java $(stat -c %Y "$java")" | cksum | cut -d' ' -f1)
archive=$installation.jsa
if [ ! -f "$installation.flags" ]; then
    # flags that only some Java 17 builds know, asked once per installation
    rm -f target/sell-*.flags
    probed=-XX:TrimNativeHeapInterval=5000
    if java "$probed" -version > /dev/null 2>&1; then echo "$probed"; fi > "$installation.flags"
fi
# shellcheck disable=SC2207
flags+=($(cat "$installation.flags"))
# SQLite's native library, taken out of the jar once per build: sqlite-jdbc otherwise
# unpacks it into a temporary file on every start (about 70 ms of it)
native=target/native/libsqlitejdbc.so
if [ ! -d target/native ] || [ "$jar" -nt target/native ]; then
    rm -rf target/native && mkdir -p target/native
    case "$(uname -s)/$(uname -m)" in
        Linux/x86_64) entry=org/sqlite/native/Linux/x86_64/libsqlitejdbc.so ;;
        Linux/aarch64) entry=org/sqlite/native/Linux/aarch64/libsqlitejdbc.so ;;
        *) entry= ;;
    esac
    # (not on musl systems, whose library is another one; elsewhere sqlite-jdbc finds its own)
    if [ -n "$entry" ] && ! (ldd --version 2>&1 | grep -qi musl) && command -v unzip > /dev/null \
        && unzip -p "$jar" "$entry" > "$native.$$" 2> /dev/null && [ -s "$native.$$" ]; then
        mv -f "$native.$$" "$native"
    else
        rm -f "$native.$$"
    fi
fi
if [ -f "$native" ]; then flags+=(-Dorg.sqlite.lib.path=target/native -Dorg.sqlite.lib.name=libsqlitejdbc.so); fi
if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ]; then
    echo "run.sh: recording the class archive $archive (once per build)" >&2
    rm -f target/sell-*.jsa
    # recorded under another name and moved into place, so that a second start meanwhile
    # never maps a half-written archive
    if java "${flags[@]}" -XX:ArchiveClassesAtExit="$archive.$$" -jar "$jar" self-test > target/self-test.log 2>&1; then
        mv -f "$archive.$$" "$archive"
    else
        echo "run.sh: the self-test failed, starting without the archive:" >&2
        cat target/self-test.log >&2
        rm -f "$archive.$$"
    fi
fi
if [ -f "$archive" ]; then flags+=(-XX:SharedArchiveFile="$archive"); fi
# shellcheck disable=SC2206
flags+=(${JAVA_OPTS:-})
exec java "${flags[@]}" -jar "$jar" "$@"
