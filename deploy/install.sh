#!/usr/bin/env bash
# Installs powerwatch as a systemd service. Run as root from the project folder after
# `./mvnw -B package`. Safe to run again: it keeps an existing configuration and token.
set -euo pipefail

jar=target/powerwatch.jar
[ -f "$jar" ] || { echo "install.sh: $jar is missing; build it with ./mvnw -B package" >&2; exit 1; }
# The unit starts /usr/bin/java; the class-data sharing archive below must come from the same JVM.
[ -x /usr/bin/java ] || { echo "install.sh: /usr/bin/java (17 or newer) is not installed" >&2; exit 1; }
systemd-analyze verify deploy/powerwatch.service

id powerwatch >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin powerwatch
install -d -m 0755 /opt/powerwatch /etc/powerwatch
install -m 0644 "$jar" /opt/powerwatch/powerwatch.jar
install -m 0644 README.md /opt/powerwatch/README.md
[ -f /etc/powerwatch/powerwatch.conf ] || install -m 0644 conf/powerwatch.conf /etc/powerwatch/powerwatch.conf
if [ ! -f /etc/powerwatch/logback.xml ]; then
  install -m 0644 conf/logback.xml /etc/powerwatch/logback.xml
elif ! cmp -s conf/logback.xml /etc/powerwatch/logback.xml; then
  install -m 0644 conf/logback.xml /etc/powerwatch/logback.xml.new
  echo "Kept /etc/powerwatch/logback.xml; this version's (journald priorities) is /etc/powerwatch/logback.xml.new."
fi
if [ ! -f /etc/powerwatch/tibber-token ]; then
  install -m 0600 /dev/null /etc/powerwatch/tibber-token
  echo "Put your Tibber token into /etc/powerwatch/tibber-token (one line, mode 0600)."
fi
# A class-data sharing archive halves the start time (bench/RESULTS.md). Made from a 15 s demo run
# on this machine's JVM; if the JVM changes, -Xshare:auto simply starts without it.
echo "Making the class-data sharing archive (15 s demo run) ..."
timeout -s TERM 15 /usr/bin/java -XX:ArchiveClassesAtExit=/opt/powerwatch/powerwatch.jsa \
  -jar /opt/powerwatch/powerwatch.jar run --demo >/dev/null 2>&1 || true
[ -f /opt/powerwatch/powerwatch.jsa ] && chmod 0644 /opt/powerwatch/powerwatch.jsa
install -m 0644 deploy/powerwatch.service /etc/systemd/system/powerwatch.service
systemctl daemon-reload
echo "Installed. Check the setup with:"
echo "  sudo -u powerwatch env CREDENTIALS_DIRECTORY=/etc/powerwatch java -jar /opt/powerwatch/powerwatch.jar check-config --config /etc/powerwatch/powerwatch.conf"
echo "then: systemctl enable --now powerwatch && journalctl -u powerwatch -f"
