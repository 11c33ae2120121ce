import { decimalNumber, wholeNumber } from "../numbers.js";
import { Command, InvalidArgumentError, Option } from "commander";
import type { ExitCode } from "../exit-codes.js";
import type { Io } from "../io.js";
import { VALIDATE_FORMATS, type ValidateFormat } from "./commands/validate-formats.js";

const EXIT_CODES_VALIDATE = `
Exit codes:
  0  every file is valid (warnings do not count unless --strict)
  1  findings
  2  usage error, or a file could not be read`;

const EXIT_CODES_COMPOSE = `
Exit codes:
  0  bundle written (with --check: the bundle on disk is current)
  1  the network is invalid, nothing is written (with --check: also when the bundle on disk differs)
  2  usage error, or the bundle could not be written (or, with --check, read)`;

/** The initiators' fastest auto-trigger: ten test tasks a second. */
const MIN_INTERVAL_SECONDS = 0.1;

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
  $ lane7 diff my-network/ network.yaml --format markdown
  $ lane7 run network.yaml --until 5
  $ lane7 deploy my-network/ --dry-run
  $ lane7 status my-network/ --context staging
  $ lane7 teardown my-network/ --context staging --yes
  $ lane7 schema > network.schema.json

Exit codes: 0 success · 1 findings (invalid network) · 2 usage or I/O error.
Run \`lane7 <command> --help\` for a command's options.`,
    );

  program
    .command("validate")
    .summary("check network files against the lane7/v1 format and its rules")
    .description(
      "Check network files: YAML syntax, the lane7/v1 schema, and every graph and security rule. " +
        "All findings are reported at once, each with file:line:col, its rule id and a hint.",
    )
    .argument("<file...>", "network description files (YAML)")
    .addOption(
      new Option("-f, --format <format>", "output format (github: Actions annotations; sarif: SARIF 2.1.0)")
        .choices(VALIDATE_FORMATS)
        .default("human"),
    )
    .option("--strict", "count warnings as findings (exit 1)")
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
    .action(async (files: string[], options: { format: ValidateFormat; strict?: boolean }) => {
      const { runValidate } = await import("./commands/validate.js");
      done(
        await runValidate(files, { format: options.format, strict: options.strict === true }, io, version),
      );
    });

  program
    .command("schema")
    .summary("print the JSON Schema of the network format")
    .description(
      "Print the JSON Schema of lane7/v1 (generated from the validator's own schema). Point your " +
        "editor at it for completion and checks, e.g. with the YAML language server's first-line comment:\n\n" +
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
      "Validate a network file, then write its complete blueprint bundle: per-pod manifests, sidecar " +
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
      "recompose an existing bundle directory, keeping what is yours in it (never a directory that is not a lane7 bundle)",
    )
    .option(
      "--from <bundle>",
      "carry Section 1 code and your files over from this bundle (a directory or zip) into a new one",
    )
    .option(
      "--check",
      "write nothing: exit 1 and list what differs when the generated code on disk (Section 1 and your files aside) is not what the network composes to",
    )
    .option(
      "--credentials <file>",
      "YAML with the WoSP license, API token and per-pod keys (the wosp profile; see README)",
    )
    .option(
      "--images <file>",
      "YAML overriding the image references: app, WoSP and Web Retriever (wosp), Envoy (open-mtls); see README",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 compose examples/agentic-ai.yaml                  # writes ./agentic-ai/
  $ lane7 compose network.yaml -o out/net --zip net.zip --credentials creds.yaml
  $ lane7 compose network.yaml -o blueprints/net --force    # recompose: Section 1 and your files stay
  $ lane7 compose network.yaml --zip net.zip --from blueprints/net
  $ lane7 compose network.yaml -o blueprints/net --check    # in CI: is the committed bundle current?
${EXIT_CODES_COMPOSE}`,
    )
    .action(async (network: string, options: ComposeCliOptions) => {
      const { runCompose } = await import("./commands/compose.js");
      done(await runCompose(network, options, io));
    });

  program
    .command("diff")
    .summary("semantic diff of two blueprints: network, security posture, files")
    .description(
      "Compare two blueprints, each a bundle directory, a bundle zip or a network file (composed in " +
        "memory). Security posture changes come first (new routes, new or wider pinholes, mode and " +
        "credential changes), then network changes, then per-object field changes and text diffs of the " +
        "files. Secret values are never shown: a changed credential appears as a short fingerprint.",
    )
    .argument("<old>", "the blueprint before: a bundle directory, a .zip, or a network .yaml")
    .argument("<new>", "the blueprint after")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["human", "json", "markdown"])
        .default("human"),
    )
    .addOption(
      new Option("--exit-code <when>", "exit 1 on any difference, or only when the security posture changed")
        .choices(["any", "security"])
        .default("any"),
    )
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 diff old-bundle/ new-bundle/
  $ lane7 diff main.zip network.yaml --format markdown > diff.md      # a pull-request comment
  $ lane7 diff old/ new/ --exit-code security                         # fail CI only on security changes

Exit codes:
  0  no differences (with --exit-code security: no security posture change)
  1  differences
  2  usage error, or a side could not be read`,
    )
    .action(async (oldSide: string, newSide: string, options: DiffCliOptions) => {
      const { runDiff } = await import("./commands/diff.js");
      done(await runDiff(oldSide, newSide, options, io));
    });

  program
    .command("run")
    .summary("run a blueprint on this machine and watch tasks flow")
    .description(
      "Run every pod's generated app.py on this machine, each behind a local sidecar that enforces the " +
        "declared topology and encrypts pod-to-pod traffic per session. This emulates the topology and " +
        "session behaviour of the WoSP sidecar, not its CHIPS cryptography. Needs python3 with aiohttp.",
    )
    .argument("<blueprint>", "a bundle directory, or a network file (composed in memory)")
    .option(
      "--until <n>",
      "exit 0 once n tasks have completed at the exits (or returned to their initiator)",
      parseCount,
    )
    .option("--timeout <seconds>", "give up (exit 1) after this many seconds", parseCount)
    .option(
      "--interval <seconds>",
      `auto-trigger interval of the initiators, in seconds, fractions allowed (at least ${MIN_INTERVAL_SECONDS}; default: 2)`,
      parseInterval,
    )
    .option(
      "--python <path>",
      "the Python to run app.py with (default: $LANE7_PYTHON, else python3 or /usr/bin/python3, whichever imports aiohttp)",
    )
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 run examples/bi-pod.yaml --until 5
  $ lane7 run ./agentic-ai --until 10 --timeout 60
  $ lane7 run examples/bi-pod.yaml --until 20 --interval 0.2

