// The Reporter plug-in interface: a pure function from the scan result to text.
import type { ScanResult, Severity } from '../types.js';

export interface ReportOptions {
  /** The severities the user selected (`--severity`), used by formats that count them (table). */
  readonly severities: readonly Severity[];
  /** Whether to list all packages (`--list-all-pkgs`); formats that carry packages honour it. */
  readonly listAllPkgs: boolean;
  /** Colour output (table on a terminal). */
  readonly color: boolean;
  /** The tool version, for formats that name the producer. */
  readonly version: string;
  /**
   * `--scanners` as given ('vuln', 'secret', ...), for the table's summary columns; Trivy's image default
   * (vuln, secret) when absent.
   */
  readonly scanners?: readonly string[];
  /** The environment, for formats that name the CI job (github: $GITHUB_REF, $GITHUB_SHA, ...). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether findings suppressed by ignore files and VEX are listed (`--show-suppressed`; table). */
  readonly showSuppressed?: boolean;
  /** `--template` for the template format: a bundled template name such as `@contrib/html.tpl`. */
  readonly template?: string;
  /** `--table-mode`: which of the table format's 'summary' and 'detailed' tables to print (default both). */
  readonly tableModes?: readonly string[];
  /** `--dependency-tree`: the table shows under each target's findings which direct dependencies pull them in. */
  readonly dependencyTree?: boolean;
  /** Columns of the terminal on stdin, for the width of the table's secret dividers (40 when absent, as Trivy). */
  readonly terminalWidth?: number;
}

export interface Reporter {
  /** Trivy's format name: 'table', 'json', 'sarif', 'cyclonedx', ... */
  readonly id: string;
  render(result: ScanResult, options: ReportOptions): string;
  /**
   * The same text as `render`, in chunks made as they are consumed, for reports too large to hold whole
   * (optional: formats without it are rendered at once).
   */
  renderChunks?(result: ScanResult, options: ReportOptions): Iterable<string>;
}
