'use strict';
// The powerwatch dashboard: the daemon's state from /api/state every few seconds, and each
// measurement as it happens from the /api/live WebSocket; its buttons make and end silences through
// /api/silences. Text from the server reaches the page only as text nodes and attribute values,
// never as markup.

const STATE_EVERY_MS = 3000;
const CHART_SPAN_MS = 10 * 60 * 1000;
const CHART_GAP_MS = 60 * 1000;
const STALE_AFTER_MS = 60 * 1000;
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 30 * 1000;
const STEADY_SOCKET_MS = 10 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;

const homes = new Map();
let homeNames = new Map();
let reconnectDelay = RECONNECT_FIRST_MS;
let stateReads = 0;
let newestStateShown = 0;
const shownLists = new Map();

function byId(id) {
  return document.getElementById(id);
}

/** An element with attributes and children; a string child becomes a text node. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  node.append(...children.map(child => (child instanceof Node ? child : String(child ?? ''))));
  return node;
}

function pill(state, text) {
  return el('span', { class: 'pill', 'data-state': state }, text);
}

// /api/state writes an absent instant as the text "null".
function toDate(text) {
  if (!text || text === 'null') {
    return null;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

function localTime(text) {
  const date = toDate(text);
  if (!date) {
    return '–';
  }
  const today = date.toDateString() === new Date().toDateString();
  return today ? date.toLocaleTimeString() : date.toLocaleString();
}

function kwh(value) {
  return typeof value === 'number'
    ? value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : '–';
}

function wattsLabel(watts) {
  return watts >= 1000 ? `${watts / 1000} kW` : `${watts} W`;
}

// --- homes: live power, chart, energy ------------------------------------------------------

function homeCard(id) {
  if (homes.has(id)) {
    return homes.get(id);
  }
  const card = byId('home-card').content.firstElementChild.cloneNode(true);
  const home = {
    card,
    name: card.querySelector('.home-name'),
    node: card.querySelector('.home-node'),
    power: card.querySelector('.power'),
    measuredAt: card.querySelector('.measured-at'),
    hourKwh: card.querySelector('.hour-kwh'),
    dayKwh: card.querySelector('.day-kwh'),
    chart: card.querySelector('.chart'),
    tariffs: card.querySelector('.tariffs'),
    points: [],
    latest: null,
    receivedAt: 0,
    drawPending: false,
  };
  for (const node of [card, home.power, home.hourKwh, home.dayKwh, home.chart, home.tariffs]) {
    node.dataset.home = id;
  }
  home.name.textContent = id;
  byId('homes').append(card);
  byId('homes-empty').hidden = true;
  homes.set(id, home);
  return home;
}

/** On a cluster, the node that hosts the home now; nothing on a single process. */
function showNode(home, node) {
  home.node.hidden = !node;
  home.node.textContent = node ? 'on node ' + node.replace(/^akka:\/\/[^@]*@/, '') : '';
}

function showMeasurement(m) {
  const home = homeCard(m.homeId);
  const at = Date.parse(m.timestamp);
  if (Number.isNaN(at)) {
    return;
  }
  if (home.latest !== null && at < home.latest - CHART_SPAN_MS) {
    home.points = []; // the meter's clock went back: start the chart afresh
  } else if (home.latest !== null && at <= home.latest) {
    return; // /api/state repeats what the socket already brought
  }
  home.latest = at;
  home.receivedAt = Date.now();
  home.power.textContent = String(Math.round(m.power));
  home.power.dataset.watts = String(m.power);
  home.hourKwh.textContent = kwh(m.accumulatedConsumptionLastHour);
  home.dayKwh.textContent = kwh(m.accumulatedConsumption);
  home.measuredAt.textContent = `Measured ${localTime(m.timestamp)}`;
  home.card.classList.remove('stale');
  home.points.push({ at, watts: m.power });
  while (home.points[0].at < at - CHART_SPAN_MS) {
    home.points.shift();
  }
  home.chart.dataset.points = String(home.points.length);
  scheduleDraw(home);
}

function markStale() {
  for (const home of homes.values()) {
    home.card.classList.toggle('stale', Date.now() - home.receivedAt > STALE_AFTER_MS);
  }
}

function scheduleDraw(home) {
  if (!home.drawPending) {
    home.drawPending = true;
    requestAnimationFrame(() => {
      home.drawPending = false;
      drawChart(home);
    });
  }
}

// A round top for the y axis, with a round half-way line: at least 100 W.
function chartCeiling(watts) {
  const wanted = Math.max(100, watts * 1.1);
  const magnitude = 10 ** Math.floor(Math.log10(wanted));
  return [1, 1.5, 2, 3, 4, 5, 6, 8, 10].map(step => step * magnitude).find(top => top >= wanted);
}

