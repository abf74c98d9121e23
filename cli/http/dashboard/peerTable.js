// The peers table and the per-peer history list. Everything a peer sent us (client id above all) is
// set with textContent, never parsed as HTML: a hostile Hello must not script the page.

import { statePath } from './chartView.js';

/** `a1b2c3d4…` for a 128-hex-digit node id; a dash before Hello. */
export function shortNodeId(nodeId) {
  return typeof nodeId === 'string' && nodeId.length > 0 ? `${nodeId.slice(0, 8)}…` : '—';
}

/** `850 ms`, `12 s`, `4 min`, `2 h`. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  return `${Math.floor(ms / 3_600_000)} h`;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

/**
 * Redraws the rows of `tbody` for `peers` (a Map conn → peer), marking the selected one.
 * `now` is the node's clock (ms since it started), the clock of `peer.since`.
 */
export function renderPeers(tbody, peers, selectedConn, now, onSelect) {
  const rows = [...peers.values()]
    .sort((a, b) => a.conn - b.conn)
    .map((peer) => {
      const row = document.createElement('tr');
      row.dataset.conn = String(peer.conn);
      row.dataset.state = peer.state;
      row.tabIndex = 0;
      if (peer.conn === selectedConn) row.classList.add('selected');
      cell(row, `#${peer.conn}`);
      const id = cell(row, shortNodeId(peer.nodeId), 'mono');
      if (peer.nodeId) id.title = peer.nodeId;
      cell(row, peer.clientId ?? '—', 'client');
      cell(row, peer.direction === 'inbound' ? 'in' : 'out').title = peer.direction;
      cell(row, peer.remote, 'mono');
      cell(row, statePath(peer.stateValue ?? peer.state), `state state-${peer.state}`);
      cell(row, formatDuration(now - peer.since), 'since').dataset.since = String(peer.since);
      row.addEventListener('click', () => onSelect(peer.conn));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') onSelect(peer.conn);
      });
      return row;
    });
  tbody.replaceChildren(...rows);
}

/** Refreshes the "for" column without rebuilding rows. */
export function refreshDurations(tbody, now) {
  for (const td of tbody.querySelectorAll('td.since')) {
    td.textContent = formatDuration(now - Number(td.dataset.since));
  }
}

/** One line of the live log or of a peer's history. */
export function changeLine(change, withPeer) {
  const li = document.createElement('li');
  li.dataset.conn = String(change.conn);
  li.dataset.state = change.state;
  const time = document.createElement('time');
  time.textContent = `${(change.t / 1000).toFixed(3)} s`;
  li.append(time, ' ');
  if (withPeer) {
    const who = document.createElement('span');
    who.className = 'who';
    const client = change.clientId ? ` ${change.clientId}` : '';
    who.textContent = `#${change.conn} ${change.direction} ${change.remote}${client}`;
    li.append(who, ' → ');
  }
  const state = document.createElement('span');
  state.className = `state state-${change.state}`;
  state.textContent = statePath(change.stateValue ?? change.state);
  li.append(state);
  return li;
}
