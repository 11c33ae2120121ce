import { Command, Option } from "commander";
import type { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { VALIDATE_FORMATS, type ValidateFormat } from "./commands/validate-formats.js";

const EXIT_CODES_VALIDATE = `
Exit codes:
  0  every file is valid (warnings do not count unless --strict)
  1  findings
  2  usage error, or a file could not be read`;

const EXIT_CODES_COMPOSE = `
Exit codes:
  0  bundle written
  1  the network is invalid (nothing is written)
  2  usage error, or the bundle could not be written`;

/**
 * The command-line interface. Each action imports its command module only when it runs, so `lane7 --help`
 * and `lane7 validate` never load what `compose` needs.
 */
export function buildProgram(io: Io, version: string, done: (code: ExitCode) => void): Command {
  const program = new Command("lane7")
    .description("Compose secure Kubernetes application networks (blueprints) from one network description.")
    .version(version, "-V, --version", "print the lane7 version")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 validate network.yaml
  $ lane7 compose network.yaml -o my-network/ --zip my-network.zip
  $ lane7 schema > network.schema.json

Exit codes: 0 success · 1 findings (invalid network) · 2 usage or I/O error.
Run \`lane7 <command> --help\` for a command's options.`,
    );

  program
    .command("validate")
    .summary("check network files against the lane7/v1 format and its rules")
    .description(
      "Check network files: YAML syntax, the lane7/v1 schema, and every graph and security rule.\n" +
        "All findings are reported at once, each with file:line:col, its rule id and a hint.",
    )
    .argument("<file...>", "network description files (YAML)")
    .addOption(
      new Option(
        "-f, --format <format>",
        "output format: human, json, github (Actions annotations), sarif (2.1.0)",
      )
        .choices(VALIDATE_FORMATS)
        .default("human"),
    )
    .option("--strict", "count warnings as findings (exit 1)", false)
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 validate examples/*.yaml
  $ lane7 validate --format json network.yaml | jq '.files[].findings[]'
  $ lane7 validate --format github network.yaml            # in a GitHub Actions step
  $ lane7 validate --format sarif network.yaml > lane7.sarif
${EXIT_CODES_VALIDATE}`,
    )
    .action(async (files: string[], options: { format: ValidateFormat; strict: boolean }) => {
      const { runValidate } = await import("./commands/validate.js");
      done(await runValidate(files, options, io, version));
    });

  program
    .command("schema")
    .summary("print the JSON Schema of the network format")
    .description(
      "Print the JSON Schema of lane7/v1 (generated from the validator's own schema).\n" +
        "Point your editor at it for completion and checks, e.g. with the YAML language server:\n" +
        "  # yaml-language-server: $schema=./network.schema.json",
    )
    .addHelpText("after", "\nExample:\n  $ lane7 schema > network.schema.json")
    .action(async () => {
      const { runSchema } = await import("./commands/schema.js");
      done(runSchema(io));
    });

  program
    .command("compose")
    .summary("write the blueprint bundle for a network")
    .description(
      "Validate a network file, then write its complete blueprint bundle: per-pod manifests, sidecar\n" +
        "configuration, app.py shells, deploy/teardown/pinhole scripts and README.",
    )
    .argument("<network>", "network description file (YAML)")
    .option("-o, --out <dir>", "bundle directory (the folder holding README.md); default ./<network name>")
    .option(
      "--zip <file>",
      "also (or only, without -o) write the bundle as a zip, entries under <network name>/",
    )
    .option(
      "--force",
      "replace an existing bundle directory (never a directory that is not a lane7 bundle)",
      false,
    )
    .option("--credentials <file>", "YAML with the WoSP license, API token and per-pod keys (see README)")
    .option(
      "--images <file>",
      "YAML overriding the app, WoSP and Web Retriever image references (see README)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 compose examples/agentic-ai.yaml                  # writes ./agentic-ai/
  $ lane7 compose network.yaml -o out/net --zip net.zip --credentials creds.yaml
${EXIT_CODES_COMPOSE}`,
    )
    .action(async (network: string, options: ComposeCliOptions) => {
      const { runCompose } = await import("./commands/compose.js");
      done(await runCompose(network, options, io));
    });

  return program;
}

export interface ComposeCliOptions {
  out?: string;
  zip?: string;
  force: boolean;
  credentials?: string;
  images?: string;
}