Exit codes:
  0  --until reached, or stopped with Ctrl-C
  1  --timeout reached, or a pod failed or stopped answering
  2  usage error, an invalid network, no usable python3, or the blueprint could not be loaded`,
    )
    .action(async (blueprint: string, options: RunCliOptions) => {
      const { runRun } = await import("./commands/run.js");
      done(await runRun(blueprint, options, io));
    });

  clusterCommand(program, "deploy")
    .summary("apply a blueprint to a Kubernetes cluster (server-side apply), pruning what it no longer has")
    .description(
      "Apply a blueprint to the cluster of the kubeconfig: plan first (a server-side dry run of every object, " +
        "compared with the live one), then server-side apply as field manager lane7 with strict field " +
        "validation, namespaces, secrets, configuration and services, then deployments, downstream pods first. " +
        "Objects with this network's labels that the blueprint no longer has are deleted; nothing else is " +
        "touched. Refuses placeholder credentials, a cluster without cert-manager (the open-mtls profile) and " +
        "missing pinhole TLS secrets before any write.",
    )
    .argument("<blueprint>", "a bundle directory or zip, or a network file (composed in memory)")
    .option("-y, --yes", "do not ask for confirmation (it is asked only on a terminal)")
    .option("--dry-run", "print the plan and stop (exit 1 when something would change)")
    .option("--force-conflicts", "take over fields another field manager set to other values")
    .option(
      "--timeout <seconds>",
      "how long to wait for the deployments to roll out (default: 300)",
      parseCount,
    )
    .option("--no-wait", "return once applied, without waiting for the rollouts")
    .option("--credentials <file>", "for a network file: the Hopr credentials, as `lane7 compose` takes them")
    .option("--images <file>", "for a network file: the images, as `lane7 compose` takes them")
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 deploy ./agentic-ai --dry-run
  $ lane7 deploy examples/bi-pod.yaml --credentials hopr.yaml --context staging --yes
  $ lane7 deploy agentic-ai.zip --force-conflicts

Exit codes:
  0  applied and rolled out, or nothing to change
  1  --dry-run, and something would change; or a deployment not rolled out at --timeout (each pod
     not ready is named, with why)
  2  usage error, an invalid blueprint, a refusal (placeholders, missing pinhole secrets, conflicts),
     or a cluster error (with what had already been applied)`,
    )
    .action(async (blueprint: string, options: DeployCliOptions) => {
      const { runDeploy } = await import("./commands/deploy.js");
      done(await runDeploy(blueprint, options, io));
    });

  clusterCommand(program, "status")
    .summary("the network's pods on a cluster, whether tasks go end to end, drift from the bundle")
    .description(
      "Show every pod of the network on the cluster: its namespace, ready/desired replicas, restarts, the " +
        "last warning event and, for a pod not ready, why (unschedulable, image pull, admission, crash loop). " +
        "Then the last tasks completed at the exits, with their trails, from the web-app logs, and the " +
        "bundle's objects missing on the cluster or whose Deployment differs from the bundle's.",
    )
    .argument("<blueprint>", "a bundle directory or zip, or a network file (composed in memory)")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(["human", "json"]).default("human"),
    )
    .option("--watch", "redraw the report every 2 s until Ctrl-C (a terminal only)")
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 status ./agentic-ai
  $ lane7 status examples/bi-pod.yaml --context staging --format json | jq .ready
  $ lane7 status ./agentic-ai --watch