// The x axis runs on the meter's clock, ending at the newest measurement, so a browser
// whose clock differs from the meter's still draws the right ten minutes.
function drawChart(home) {
  const canvas = home.chart;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (!width || !height || home.latest === null) {
    return;
  }
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  const colours = getComputedStyle(document.documentElement);
  const colour = name => colours.getPropertyValue(name).trim();
  const area = { left: 48, right: width - 8, top: 8, bottom: height - 22 };
  const end = home.latest;
  const top = chartCeiling(Math.max(...home.points.map(p => p.watts)));
  const x = at => area.left + ((at - (end - CHART_SPAN_MS)) / CHART_SPAN_MS) * (area.right - area.left);
  const y = watts => area.bottom - (watts / top) * (area.bottom - area.top);

  g.font = '11px system-ui, sans-serif';
  g.lineWidth = 1;
  g.strokeStyle = colour('--line');
  g.fillStyle = colour('--quiet');
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const watts of [0, top / 2, top]) {
    g.beginPath();
    g.moveTo(area.left, Math.round(y(watts)) + 0.5);
    g.lineTo(area.right, Math.round(y(watts)) + 0.5);
    g.stroke();
    g.fillText(wattsLabel(watts), area.left - 6, y(watts));
  }
  g.textBaseline = 'top';
  for (const [minutes, label, align] of [[10, '−10 min', 'left'], [5, '−5 min', 'center'], [0, 'now', 'right']]) {
    g.textAlign = align;
    g.fillText(label, x(end - minutes * 60000), area.bottom + 6);
  }

  g.strokeStyle = colour('--accent');
  g.fillStyle = colour('--accent-fill');
  g.lineWidth = 2;
  g.lineJoin = 'round';
  for (const run of unbrokenRuns(home.points)) {
    if (run.length === 1) {
      g.save();
      g.fillStyle = g.strokeStyle;
      g.fillRect(x(run[0].at) - 1.5, y(run[0].watts) - 1.5, 3, 3);
      g.restore();
      continue;
    }
    g.beginPath();
    run.forEach((p, i) => (i === 0 ? g.moveTo(x(p.at), y(p.watts)) : g.lineTo(x(p.at), y(p.watts))));
    g.stroke();
    g.lineTo(x(run[run.length - 1].at), area.bottom);
    g.lineTo(x(run[0].at), area.bottom);
    g.closePath();
    g.fill();
  }
}

// Readings more than a minute apart are not joined: the chart shows the gap.
function unbrokenRuns(points) {
  const runs = [];
  for (const p of points) {
    const run = runs[runs.length - 1];
    if (run && p.at - run[run.length - 1].at <= CHART_GAP_MS) {
      run.push(p);
    } else {
      runs.push([p]);
    }
  }
  return runs;
}

// --- the daemon's state --------------------------------------------------------------------

function showState(state) {
  homeNames = new Map((state.homes || []).map(h => [h.id, h.name || h.id]));
  for (const h of state.homes || []) {
    homeCard(h.id).name.textContent = h.name || h.id;
    showNode(homeCard(h.id), h.node);
    if (h.lastMeasurement) {
      showMeasurement(h.lastMeasurement);
    }
    showEnergy(homeCard(h.id), h.energy || []);
  }
  showReadiness(state.ready, state.reasons || []);
  showFeed(state.feed || {});
  showAlerts(state.alerts || []);
  showMuteButtons(state.homes || []);
  showSilences(state.silences || []);
  showNotifications(state.recentNotifications || []);
  showChannels(state.channels || []);
  showStateProblems(state.stateProblems || []);
}

/** Each energy rule: this interval's estimate, and for a capacity tariff the month's step, headroom and peaks. */
function showEnergy(home, rules) {
  home.tariffs.replaceChildren(...rules.map(rule => {
    const lines = [el('dt', {}, rule.rule),
      el('dd', {}, `this ${intervalName(rule)} heads for ${kwh(rule.estimateKWh)} kWh (${kwh(rule.energyKWh)} so far)`
        + (rule.confident ? '' : ', uncertain'))];
    const c = rule.capacity;
    if (c) {
      const headroom = c.headroomKWh === null ? 'no step above' : `${kwh(c.headroomKWh)} kWh keep the step`;
      lines.push(el('dd', {}, `month ${c.monthKw.toFixed(2)} kW, step ${c.step}, ${c.fee} ${c.currency}; ${headroom}`));
      lines.push(el('dd', {class: 'quiet'}, 'peaks: ' + (c.peaks.map(p => `${p.day} ${p.kw.toFixed(2)} kW`).join(', ') || 'none yet')));
    }
    return el('dl', {class: 'tariff', 'data-rule': rule.rule}, ...lines);
  }));
}

