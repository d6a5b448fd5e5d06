// The bundled action (dist/action.js) run as GitHub's runner runs it: `node dist/action.js` with INPUT_* variables,
// a real webhook payload at GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and a GitHub REST API
// on 127.0.0.1 that keeps the pull request's comments and records every request.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_NODE, actionNodeDir } from '../../action/runtime.mjs';
import { main } from '../../src/cli/main.js';
import { type OsvServer, startOsvServer } from '../fixtures/db/server.js';
import { bundleOutsideRepo } from './bundle.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The bundle outside the repository, as a runner has it (no node_modules to fall back on). */
const BUNDLE = bundleOutsideRepo();
const IMAGE = path.join(ROOT, 'examples', 'demo', 'flask-app.tar');
const OSV = path.join(ROOT, 'examples', 'demo', 'osv');
const PULL_REQUEST_EVENT = path.join(ROOT, 'test', 'fixtures', 'action', 'pull_request.opened.json');
const PUSH_EVENT = path.join(ROOT, 'test', 'fixtures', 'action', 'push.json');

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

interface Comment {
  id: number;
  body: string;
  html_url: string;
}

/** A small part of GitHub's REST API: the comments of issues, kept in memory; `failing` answers 500 to all. */
class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly comments = new Map<number, Comment[]>();
  failing = false;
  private nextId = 1000;
  private readonly server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      const body: unknown = text ? JSON.parse(text) : undefined;
      const url = req.url ?? '';
      this.requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (this.failing) return reply(500, { message: 'Server Error' });
      const list = /^\/repos\/Codertocat\/Hello-World\/issues\/(\d+)\/comments(\?.*)?$/.exec(url);
      const one = /^\/repos\/Codertocat\/Hello-World\/issues\/comments\/(\d+)$/.exec(url);
      if (list && req.method === 'GET') return reply(200, this.comments.get(Number(list[1])) ?? []);
      if (list && req.method === 'POST') {
        const comment = { id: this.nextId++, body: (body as { body: string }).body, html_url: 'https://x/c' };
        this.comments.set(Number(list[1]), [...(this.comments.get(Number(list[1])) ?? []), comment]);
        return reply(201, comment);
      }
      if (one && req.method === 'PATCH') {
        const found = [...this.comments.values()].flat().find((c) => c.id === Number(one[1]));
        if (!found) return reply(404, { message: 'Not Found' });
        found.body = (body as { body: string }).body;
        return reply(200, found);
      }
      reply(404, { message: 'Not Found' });
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface ActionRun {
  readonly code: number;
  readonly log: string;
  readonly outputs: Map<string, string>;
  readonly summary: string;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const block = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(block)) outputs.set(m[1] ?? '', m[3] ?? '');
  return outputs;
}

let api: FakeGitHub;
let apiUrl: string;
let cacheDir: string;

/** Runs the bundle in a fresh workspace with the given inputs (input names as in action.yml). */
function runAction(
  inputs: Record<string, string>,
  event: { name: string; path: string },
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-action-test-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    NO_PROXY: '127.0.0.1',
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: event.path,
    GITHUB_WORKFLOW: 'scan',
    GITHUB_JOB: 'image',
    GITHUB_RUN_ID: '42',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: path.join(dir, 'tmp'),
    'INPUT_GITHUB-TOKEN': 'ghs_test',
    'INPUT_CACHE-DIR': cacheDir,
    // The demo DB was imported, not downloaded: barnacle leaves it as it is.
  };
  Object.assign(env, extraEnv);
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    execFile(actionNode, [BUNDLE], { cwd: dir, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({
        code,
        log: stdout + stderr,
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
      });
    });
  });
}

const PR = { name: 'pull_request', path: PULL_REQUEST_EVENT };
const PUSH = { name: 'push', path: PUSH_EVENT };
const DEMO = {
  input: IMAGE,
  'pr-comment': 'true',
  'exit-code': '1',
  severity: 'CRITICAL,HIGH',
  'ignore-unfixed': 'true',
};

/** The Node.js the runner starts the action with (action.yml `runs.using`), from the npm registry. */
let actionNode: string;

beforeAll(async () => {
  actionNode = path.join(actionNodeDir(), 'bin', 'node');
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'barnacle-action-cache-'));
  const imported = await main(['node', 'barnacle', 'db', 'import', OSV, '--cache-dir', cacheDir], {
    env: {},
    stdout: () => {},
    stderr: () => {},
    stdoutIsTty: false,
  });
  expect(imported).toBe(0);
  api = new FakeGitHub();
  apiUrl = await api.start();
});

afterAll(async () => {
  await api.stop();
});

describe('the runtime', () => {
  it('is the one action.yml names, and the tests run the bundle on it', () => {
    const using = /^\s*using:\s*'?(node\d+)'?\s*$/m.exec(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'))?.[1];
    expect(using).toBe(ACTION_NODE.using);
    const version = execFileSync(actionNode, ['-p', 'process.versions.node + " " + process.versions.modules']);
    expect(String(version).trim()).toBe(`${ACTION_NODE.release} ${ACTION_NODE.abi}`);
    expect(ACTION_NODE.using).toBe(`node${ACTION_NODE.release.split('.')[0]}`);
  });
});

describe('the bundled action with an empty cache', () => {
  let osv: OsvServer;
  beforeAll(async () => {
    osv = await startOsvServer(path.join(ROOT, 'test', 'fixtures', 'db', 'repo'));
  });
  afterAll(async () => {
    await osv.close();
  });

  it('downloads the DB over HTTP, with the HTTP client in the bundle', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'barnacle-action-empty-cache-'));
    const run = await runAction({ ...DEMO, 'cache-dir': empty, 'exit-code': '0' }, PUSH, {
      BARNACLE_DB_REPOSITORY: osv.url,
    });
    expect(run.log).not.toMatch(/Cannot find module/);
    expect(run.log).toMatch(/updated the vulnerability DB/);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(empty, 'db', 'barnacle.db'))).toBe(true);
    expect(osv.requests.filter((r) => r.status === 200).length).toBeGreaterThan(0);
  }, 120_000);
});

