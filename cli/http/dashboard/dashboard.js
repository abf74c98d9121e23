// The live dashboard: the chart from /chart.json, then the node's status and each peer state change
// over the WebSocket at /live (cli/http/liveHub.ts).

import { drawChart } from './chartView.js';
import { changeLine, refreshDurations, renderPeers } from './peerTable.js';

const MAX_LOG_LINES = 200;
const MAX_HISTORY_PER_PEER = 20;
/** Histories of peers that left are kept for this many of the most recent connections. */
const MAX_PEER_HISTORIES = 100;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

const $ = (id) => document.getElementById(id);

const state = {
  chart: undefined,
  /** conn → peer as /status shows it; a peer that reaches `closed` leaves. */
  peers: new Map(),
  /** conn → its recent changes, newest last. */
  histories: new Map(),
  selectedConn: undefined,
  /** The node's clock is `performance.now() + clockOffset` (ms since the node started). */
  clockOffset: 0,
};

const nodeNow = () => performance.now() + state.clockOffset;

function render() {
  const tbody = $('peers').tBodies[0];
  renderPeers(tbody, state.peers, state.selectedConn, nodeNow(), select);
  $('peer-count').textContent = String(state.peers.size);
  $('no-peers').hidden = state.peers.size > 0;
  state.chart?.setCounts([...state.peers.values()]);
  const selected = state.peers.get(state.selectedConn);
  state.chart?.highlight(selected?.stateValue);
  renderHistory();
}

function renderHistory() {
  const panel = $('selected-peer');
  if (state.selectedConn === undefined) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const gone = state.peers.has(state.selectedConn) ? '' : ' (gone)';
  $('selected-conn').textContent = `#${state.selectedConn}${gone}`;
  const history = state.histories.get(state.selectedConn) ?? [];
  $('peer-history').replaceChildren(...history.map((change) => changeLine(change, false)));
}

function select(conn) {
  state.selectedConn = state.selectedConn === conn ? undefined : conn;
  render();
}

function remember(change) {
  const history = state.histories.get(change.conn) ?? [];
  history.push(change);
  if (history.length > MAX_HISTORY_PER_PEER) history.shift();
  state.histories.delete(change.conn);
  state.histories.set(change.conn, history);
  if (state.histories.size > MAX_PEER_HISTORIES) state.histories.delete(state.histories.keys().next().value);
}

function onStatus(status) {
  state.clockOffset = status.uptimeMs - performance.now();
  $('client-id').textContent = status.clientId;
  $('node-id').textContent = `${status.nodeId.slice(0, 12)}…`;
  $('node-id').title = status.nodeId;
  $('network-id').textContent = String(status.networkId);
  $('ports').textContent = Object.entries(status.ports)
    .map(([name, port]) => `${name} ${port}`)
    .join(' · ');
  $('head').textContent = `#${status.head.height} ${status.head.hash.slice(0, 10)}…`;
  $('head').title = `${status.head.hash}, total difficulty ${status.head.totalDifficulty}`;
  $('known-peers').textContent = String(status.knownPeers);
  $('tx-pool').textContent = String(status.txPool);
  state.peers = new Map(status.peers.filter((p) => p.state !== 'closed').map((p) => [p.conn, p]));
  render();
}

function onPeerState(change) {
  // A change stamped later than our estimate of the node's clock moves the estimate forward.
  state.clockOffset = Math.max(state.clockOffset, change.t - performance.now());
  remember(change);
  const log = $('log');
  log.prepend(changeLine(change, true));
  while (log.childElementCount > MAX_LOG_LINES) log.lastElementChild.remove();
  if (change.state === 'closed') {
    state.peers.delete(change.conn);
  } else {
    state.peers.set(change.conn, { ...change, since: change.t });
  }
  render();
}

function setLive(live, text) {
  const indicator = $('live-indicator');
  indicator.className = live ? 'live' : 'offline';
  indicator.dataset.live = String(live);
  indicator.textContent = text;
}

let reconnectDelayMs = RECONNECT_MIN_MS;

function connect() {
  const url = new URL('/live', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    reconnectDelayMs = RECONNECT_MIN_MS;
    setLive(true, 'live');
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'status') onStatus(message.status);
    else if (message.type === 'peerState') onPeerState(message.change);
  });
  socket.addEventListener('close', () => {
    setLive(false, 'offline, reconnecting…');
    setTimeout(connect, reconnectDelayMs);
    reconnectDelayMs = Math.min(reconnectDelayMs * 2, RECONNECT_MAX_MS);
  });
}

function showNotes(chart) {
  const list = $('chart-notes');
  for (const [stateId, notes] of Object.entries(chart.notes)) {
    const dt = document.createElement('dt');
    dt.textContent = stateId;
    const dd = document.createElement('dd');
    dd.textContent = notes.join(', ');
    list.append(dt, dd);
  }
  $('chart-notes-panel').hidden = Object.keys(chart.notes).length === 0;
}

async function start() {
  const response = await fetch('/chart.json');
  const chart = await response.json();
  $('chart-machine').textContent = `(machine "${chart.machine}", from its definition)`;
  showNotes(chart);
  state.chart = await drawChart($('chart'), chart);
  document.body.dataset.chartReady = 'true';
  render();
}

setInterval(() => refreshDurations($('peers').tBodies[0], nodeNow()), 1000);
connect();
start().catch((err) => {
  document.body.dataset.chartError = String(err);
  $('chart-machine').textContent = `chart failed: ${err}`;
});
