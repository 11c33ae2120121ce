import type { BlueprintModel, PodModel } from "../../model/model.js";
import type { BundleFile } from "../file.js";
import type { RenderOptions } from "../options.js";
import { renderTemplate } from "../text/engine.js";
import type { TemplateSources } from "../text/templates.js";
import { appContext, type AppContext } from "./context.js";
import { CONTAINER_UID } from "../conventions.js";
import { AIOHTTP_VERSION, GRPCIO_VERSION, PYTHON_IMAGE } from "./versions.js";

/** `<pod>/app/`: the pod's application shell (app.py), its image recipe and its pinned requirements. */
export function renderAppFiles(model: BlueprintModel, pod: PodModel, options: RenderOptions): BundleFile[] {
  const context = appContext(model, pod, options);
  const file = (name: string, content: string): BundleFile => ({
    path: `${pod.id}/app/${name}`,
    content,
    mode: 0o644,
  });
  return [
    file("app.py", renderAppPy(options.templates, context)),
    file(
      "Dockerfile",
      renderTemplate(options.templates, "app/Dockerfile.hbs", {
        ...context,
        image: PYTHON_IMAGE,
        uid: CONTAINER_UID,
        gid: CONTAINER_UID,
      }),
    ),
    file(
      "requirements.txt",
      renderTemplate(options.templates, "app/requirements.txt.hbs", {
        ...context,
        requirements: requirements(context),
      }),
    ),
  ];
}

/**
 * app.py is rendered one concern at a time (the engine has no partials) and joined with the two blank
 * lines PEP 8 puts between top-level definitions.
 */
function renderAppPy(templates: TemplateSources, context: AppContext): string {
  const parts = [
    "app/head.py.hbs",
    `app/hooks/${context.role}.py.hbs`,
    "app/config.py.hbs",
    "app/messages.py.hbs",
    context.isAggregator ? "app/fan-in.py.hbs" : null,
    context.sends ? "app/outbox.py.hbs" : null,
    "app/pod.py.hbs",
    "app/ingress.py.hbs",
    "app/main.py.hbs",
  ];
  const rendered = parts.flatMap((name) => (name ? [renderTemplate(templates, name, context).trim()] : []));
  return `${rendered.join("\n\n\n")}\n`;
}

function requirements(context: AppContext): string[] {
  return [`aiohttp==${AIOHTTP_VERSION}`, ...(context.usesGrpc ? [`grpcio==${GRPCIO_VERSION}`] : [])];
}
