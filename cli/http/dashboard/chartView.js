// The peer state chart, drawn as SVG from GET /chart.json (the model cli/chart walks out of the
// machine definition) with elkjs for the layout: nothing here knows the peer machine's states.

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Fonts as dashboard.css sets them, so boxes are measured with the text they will hold. */
const EDGE_FONT = '11px system-ui, sans-serif';
const STATE_FONT = '600 13px system-ui, sans-serif';
const LINE_HEIGHT = 14;
/** Arrows with more triggers than this show the first ones and "+N more" (all of them in the tooltip). */
const MAX_LABEL_LINES = 3;

const measureContext = document.createElement('canvas').getContext('2d');

function textWidth(text, font = EDGE_FONT) {
  measureContext.font = font;
  return Math.ceil(measureContext.measureText(text).width);
}

function svg(name, attributes = {}, parent = undefined) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (parent !== undefined) parent.appendChild(element);
  return element;
}

function labelLines(labels) {
  if (labels.length <= MAX_LABEL_LINES) return labels;
  return [...labels.slice(0, MAX_LABEL_LINES - 1), `+${labels.length - (MAX_LABEL_LINES - 1)} more`];
}

/**
 * The state paths a state value puts a peer in, innermost and ancestors alike:
 * `{ active: 'idle' }` → `active`, `active.idle` (the `path` of the chart's nodes).
 */
export function activeStatePaths(value) {
  const paths = [];
  const walk = (prefix, v) => {
    if (typeof v === 'string') {
      paths.push(`${prefix}${v}`);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        paths.push(`${prefix}${key}`);
        walk(`${prefix}${key}.`, child);
      }
    }
  };
  walk('', value);
  return paths;
}

/** A state value as a dotted path (`active.idle`), parallel regions joined by commas. */
export function statePath(value) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.entries(value)
    .map(([key, child]) => {
      const inner = statePath(child);
      return inner === '' ? key : `${key}.${inner}`;
    })
    .join(', ');
}