function intervalName(rule) {
  return toDate(rule.intervalEnd) - toDate(rule.intervalStart) <= 15 * 60 * 1000 ? 'quarter' : 'hour';
}

function showReadiness(ready, reasons) {
  const readiness = byId('readiness');
  readiness.dataset.state = ready ? 'ready' : 'not-ready';
  readiness.textContent = ready ? 'Ready' : 'Not ready';
  byId('reasons').replaceChildren(...reasons.map(reason => el('li', {}, reason)));
}

function showFeed(feed) {
  byId('feed-state').replaceChildren(pill(feed.state === 'LIVE' ? 'ok' : 'quiet', feed.state || '–'));
  byId('feed-detail').textContent = feed.detail || '';
  byId('feed-next-attempt').textContent = localTime(feed.nextAttemptAt);
  byId('feed-last-measurement').textContent = localTime(feed.lastMeasurementAt);
}

function cell(label, ...content) {
  return el('td', { 'data-label': label }, ...content);
}

function timeCell(label, text) {
  return el('td', { 'data-label': label, class: 'time' }, text);
}

function showAlerts(alerts) {
  fillTable('alerts', alerts.map(a => el('tr', { 'data-home': a.home, 'data-rule': a.rule },
    cell('Home', homeNames.get(a.home) || a.home),
    cell('Rule', a.rule),
    cell('State', ...alertState(a)),
    timeCell('Last notice', localTime(a.lastSentAt)),
    timeCell('Cooldown until', cooldownText(a.cooldownUntil)))));
}

function alertState(alert) {
  const state = alert.firing ? pill('firing', `Firing since ${localTime(alert.since)}`) : pill('ok', 'Resolved');
  if (!alert.silencedBy) {
    return [state];
  }
  const silenced = pill('silenced', 'silenced');
  silenced.title = 'A silence holds its notice back';
  return [state, ' ', silenced];
}

function cooldownText(until) {
  const date = toDate(until);
  if (!date) {
    return '–';
  }
  return date.getTime() > Date.now() ? localTime(until) : `${localTime(until)} (over)`;
}

function showNotifications(notifications) {
  fillTable('notifications', notifications.map(n => el('tr', {},
    timeCell('Time', localTime(n.at)),
    cell('Title', n.title),
    cell('Channel', n.channel),
    cell('Outcome', el('span', { title: n.detail || '' },
      pill(n.outcome === 'delivered' ? 'ok' : 'failed', n.outcome))))));
}

function fillTable(id, rows) {
  const table = byId(id);
  table.tBodies[0].replaceChildren(...rows);
  table.parentElement.hidden = rows.length === 0;
  byId(`${id}-empty`).hidden = rows.length > 0;
}

function showChannels(channels) {
  byId('channels').replaceChildren(...channels.map(c => el('li', { 'data-channel': c.name },
    `${c.name} `, c.backlog === 0 ? pill('ok', 'nothing waiting') : pill('quiet', `${c.backlog} waiting`))));
}

function showStateProblems(problems) {
  const items = problems.map(problem => el('li', {}, pill('failed', 'problem'), ` ${problem}`));
  byId('state-problems').replaceChildren(...(items.length ? items : [el('li', { class: 'quiet' }, 'None.')]));
}

function showUnreachable(reason) {
  const readiness = byId('readiness');
  readiness.dataset.state = 'not-ready';
  readiness.textContent = 'Daemon unreachable';
  byId('reasons').replaceChildren(el('li', {}, `No answer from the daemon (${reason}).`));
}

/** Reads and shows /api/state; false when the daemon wants its token and the page goes to log in. */
async function refreshState() {
  const read = ++stateReads;
  try {
    const response = await fetch('api/state', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      location.assign('login');
      return false;
    }
    if (!response.ok) {
      throw new Error(`/api/state answered HTTP ${response.status}`);
    }
    const state = await response.json();
    // A poll that began before a change may answer after the read that follows it.
    if (read > newestStateShown) {
      newestStateShown = read;
      showState(state);
    }
  } catch (problem) {
    showUnreachable(problem.message);
  }
  markStale();
  return true;
}

async function pollState() {
  if (await refreshState()) {
    setTimeout(pollState, STATE_EVERY_MS);
  }
}

// --- silences ------------------------------------------------------------------------------

