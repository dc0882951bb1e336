#!/bin/sh
# The package's documents, compressed as Debian compresses them (gzip -9n: no name, no time),
# from the man page the build generated, and the cluster's examples: target/deb/doc and target/deb/man.
set -e
out=target/deb
mkdir -p "$out/doc" "$out/man"
cp src/deb/doc/copyright "$out/doc/copyright"
gzip -9n -c src/deb/doc/changelog > "$out/doc/changelog.gz"
gzip -9n -c README.md > "$out/doc/README.md.gz"
gzip -9n -c "$out/powerwatch.1" > "$out/man/powerwatch.1.gz"
# A cluster node's configuration, the unit's drop-in and the journal's schema (README, "Running several nodes")
examples="$out/doc/examples/cluster"
mkdir -p "$examples/powerwatch.service.d"
cp deploy/cluster/node.conf deploy/cluster/schema.sql "$examples/"
cp deploy/cluster/powerwatch.service.d/cluster.conf "$examples/powerwatch.service.d/"