Exit codes:
  0  every pod is rolled out and ready
  1  a pod is not ready (or not on the cluster)
  2  usage error, the blueprint could not be read, or the cluster could not be read`,
    )
    .action(async (blueprint: string, options: StatusCliOptions) => {
      const { runStatus } = await import("./commands/status.js");
      done(await runStatus(blueprint, options, io));
    });

  clusterCommand(program, "teardown")
    .summary("delete a network's namespaces from a cluster")
    .description(
      "Delete the namespace of every pod of the network, and everything in it, upstream pods first, each " +
        "gone before the next, as the bundle's teardown.sh does; then the network's certificate authority " +
        "(its ClusterIssuers, CA Certificate and Secret): in the open-mtls profile, or in wosp what an " +
        "open-mtls deployment of the network left. What is already gone is skipped: it is safe to run again. " +
        "Shows the cluster and asks before deleting, unless --yes.",
    )
    .argument("<blueprint>", "a bundle directory or zip, or a network file (composed in memory)")
    .option("-y, --yes", "do not ask for confirmation (for CI)")
    .option(
      "--timeout <seconds>",
      "how long each namespace may take to be deleted (default: 300)",
      parseCount,
    )
    .addHelpText(
      "after",
      `
Examples:
  $ lane7 teardown ./agentic-ai
  $ lane7 teardown examples/bi-pod.yaml --context staging --yes --timeout 120

Exit codes:
  0  no namespace of the network is left (those already gone count)
  1  not confirmed, or a namespace is still terminating at --timeout
  2  usage error, the blueprint could not be read, or the cluster refused or could not be reached`,
    )
    .action(async (blueprint: string, options: TeardownCliOptions) => {
      const { runTeardown } = await import("./commands/teardown.js");
      done(await runTeardown(blueprint, options, io));
    });

  return program;
}

/** A command that talks to a cluster: it finds it as kubectl does, with --kubeconfig and --context. */
function clusterCommand(program: Command, name: string): Command {
  return program
    .command(name)
    .option(
      "--kubeconfig <file>",
      "the kubeconfig (default: $KUBECONFIG, else ~/.kube/config, else in-cluster)",
    )
    .option("--context <name>", "the kubeconfig context (default: its current context)");
}

/** How a cluster command finds its cluster. */
export interface ClusterCliOptions {
  kubeconfig?: string;
  context?: string;
}

export interface StatusCliOptions extends ClusterCliOptions {
  format: "human" | "json";
  watch?: boolean;
}

export interface TeardownCliOptions extends ClusterCliOptions {
  yes?: boolean;
  timeout?: number;
}

export interface DiffCliOptions {
  format: "human" | "json" | "markdown";
  exitCode: "any" | "security";
}

export interface RunCliOptions {
  until?: number;
  timeout?: number;
  interval?: number;
  python?: string;
}

export interface DeployCliOptions {
  kubeconfig?: string;
  context?: string;
  yes?: boolean;
  dryRun?: boolean;
  forceConflicts?: boolean;
  timeout?: number;
  /** false with --no-wait */
  wait: boolean;
  credentials?: string;
  images?: string;
}

function parseCount(value: string): number {
  const count = wholeNumber(value);
  if (count === undefined || count < 1) {
    throw new InvalidArgumentError("expected a whole number of at least 1");
  }
  return count;
}

function parseInterval(value: string): number {
  const seconds = decimalNumber(value);
  if (seconds === undefined || seconds < MIN_INTERVAL_SECONDS) {
    throw new InvalidArgumentError(
      `expected a number of seconds of at least ${MIN_INTERVAL_SECONDS}, such as 0.5 or 2`,
    );
  }
  return seconds;
}

export interface ComposeCliOptions {
  out?: string;
  zip?: string;
  force?: boolean;
  from?: string;
  check?: boolean;
  credentials?: string;
  images?: string;
}