describe('the bundled action on a pull request', () => {
  let first: ActionRun;
  let second: ActionRun;
  beforeAll(async () => {
    first = await runAction(DEMO, PR);
    second = await runAction(DEMO, PR);
  }, 120_000);

  it('fails the step with the exit-code input when fixable CRITICAL/HIGH findings remain', () => {
    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
  });

  it('prints the table with the OS and Python targets', () => {
    expect(first.log).toMatch(/flask-app\.tar \(debian 11\.\d+\)\n=+\nTotal: \d+ \(HIGH: \d+, CRITICAL: \d+\)/);
    expect(first.log).toMatch(/Python \(python-pkg\)\n=+\nTotal: \d+ \(HIGH: \d+, CRITICAL: \d+\)/);
  });

  it("prints the summary table with the default scanners' columns, as the scan itself would", () => {
    expect(first.log).toMatch(/Report Summary[\s\S]*│ +Target +│ +Type +│ Vulnerabilities │ Secrets │/);
    expect(first.log).not.toContain('No enabled scanners found');
  });

  it('sets the counts as outputs, consistent with the findings JSON at report-path', () => {
    const report = JSON.parse(readFileSync(first.outputs.get('report-path') ?? '', 'utf8')) as {
      Results: { Vulnerabilities?: { Severity: string; FixedVersion?: string }[] }[];
    };
    const findings = report.Results.flatMap((r) => r.Vulnerabilities ?? []);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.FixedVersion && ['CRITICAL', 'HIGH'].includes(f.Severity))).toBe(true);
    expect(first.outputs.get('findings-count')).toBe(String(findings.length));
    expect(first.outputs.get('critical-count')).toBe(String(findings.filter((f) => f.Severity === 'CRITICAL').length));
    expect(first.outputs.get('high-count')).toBe(String(findings.filter((f) => f.Severity === 'HIGH').length));
  });

  it('creates one comment on the first run and updates that same comment on the second', () => {
    const writes = api.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /repos/Codertocat/Hello-World/issues/2/comments',
      'PATCH /repos/Codertocat/Hello-World/issues/comments/1000',
    ]);
    expect(api.requests.every((r) => r.authorization === 'token ghs_test')).toBe(true);
    const comments = api.comments.get(2) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/^<!-- barnacle-action: scan\/image\/image -->\n## barnacle: /);
    expect(comments[0]?.body).toContain(`**${first.outputs.get('findings-count')} vulnerabilities**`);
  });

  it('writes no job summary unless asked', () => {
    expect(first.summary).toBe('');
  });
});

describe('the bundled action elsewhere', () => {
  it('posts no comment on a push event, and writes the job summary when asked', async () => {
    const before = api.requests.length;
    const run = await runAction({ ...DEMO, 'job-summary': 'true' }, PUSH);
    expect(run.code).toBe(1);
    expect(api.requests.length).toBe(before);
    expect(run.log).toContain('the push event is not a pull request');
    expect(run.summary).toMatch(/^## barnacle: `.*flask-app\.tar`\n/);
    expect(run.summary).toContain('| Target | Type | Critical | High | Medium | Low | Unknown |');
  }, 60_000);

  it('reports an API error as a warning and keeps the exit code of the scan', async () => {
    api.failing = true;
    try {
      const failing = await runAction(DEMO, PR);
      expect(failing.code).toBe(1);
      expect(failing.log).toMatch(
        /::warning::pr-comment: the pull request comment could not be posted: .*Server Error/,
      );
      const lenient = await runAction({ ...DEMO, 'exit-code': '0' }, PR);
      expect(Number(lenient.outputs.get('findings-count'))).toBeGreaterThan(0);
      expect(lenient.code).toBe(0);
      expect(lenient.log).toContain('::warning::pr-comment:');
    } finally {
      api.failing = false;
    }
  }, 120_000);

  it('stops with a clear error for a scan type barnacle does not have, before scanning', async () => {
    const run = await runAction({ 'scan-type': 'config', 'scan-ref': '.' }, PUSH);
    expect(run.code).toBe(2);
    expect(run.log).toContain("::error::scan-type 'config' is not supported (barnacle scans image, fs, rootfs, sbom)");
  });

  it('says which inputs it accepts but ignores', async () => {
    const run = await runAction({ ...DEMO, 'pr-comment': 'false', version: 'v0.50.0', 'tf-vars': 'x.tfvars' }, PUSH);
    expect(run.log).toContain('::notice::input version (v0.50.0) is ignored: this action runs barnacle itself');
    expect(run.log).toContain('::notice::input tf-vars is not supported by barnacle and is ignored');
  }, 60_000);
});
