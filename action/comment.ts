// The sticky pull request comment: one per pull request and scan target, found again by a hidden marker in
// its body and updated in place, so that a pull request never collects one comment per push.
import type { getOctokit } from '@actions/github';

type Octokit = ReturnType<typeof getOctokit>;

export interface CommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
}

/** The hidden marker for a scan target: an HTML comment GitHub does not show. */
export function markerOf(key: string): string {
  return `<!-- barnacle-action: ${key.replace(/--+/g, '-').replace(/>/g, '')} -->`;
}

export type CommentResult = { readonly action: 'created' | 'updated'; readonly id: number; readonly url: string };

/** Creates the comment carrying `marker`, or updates the first existing one; returns what it did. */
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
): Promise<CommentResult> {
  const full = `${marker}\n${body}`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body: full,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body: full,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}
