// The npm tibber-api client on the simulator's flood, for bench/transports:
// TibberFeed with all fields, a warm-up flood of a quarter of N, then a flood of N,
// counting `data` events. Prints
// "RESULT tibber-api <rate/s> <peak RSS kB> <heap used MiB> <CPU µs per measurement>".
//   node tibber-feed-flood.js SIMULATOR_URL HOME_ID TOKEN COUNT
'use strict';
const { TibberFeed, TibberQuery } = require('tibber-api');

const [simulator, homeId, token, countArg] = process.argv.slice(2);
const count = Number(countArg);
const FLOOD_TIMEOUT_MS = 120000;
let measurements = 0;
let cpuPerMeasurement = 0;

const flood = (n) => fetch(`${simulator}/simulator/flood?home=${homeId}&count=${n}`, { method: 'POST' })
  .then((response) => { if (!response.ok) throw new Error(`flood answered ${response.status}`); });

const until = (condition, timeoutMs, what) => new Promise((resolve, reject) => {
  const start = Date.now();
  const check = () => {
    if (condition()) return resolve();
    if (Date.now() - start > timeoutMs) return reject(new Error(`${what} not within ${timeoutMs} ms`));
    setTimeout(check, 1);
  };
  check();
});

async function measuredFlood(n) {
  const target = measurements + n;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await flood(n);
  await until(() => measurements >= target, FLOOD_TIMEOUT_MS, `flood of ${n}`);
  const used = process.cpuUsage(cpu);
  cpuPerMeasurement = (used.user + used.system) / n;
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
  const config = {
    apiEndpoint: { apiKey: token, queryUrl: `${simulator}/v1-beta/gql` },
    homeId,
    active: true,
  };
  const query = new TibberQuery(config);
  const feed = new TibberFeed(query, 60000, true);
  feed.on('data', () => { measurements += 1; });
  feed.on('error', (e) => console.error('tibber-api error:', e));
  await feed.connect();
  const probeStart = Date.now();
  while (measurements === 0) {
    if (Date.now() - probeStart > 10000) throw new Error('no measurement within 10 s');
    await flood(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await measuredFlood(Math.floor(count / 4));
  const rate = await measuredFlood(count);
  const peakRssKb = process.resourceUsage().maxRSS;
  const heapMib = Math.round(process.memoryUsage().heapUsed / 1048576);
  console.log(`RESULT tibber-api ${rate.toFixed(0)} ${peakRssKb} ${heapMib} ${cpuPerMeasurement.toFixed(2)}`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
