import type { ChartGraph } from './chartGraph';
import { renderDot } from './renderDot';
import { renderMermaid } from './renderMermaid';

export const CHART_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

/** The chart in one of the formats of `pocnode chart --format`. */
export function renderChart(graph: ChartGraph, format: ChartFormat): string {
  switch (format) {
    case 'mermaid':
      return renderMermaid(graph);
    case 'dot':
      return renderDot(graph);
    case 'json':
      return `${JSON.stringify(graph, null, 2)}\n`;
  }
}
