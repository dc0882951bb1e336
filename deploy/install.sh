#!/usr/bin/env bash
# Installs powerwatch as a systemd service where the Debian package does not apply (other
# distributions). Run as root from the project folder after `./mvnw -B package`. It uses the
# package's layout and unit; safe to run again: it keeps an existing configuration and token.
set -euo pipefail

jar=target/powerwatch.jar
[ -f "$jar" ] || { echo "install.sh: $jar is missing; build it with ./mvnw -B package" >&2; exit 1; }
# The launcher starts /usr/bin/java; the class-data sharing archive below must come from the same JVM.
[ -x /usr/bin/java ] || { echo "install.sh: /usr/bin/java (17 or newer) is not installed" >&2; exit 1; }

install -d -m 0755 /usr/share/powerwatch /usr/share/doc/powerwatch /etc/powerwatch /var/cache/powerwatch
install -m 0644 "$jar" /usr/share/powerwatch/powerwatch.jar
install -m 0755 src/deb/bin/powerwatch /usr/bin/powerwatch
gzip -9n -c README.md > /usr/share/doc/powerwatch/README.md.gz
[ -f /etc/powerwatch/powerwatch.conf ] || install -m 0644 conf/powerwatch.conf /etc/powerwatch/powerwatch.conf
if [ ! -f /etc/powerwatch/logback.xml ]; then
  install -m 0644 conf/logback.xml /etc/powerwatch/logback.xml
elif ! cmp -s conf/logback.xml /etc/powerwatch/logback.xml; then
  install -m 0644 conf/logback.xml /etc/powerwatch/logback.xml.new
  echo "Kept /etc/powerwatch/logback.xml; this version's (journald priorities) is /etc/powerwatch/logback.xml.new."
fi
[ -f /etc/powerwatch/tibber-token ] || install -m 0600 /dev/null /etc/powerwatch/tibber-token
# A class-data sharing archive halves the start time (bench/RESULTS.md). Made from a short demo
# run on this machine's JVM; if the JVM changes, -Xshare:auto simply starts without it.
echo "Making the class-data sharing archive (a 10 s demo run) ..."
rm -f /var/cache/powerwatch/powerwatch.jsa
timeout -s TERM 10 /usr/bin/java -XX:ArchiveClassesAtExit=/var/cache/powerwatch/powerwatch.jsa \
  -jar /usr/share/powerwatch/powerwatch.jar run --demo >/dev/null 2>&1 || true
[ -f /var/cache/powerwatch/powerwatch.jsa ] && chmod 0644 /var/cache/powerwatch/powerwatch.jsa
install -m 0644 deploy/powerwatch.service /etc/systemd/system/powerwatch.service
systemd-analyze verify /etc/systemd/system/powerwatch.service
systemctl daemon-reload
systemctl enable powerwatch.service
if [ -s /etc/powerwatch/tibber-token ]; then
  systemctl restart powerwatch.service
  echo "Installed and (re)started: journalctl -u powerwatch -f"
else
  echo "Installed. Next: put your Tibber token into /etc/powerwatch/tibber-token (one line), then"
  echo "  sudo systemctl start powerwatch"
fi
