#!/bin/sh
# The package's documents, compressed as Debian compresses them (gzip -9n: no name, no time),
# from the man page the build generated: target/deb/doc and target/deb/man.
set -e
out=target/deb
mkdir -p "$out/doc" "$out/man"
cp src/deb/doc/copyright "$out/doc/copyright"
gzip -9n -c src/deb/doc/changelog > "$out/doc/changelog.gz"
gzip -9n -c README.md > "$out/doc/README.md.gz"
gzip -9n -c "$out/powerwatch.1" > "$out/man/powerwatch.1.gz"
