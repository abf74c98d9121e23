import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface StaticAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The dashboard's own files (cli/http/dashboard/), by the URL path they are served at. */
const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  '/': 'index.html',
  '/dashboard/dashboard.js': 'dashboard.js',
  '/dashboard/chartView.js': 'chartView.js',
  '/dashboard/peerTable.js': 'peerTable.js',
  '/dashboard/dashboard.css': 'dashboard.css',
};

/** Files of installed packages the page loads, so it works offline and never from a CDN. */
const VENDOR_FILES: Readonly<Record<string, string>> = {
  '/vendor/elk.bundled.js': 'elkjs/lib/elk.bundled.js',
};

/**
 * The dashboard folder: beside this file when run from the source tree (ts-jest), or back in the
 * source tree when run from dist/ (tsc does not copy static files).
 */
export function dashboardDir(): string {
  const candidates = [
    path.join(__dirname, 'dashboard'),
    path.resolve(__dirname, '..', '..', '..', 'cli', 'http', 'dashboard'),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (found === undefined) throw new Error(`dashboard files not found in ${candidates.join(' or ')}`);
  return found;
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * Every file the server may send, read once at start-up and keyed by exact URL path. Nothing is ever
 * resolved from the request, so no path can reach beyond this list (no directory traversal).
 */
export async function loadStaticAssets(): Promise<ReadonlyMap<string, StaticAsset>> {
  const dir = dashboardDir();
  const files: Array<[string, string]> = [
    ...Object.entries(DASHBOARD_FILES).map(([url, file]): [string, string] => [url, path.join(dir, file)]),
    ...Object.entries(VENDOR_FILES).map(([url, id]): [string, string] => [url, require.resolve(id)]),
  ];
  const assets = await Promise.all(
    files.map(async ([url, file]): Promise<[string, StaticAsset]> => [
      url,
      { body: await readFile(file), contentType: contentTypeOf(file) },
    ]),
  );
  return new Map(assets);
}
