#!/usr/bin/env node
// Top self-time functions and files of V8 CPU profiles (`node --cpu-prof` writes them as *.cpuprofile).
//   node scripts/cpu-profile-summary.mjs DIR_OR_FILE [TOP]
// Percentages are of the busy time (samples outside "(idle)"), so they say what the process spends its work on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Milliseconds of self time per node id of one profile. */
function selfTimes(profile) {
  const byNode = new Map();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  return byNode;
}

/** A readable place for a call frame: the project's files relative to the repository, node's own as `node:…`. */
function placeOf(url) {
  if (url === '') return '(native / V8)';
  const project = url.indexOf('/dist/');
  if (project >= 0) return url.slice(project + 1);
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + 1);
  return url.replace(/^file:\/\//, '');
}

/** The part of a server's work a call frame belongs to (for a summary a reader can compare before and after). */
function areaOf(functionName, url) {
  if (functionName === 'writev' || functionName === 'writevGeneric')
    return 'socket writes (writev: the syscall, and waiting for a core)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url.startsWith('node:internal/crypto')) return 'node:crypto (random bytes, SHA-256)';
  if (url.includes('/dist/reference-server/')) return 'reference server (reference-server/src)';
  if (url.includes('/dist/contract/')) return 'contract library (contract/src)';
  if (url.includes('/node_modules/')) return 'dependencies (node_modules)';
  if (url.startsWith('node:')) return 'node:http, streams, events (node internals)';
  if (url === '') return 'V8 and natives ((program), JSON, regular expressions, compiled Ajv validators)';
  return "other (the benchmark's own handler)";
}

function add(map, key, ms) {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function top(map, n, total) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => `${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${k}`)
    .join('\n');
}

/** Summary text of every .cpuprofile under `path` (or of the file itself). */
export function summariseProfiles(path, n = 25) {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(path, f))
    : [path];
  const functions = new Map();
  const places = new Map();
  const areas = new Map();
  let busy = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    for (const [id, ms] of selfTimes(profile)) {
      const { functionName, url, lineNumber } = nodes.get(id).callFrame;
      if (functionName === '(idle)') {
        idle += ms;
        continue;
      }
      busy += ms;
      const place = placeOf(url);
      add(functions, `${functionName || '(anonymous)'}  ${url ? `${place}:${lineNumber + 1}` : place}`, ms);
      add(places, url ? place : functionName || place, ms);
      add(areas, areaOf(functionName, url), ms);
    }
  }
  return [
    `${files.map((f) => basename(f)).join(', ')}: busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`,
    `top functions by self time (% of busy time):`,
    top(functions, n, busy),
    `by file:`,
    top(places, n, busy),
    `by area:`,
    top(areas, n, busy),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, n] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node scripts/cpu-profile-summary.mjs DIR_OR_FILE [TOP]');
    process.exit(2);
  }
  console.log(summariseProfiles(path, n ? Number(n) : undefined));
}
