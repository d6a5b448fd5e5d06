// `barnacle version [--format json]` and `barnacle --version`: Trivy's VersionInfo, as text or as JSON.
import { type DbVersion, dbVersion } from '../db/status.js';
import { goTime } from '../report/go-json.js';
import { VERSION } from '../version.js';

/** What `version` prints: Trivy's VersionInfo.String(), or its JSON (json.Encoder: one line) with `json`. */
export async function versionOutput(cacheDir: string, format: string | undefined): Promise<string> {
  // Trivy's version command takes only json; any other value prints the text.
  const db = await dbVersion(cacheDir);
  if (format === 'json') {
    const vulnerabilityDb = db && {
      ...db,
      NextUpdate: goTime(db.NextUpdate),
      UpdatedAt: goTime(db.UpdatedAt),
      DownloadedAt: goTime(db.DownloadedAt),
    };
    return `${JSON.stringify({ Version: VERSION, VulnerabilityDB: vulnerabilityDb })}\n`;
  }
  return `Version: ${VERSION}\n${db ? dbText(db) : ''}`;
}

function dbText(db: DbVersion): string {
  return [
    'Vulnerability DB:',
    `  Version: ${db.Version}`,
    `  UpdatedAt: ${goTimeString(db.UpdatedAt)}`,
    `  NextUpdate: ${goTimeString(db.NextUpdate)}`,
    `  DownloadedAt: ${goTimeString(db.DownloadedAt)}`,
    '',
  ].join('\n');
}

/** Go's time.Time String() layout, as Trivy prints DB times: '2026-11-28 16:19:55.123 +0000 UTC'. */
function goTimeString(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = d.toISOString().replace('T', ' ').replace('Z', '');
  return `${text.replace(/\.?0+$/, '')} +0000 UTC`;
}
