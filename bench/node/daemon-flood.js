// Drives `powerwatch run` (another process) through the simulator's flood, for bench/flood:
// a warm-up flood of a quarter of N, a flood of N counted at the daemon's /metrics
// (powerwatch_measurements_total), then the flood's last reading over the threshold until its
// push arrives, then alert latency over 61 alerts, the first left out, as the simulator sees it
// (first frame written to push received).
// Prints "RESULT powerwatch <rate/s> <peak RSS kB> <CPU µs per measurement> <p50 ms> <p99 ms> <max ms>".
//   node daemon-flood.js SIMULATOR_URL DAEMON_URL HOME_ID COUNT DAEMON_PID   (the JVM's own PID)
'use strict';
const fs = require('fs');

const [simulator, daemon, homeId, countArg, pid] = process.argv.slice(2);
const count = Number(countArg);
const TIMEOUT_MS = 120000;
const CLOCK_TICKS_PER_S = 100;

const post = async (path, body = '') => {
  const response = await fetch(`${simulator}${path}`, { method: 'POST', body });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
};
const flood = (n) => post(`/simulator/flood?home=${homeId}&count=${n}`);
const status = async () => (await fetch(`${simulator}/simulator/status`)).json();
const measured = async () => {
  const response = await fetch(`${daemon}/metrics`).catch(() => null); // null while the daemon starts
  if (!response) return 0;
  const text = await response.text();
  const line = text.split('\n').find((l) => l.startsWith('powerwatch_measurements_total{'));
  return line ? Number(line.split(' ').pop()) : 0;
};
const cpuTicks = () => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const peakRssKb = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

const until = async (condition, what, pauseMs = 2) => {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > TIMEOUT_MS) throw new Error(`${what} not within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
};

async function measuredFlood(n) {
  const target = (await measured()) + n;
  const ticks = cpuTicks();
  const start = process.hrtime.bigint();
  const written = (await status()).flooded + n;
  await flood(n);
  // Scraping /metrics costs the daemon CPU: wait for the simulator to have written the flood first.
  await until(async () => (await status()).flooded >= written, `flood of ${n} written`, 5);
  await until(async () => (await measured()) >= target, `flood of ${n} measured`, 1);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuMicros = ((cpuTicks() - ticks) / CLOCK_TICKS_PER_S) * 1e6;
  return { rate: n / seconds, cpuPerMeasurement: cpuMicros / n };
}

async function alert(watts) {
  const before = (await status()).pushes;
  await post(`/simulator/profile?home=${homeId}`, JSON.stringify([watts]));
  await flood(1);
  // Polling the simulator while the push is on its way would slow the simulator's answer to it.
  await new Promise((resolve) => setTimeout(resolve, 40));
  await until(async () => (await status()).pushes > before, 'a push', 10);
  return (await status()).lastFloodToPushMicros / 1000;
}

async function main() {
  await until(async () => { await flood(1); return (await measured()) > 0; }, 'the first measurement', 100);
  await measuredFlood(Math.floor(count / 4));
  const { rate, cpuPerMeasurement } = await measuredFlood(count);
  const pushes = (await status()).pushes;
  await post(`/simulator/profile?home=${homeId}`, '[9500, 500]');
  await flood(2);
  await until(async () => (await status()).pushes >= pushes + 2, 'the pushes after the flood');
  // The simulator stands for Tibber's servers, which are warm: run its HTTP handling before timing it.
  const viewer = JSON.stringify({ query: '{ viewer { homes { id } } }' });
  for (let i = 0; i < 2000; i++) {
    await fetch(`${simulator}/v1-beta/gql`, { method: 'POST', body: viewer,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'bench', Authorization: 'Bearer demo-token' } });
  }
  const latencies = [];
  for (let i = 0; i < 61; i++) {
    latencies.push(await alert(i % 2 === 0 ? 9500 : 500));
  }
  const sorted = latencies.slice(1).sort((a, b) => a - b);
  if (process.env.LATENCIES) console.error(latencies.map((x) => x.toFixed(1)).join(" "));
  const p = (q) => sorted[Math.ceil(sorted.length * q) - 1].toFixed(1);
  console.log(`RESULT powerwatch ${rate.toFixed(0)} ${peakRssKb()} ${cpuPerMeasurement.toFixed(2)} `
    + `${p(0.5)} ${p(0.99)} ${sorted[sorted.length - 1].toFixed(1)}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
