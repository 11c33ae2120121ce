import { terminalSafe } from "../../control-characters.js";
import { repoRelative } from "./paths.js";
import type { FileResult } from "./validation-result.js";

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), so findings appear
 * as annotations on the lines of a pull request. Escaping follows the runner's rules: `%`, CR and LF in
 * the message; additionally `:` and `,` in properties. Control characters of the file are escaped first,
 * as for a terminal: the log of a job is shown as one.
 */
export function formatFindingsGithub(results: readonly FileResult[], cwd: string): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.error !== undefined) {
      const file = repoRelative(result.file, cwd);
      lines.push(`::error file=${property(file)},title=lane7::${data(`${file}: ${result.error}`)}`);
      continue;
    }
    for (const finding of result.findings) {
      const properties = [
        `file=${property(repoRelative(finding.file, cwd))}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `title=${property(`lane7 ${finding.rule}`)}`,
      ].join(",");
      lines.push(`::${finding.severity} ${properties}::${data(`${finding.message}\nhint: ${finding.hint}`)}`);
    }
  }
  return lines.map((line) => `${line}\n`).join("");
}

function data(text: string): string {
  return terminalSafe(text).replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function property(text: string): string {
  return data(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}
