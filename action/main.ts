// The GitHub Action: maps trivy-action's inputs onto barnacle's command line and runs barnacle in this process.
// The scan writes every finding to a JSON report; the caller's report (format, output, severity, exit code) is
// made from it as `barnacle convert` makes it, and so are the counts, the pull request comment and the job
// summary. Bundled into dist/action.js (action/build.mjs); the runner starts it with INPUT_* variables.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { readReportFile } from '../src/cli/convert.js';
import { main } from '../src/cli/main.js';
import { dbPaths } from '../src/db/update.js';
import { GITHUB_COMMENT_LIMIT, markdownReport } from '../src/report/markdown.js';
import type { ScanResult } from '../src/types.js';
import { VERSION } from '../src/version.js';
import { type DbCache, restoreDb, saveDb } from './cache.js';
import { markerOf, upsertComment } from './comment.js';
import { type ActionInputs, findingsArgv, InputProblem, readInputs, reportArgv, scanArgv } from './inputs.js';
import { countsOf, writeSummary } from './summary.js';

/** Runs barnacle with `args`; its warnings become workflow warnings, its report text is kept when asked. */
async function barnacle(args: readonly string[], keepStdout = false): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  let pending = '';
  const stderr = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const warning = /^barnacle: warning: (.*)$/.exec(line);
      if (warning?.[1]) core.warning(warning[1]);
      else process.stderr.write(`${line}\n`);
    }
  };
  core.info(`barnacle ${args.join(' ')}`);
  const code = await main(['node', 'barnacle', ...args], {
    env: process.env,
    stdout: (text) => {
      if (keepStdout) stdout += text;
      process.stdout.write(text);
    },
    stderr,
    stdoutIsTty: false,
    stderrIsTty: false,
  });
  if (pending) process.stderr.write(`${pending}\n`);
  return { code, stdout };
}

function workDirOf(): string {
  const base = process.env.RUNNER_TEMP || os.tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, 'barnacle-action-'));
}

/** The pull request of the triggering event, if it is one. */
function pullRequestNumber(): number | undefined {
  const payload = github.context.payload;
  const number = payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
  return typeof number === 'number' ? number : undefined;
}

function octokitOf(token: string) {
  return github.getOctokit(token, { baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com' });
}

async function comment(inputs: ActionInputs, result: ScanResult): Promise<void> {
  const issueNumber = pullRequestNumber();
  if (issueNumber === undefined) {
    core.info(`No pull request comment: the ${github.context.eventName || 'triggering'} event is not a pull request`);
    return;
  }
  if (!inputs.githubToken) {
    core.warning('pr-comment: no token (set the github-token input or GITHUB_TOKEN); no comment posted');
    return;
  }
  const env = process.env;
  const marker = markerOf(`${env.GITHUB_WORKFLOW ?? ''}/${env.GITHUB_JOB ?? ''}/${inputs.scanType}`);
  const body = markdownOf(result, GITHUB_COMMENT_LIMIT - marker.length - 1);
  try {
    const { owner, repo } = github.context.repo;
    const done = await upsertComment(octokitOf(inputs.githubToken), { owner, repo, issueNumber }, marker, body);
    core.info(`Pull request comment ${done.action}: ${done.url}`);
  } catch (error) {
    core.warning(`pr-comment: the pull request comment could not be posted: ${messageOf(error)}`);
  }
}

function markdownOf(result: ScanResult, limit = GITHUB_COMMENT_LIMIT): string {
  const options = { severities: [], listAllPkgs: false, color: false, version: VERSION, env: process.env };
  return markdownReport(result, options, limit);
}

/** trivy-action's dependency snapshot upload: format github with github-pat. */
async function uploadSnapshot(inputs: ActionInputs, reportText: string): Promise<void> {
  if (!inputs.githubPat) {
    core.warning('format github: no github-pat input; the dependency snapshot was not uploaded');
    return;
  }
  try {
    const snapshot: unknown = JSON.parse(inputs.output ? readFileSync(inputs.output, 'utf8') : reportText);
    const { owner, repo } = github.context.repo;
    const url = `/repos/${owner}/${repo}/dependency-graph/snapshots`;
    await octokitOf(inputs.githubPat).request({ method: 'POST', url, data: snapshot });
    core.info('Dependency snapshot uploaded');
  } catch (error) {
    core.warning(`format github: the dependency snapshot upload failed: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] || String(error) : String(error);
}

async function run(): Promise<number> {
  const workDir = workDirOf();
  let inputs: ActionInputs;
  try {
    inputs = readInputs(process.env, workDir);
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    core.setFailed(error.message);
    return 2;
  }
  for (const notice of inputs.notices) core.notice(notice);

  let cached: DbCache | undefined;
  if (inputs.cache) cached = await restoreDb(dbPaths(inputs.cacheDir).dir, new Date());

  const scanJson = path.join(workDir, 'scan.json');
  const scan = await barnacle(scanArgv(inputs, scanJson));
  if (scan.code !== 0) {
    core.setFailed(`barnacle exited with code ${scan.code}`);
    return scan.code;
  }
  if (cached) await saveDb(cached);

  const report = await barnacle(reportArgv(inputs, scanJson), inputs.format === 'github' && !inputs.output);
  if (inputs.format === 'github') await uploadSnapshot(inputs, report.stdout);

  const findingsJson = path.join(workDir, 'findings.json');
  const findings = await barnacle(findingsArgv(inputs, scanJson, findingsJson));
  if (findings.code !== 0) {
    core.setFailed(`barnacle exited with code ${findings.code}`);
    return findings.code;
  }
  const result = readReportFile(findingsJson);
  const counts = countsOf(result);
  core.setOutput('findings-count', String(counts.findings));
  core.setOutput('critical-count', String(counts.bySeverity.CRITICAL));
  core.setOutput('high-count', String(counts.bySeverity.HIGH));
  core.setOutput('secrets-count', String(counts.secrets));
  core.setOutput('report-path', path.resolve(inputs.output ?? findingsJson));

  if (inputs.jobSummary && !writeSummary(process.env, markdownOf(result))) {
    core.warning('job-summary: GITHUB_STEP_SUMMARY is not set; no job summary written');
  }
  if (inputs.prComment) await comment(inputs, result);

  if (report.code !== 0) core.setFailed(`barnacle exited with code ${report.code}`);
  return report.code;
}

let code: number;
try {
  code = await run();
} catch (error) {
  core.setFailed(`barnacle action: ${messageOf(error)}`);
  code = 1;
}
process.stdout.write('', () => process.exit(code));
