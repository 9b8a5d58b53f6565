#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh machine, and nothing twice:
// the npm dependencies (npm ci) when they are missing or older than the lockfile, and
// Debian's Chromium for the browser tests. Plain Node, no dependencies: it runs before them.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const want = new Set(process.argv.slice(2));

function run(command) {
  console.log(`[setup] ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const installedMarker = path.join(root, 'node_modules/.package-lock.json');
const lockfile = path.join(root, 'package-lock.json');
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lockfile).mtimeMs) {
  run('npm ci --no-audit --no-fund');
}

if (want.has('chromium') && !existsSync('/usr/bin/chromium')) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  run(`${sudo}apt-get update`);
  run(`${sudo}apt-get install -y --no-install-recommends chromium`);
}