function elkGraph(chart) {
  const byId = new Map();
  const top = [];
  for (const node of chart.nodes) {
    let elkNode;
    switch (node.kind) {
      case 'initial':
        elkNode = { id: node.id, width: 12, height: 12 };
        break;
      case 'compound':
        elkNode = {
          id: node.id,
          children: [],
          layoutOptions: {
            'elk.padding': '[top=34,left=14,bottom=14,right=14]',
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${textWidth(node.label, STATE_FONT) + 60}, 60)`,
          },
        };
        break;
      default:
        elkNode = { id: node.id, width: Math.max(96, textWidth(node.label, STATE_FONT) + 50), height: 40 };
    }
    byId.set(node.id, elkNode);
  }
  for (const node of chart.nodes) {
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    (parent === undefined ? top : parent.children).push(byId.get(node.id));
  }
  const edges = chart.edges.map((edge) => {
    const lines = labelLines(edge.labels);
    const labels =
      lines.length === 0
        ? []
        : [
            {
              id: `${edge.id}-label`,
              text: lines.join('\n'),
              width: Math.max(...lines.map((line) => textWidth(line))) + 6,
              height: lines.length * LINE_HEIGHT + 2,
            },
          ];
    return { id: edge.id, sources: [edge.source], targets: [edge.target], labels };
  });
  return {
    id: chart.root,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: top,
    edges,
  };
}

/** Absolute positions of every laid-out node (ELK gives each relative to its parent). */
function absolutePositions(layout) {
  const positions = new Map([[layout.id, { x: 0, y: 0 }]]);
  const walk = (node, ox, oy) => {
    for (const child of node.children ?? []) {
      const x = ox + child.x;
      const y = oy + child.y;
      positions.set(child.id, { x, y, width: child.width, height: child.height });
      walk(child, x, y);
    }
  };
  walk(layout, 0, 0);
  return positions;
}

function collectEdges(node, out = []) {
  for (const edge of node.edges ?? []) out.push(edge);
  for (const child of node.children ?? []) collectEdges(child, out);
  return out;
}

function drawEdge(layer, edge, origin, titles) {
  const group = svg('g', { class: 'transition', 'data-edge-id': edge.id }, layer);
  const title = titles.get(edge.id);
  if (title) svg('title', {}, group).textContent = title;
  for (const section of edge.sections ?? []) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${origin.x + p.x},${origin.y + p.y}`).join(' ');
    svg('path', { d, 'marker-end': 'url(#arrow)' }, group);
  }
  for (const label of edge.labels ?? []) {
    const text = svg(
      'text',
      { class: 'edge-label', x: origin.x + label.x + 3, y: origin.y + label.y },
      group,
    );
    label.text.split('\n').forEach((line, i) => {
      svg(
        'tspan',
        { x: origin.x + label.x + 3, dy: i === 0 ? LINE_HEIGHT - 2 : LINE_HEIGHT },
        text,
      ).textContent = line;
    });
  }
}

function drawNode(layer, node, box) {
  const group = svg('g', { class: `state ${node.kind}`, 'data-state-id': node.id }, layer);
  if (node.path !== undefined) {
    group.dataset.path = node.path;
    group.dataset.count = '0';
  }
  svg('title', {}, group).textContent = node.id;
  if (node.kind === 'initial') {
    svg('circle', { cx: box.x + 6, cy: box.y + 6, r: 6 }, group);
    return { group };
  }
  svg('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 8 }, group);
  if (node.kind === 'final') {
    svg(
      'rect',
      { class: 'inner', x: box.x + 3, y: box.y + 3, width: box.width - 6, height: box.height - 6, rx: 6 },
      group,
    );
  }
  const compound = node.kind === 'compound';
  svg(
    'text',
    { class: 'state-label', x: box.x + 12, y: compound ? box.y + 20 : box.y + box.height / 2 + 4 },
    group,
  ).textContent = node.label;
  const badgeX = box.x + box.width - 18;
  const badgeY = compound ? box.y + 16 : box.y + box.height / 2;
  svg('circle', { class: 'badge', cx: badgeX, cy: badgeY, r: 10 }, group);
  const count = svg('text', { class: 'count', x: badgeX, y: badgeY + 4, 'text-anchor': 'middle' }, group);
  count.textContent = '0';
  return { group, count };
}

/**
 * Lays the chart out and draws it into `svgElement`. Returns the view the page updates: how many peers
 * are in each state, and which peer's states are highlighted.
 */
export async function drawChart(svgElement, chart) {
  // The page loads elkjs's browser bundle (served from node_modules) as a classic script.
  const elk = new globalThis.ELK();
  const layout = await elk.layout(elkGraph(chart));
  const positions = absolutePositions(layout);

  svgElement.replaceChildren();
  svgElement.setAttribute('viewBox', `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`);
  const defs = svg('defs', {}, svgElement);
  const marker = svg(
    'marker',
    {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    },
    defs,
  );
  svg('path', { d: 'M0,0 L10,5 L0,10 z' }, marker);

  const nodeLayer = svg('g', { class: 'states' }, svgElement);
  const edgeLayer = svg('g', { class: 'transitions' }, svgElement);
  /** Drawn states by path (initial dots have none). */
  const views = new Map();
  // Parents first, so a compound's box lies under its children.
  for (const node of chart.nodes) {
    const box = positions.get(node.id);
    if (box === undefined) continue;
    const view = drawNode(nodeLayer, node, box);
    if (node.path !== undefined) views.set(node.path, view);
  }
  const titles = new Map(chart.edges.map((e) => [e.id, e.labels.join('\n')]));
  for (const edge of collectEdges(layout)) {
    const origin = positions.get(edge.container ?? layout.id) ?? { x: 0, y: 0 };
    drawEdge(edgeLayer, edge, origin, titles);
  }

  return {
    /** Shows, on each state, how many of `peers` (`{stateValue}`) are in it now. */
    setCounts(peers) {
      const counts = new Map();
      for (const peer of peers) {
        for (const p of activeStatePaths(peer.stateValue)) counts.set(p, (counts.get(p) ?? 0) + 1);
      }
      for (const [p, view] of views) {
        const n = counts.get(p) ?? 0;
        view.group.setAttribute('data-count', String(n));
        view.group.classList.toggle('occupied', n > 0);
        if (view.count !== undefined) view.count.textContent = String(n);
      }
    },
    /** Marks the states of one state value (a selected peer's), or clears the mark with undefined. */
    highlight(stateValue) {
      const paths = new Set(stateValue === undefined ? [] : activeStatePaths(stateValue));
      for (const [p, view] of views) view.group.classList.toggle('current', paths.has(p));
    },
  };
}