/** Replaces a list's items only when what they show changed, so a button keeps the keyboard's focus. */
function showList(id, shown, toItems) {
  const key = JSON.stringify(shown);
  if (shownLists.get(id) !== key) {
    shownLists.set(id, key);
    byId(id).replaceChildren(...toItems());
  }
}

function showMuteButtons(homesInState) {
  const names = homesInState.map(h => [h.id, homeNames.get(h.id)]);
  showList('mute-homes', names, () => names.map(([id, name]) => el('li', { class: 'action' },
    el('span', {}, name),
    el('button', { type: 'button', 'data-home': id, 'aria-label': `Mute 1 h: ${name}` }, 'Mute 1 h'))));
}

function showSilences(silences) {
  const lines = silences.map(s => ({ ...s, scope: silenceScope(s) }));
  showList('silences', lines, () => (lines.length
    ? lines.map(silenceLine)
    : [el('li', { class: 'quiet' }, 'None.')]));
}

function silenceScope(silence) {
  const home = silence.home ? homeNames.get(silence.home) || silence.home : 'every home';
  return `${home}, ${silence.rule || 'every rule'}`;
}

function silenceLine(silence) {
  return el('li', { class: 'action', 'data-silence': silence.id, 'data-home': silence.home ?? '' },
    el('span', {},
      el('strong', {}, silence.scope), ` ${silenceTimes(silence)}, by ${silence.createdBy}`,
      silence.comment ? el('span', { class: 'quiet' }, ` — ${silence.comment}`) : ''),
    el('button', { type: 'button', 'data-silence': silence.id, 'aria-label': `End the silence of ${silence.scope}` },
      'End'));
}

// The browser's clock may run a little behind the daemon's: a silence made now is not "to come".
function silenceTimes(silence) {
  const start = toDate(silence.startsAt);
  const toCome = start !== null && start.getTime() > Date.now() + CLOCK_SKEW_MS;
  return `${toCome ? `from ${localTime(silence.startsAt)} ` : ''}until ${localTime(silence.endsAt)}`;
}

function showSilenceError(text) {
  const line = byId('silence-error');
  line.textContent = text;
  line.hidden = !text;
}

/** Sends a change of the silences, shows why the daemon refused it, if it did, then the new state. */
async function changeSilences(button, what, method, path, body) {
  button.disabled = true;
  showSilenceError('');
  const options = { method, headers: { Accept: 'application/json' } };
  if (body) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(path, options);
    if (response.status === 401) {
      location.assign('login');
      return;
    }
    if (!response.ok) {
      showSilenceError(`Could not ${what}: ${await refusal(response)}`);
    }
  } catch (problem) {
    showSilenceError(`Could not ${what}: no answer from the daemon (${problem.message}).`);
  } finally {
    button.disabled = false;
  }
  await refreshState();
}

async function refusal(response) {
  const answer = await response.json().catch(() => ({}));
  return answer?.error || `the daemon answered HTTP ${response.status}`;
}

function onMuteClick(event) {
  const button = event.target.closest('button[data-home]');
  if (button) {
    const home = button.dataset.home;
    changeSilences(button, `mute ${homeNames.get(home) || home}`, 'POST', 'api/silences',
      { home, for: '1h', createdBy: 'dashboard' });
  }
}

function onEndClick(event) {
  const button = event.target.closest('button[data-silence]');
  if (button) {
    changeSilences(button, 'end the silence', 'DELETE', `api/silences/${encodeURIComponent(button.dataset.silence)}`);
  }
}

// --- the live socket -----------------------------------------------------------------------

function liveUrl() {
  const url = new URL('api/live', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function showLive(state, text) {
  const status = byId('live-status');
  status.dataset.state = state;
  status.textContent = text;
}

// Reconnects with a doubling delay (with jitter); a socket that stayed open a while starts over.
function connectLive() {
  const socket = new WebSocket(liveUrl());
  let openedAt = null;
  socket.onopen = () => {
    openedAt = Date.now();
    showLive('live', 'Connected');
  };
  socket.onmessage = event => showMeasurement(JSON.parse(event.data));
  socket.onclose = () => {
    if (openedAt !== null && Date.now() - openedAt >= STEADY_SOCKET_MS) {
      reconnectDelay = RECONNECT_FIRST_MS;
    }
    const wait = reconnectDelay * (0.8 + Math.random() * 0.4);
    reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
    showLive('reconnecting', `Reconnecting in ${Math.round(wait / 1000)} s`);
    setTimeout(connectLive, wait);
  };
}

window.addEventListener('resize', () => homes.forEach(scheduleDraw));
byId('mute-homes').addEventListener('click', onMuteClick);
byId('silences').addEventListener('click', onEndClick);
pollState();
connectLive();
