import { describe, expect, it } from "vitest";
import { errors, warnings, workflow } from "../../test/validate-helpers.ts";
import { validateManifest, validateWorkflow, validateWorkflowTemplate } from "./resource.js";

const busybox = { image: "busybox" };

describe("workflow validation: names", () => {
  it("requires DNS-1123 object names, with the Kubernetes message", () => {
    expect(errors(validateWorkflow(workflow({}, "Bad_Name")).issues)).toEqual([
      `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it("limits workflow names to 63 characters", () => {
    const name = "a".repeat(64);
    expect(errors(validateWorkflow(workflow({}, name)).issues)).toEqual([
      `metadata.name: workflow name "${name}" must not be more than 63 characters long (currently 64)`,
    ]);
  });

  it("requires a name or generateName", () => {
    const wf = workflow({});
    wf.metadata = {};
    expect(errors(validateWorkflow(wf).issues)).toEqual(["metadata.name: name or generateName is required"]);
  });

  it("checks template names", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          { name: "main", container: busybox },
          { name: "bad template name", container: busybox },
          { name: "main", container: busybox },
          { container: busybox },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[1].name: spec.templates[1].name: 'bad template name' is invalid: name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
      "spec.templates[2].name: spec.templates[2].name 'main' is not unique",
      "spec.templates[3].name: spec.templates[3].name is required",
    ]);
  });

  it("checks parameter and artifact names", () => {
    const result = validateWorkflow(
      workflow({
        templates: [{ name: "main", container: busybox, inputs: { parameters: [{ name: "a b" }] } }],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].inputs.parameters[0].name: templates.main.inputs.parameters[0].name: 'a b' is invalid: Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-' e.g. my_param_1, MY-PARAM-1",
    ]);
  });
});

describe("workflow validation: references", () => {
  it("requires the entrypoint and that it exists", () => {
    expect(errors(validateWorkflow(workflow({ entrypoint: "" })).issues)).toEqual([
      "spec.entrypoint: spec.entrypoint is required",
    ]);
    expect(errors(validateWorkflow(workflow({ entrypoint: "nope" })).issues)).toEqual([
      "spec.entrypoint: template name 'nope' undefined",
    ]);
  });

  it("lets WorkflowTemplates omit the entrypoint and argument values", () => {
    const tmpl = {
      ...workflow({ entrypoint: undefined, arguments: { parameters: [{ name: "who" }] } }),
      kind: "WorkflowTemplate",
    };
    expect(validateWorkflowTemplate(tmpl).ok).toBe(true);
  });

  it("requires argument values on Workflows", () => {
    expect(
      errors(validateWorkflow(workflow({ arguments: { parameters: [{ name: "who" }] } })).issues),
    ).toEqual([
      "spec.arguments.parameters[0]: spec.arguments.who.value or spec.arguments.who.valueFrom is required",
    ]);
  });

  it("checks enums of arguments", () => {
    const result = validateWorkflow(
      workflow({ arguments: { parameters: [{ name: "m", value: "x", enum: ["a", "b"] }] } }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.arguments.parameters[0].value: spec.arguments.m.value should be present in spec.arguments.m.enum list",
    ]);
  });

  it("requires onExit and step templates to exist", () => {
    const result = validateWorkflow(
      workflow({
        onExit: "gone",
        templates: [{ name: "main", steps: [[{ name: "s1", template: "missing" }]] }],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.onExit: template name 'gone' undefined",
      "spec.templates[0].steps[0][0].template: templates.main.steps[0].s1 template name 'missing' undefined",
    ]);
  });

  it("checks templateRef fields and resolves them through the option", () => {
    const wf = workflow({
      templates: [
        {
          name: "main",
          steps: [
            [
              { name: "a", templateRef: { name: "lib", template: "x" } },
              { name: "b", templateRef: { name: "lib" } },
              { name: "c", template: "main", templateRef: { name: "lib", template: "x" } },
            ],
          ],
        },
      ],
    });
    expect(errors(validateWorkflow(wf, { templateRefExists: (ref) => ref.template !== "x" }).issues)).toEqual(
      [
        "spec.templates[0].steps[0][0].templateRef: templates.main.steps[0].a template reference lib.x not found",
        "spec.templates[0].steps[0][1].templateRef: templates.main.steps[0].b template name is required",
        "spec.templates[0].steps[0][2].templateRef: templates.main.steps[0].c template name cannot be specified with templateRef",
      ],
    );
  });
});

describe("workflow validation: templates", () => {
  it("requires exactly one template type", () => {
    const result = validateWorkflow(
      workflow({ templates: [{ name: "main" }, { name: "two", container: busybox, suspend: {} }] }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0]: templates.main template type unspecified. choose one of: container, containerSet, steps, script, resource, dag, suspend, template, template ref",
      "spec.templates[1]: templates.two multiple template types specified. choose one of: container, containerSet, steps, script, resource, dag, suspend, template, template ref",
    ]);
  });

  it("requires an image unless templateDefaults gives one", () => {
    expect(
      errors(validateWorkflow(workflow({ templates: [{ name: "main", container: {} }] })).issues),
    ).toEqual(["spec.templates[0].container.image: templates.main.container.image may not be empty"]);
    expect(
      validateWorkflow(
        workflow({ templates: [{ name: "main", container: {} }], templateDefaults: { container: busybox } }),
      ).ok,
    ).toBe(true);
    expect(
      errors(validateWorkflow(workflow({ templates: [{ name: "main", script: { source: "x" } }] })).issues),
    ).toEqual(["spec.templates[0].script.image: templates.main.script.image may not be empty"]);
  });

  it("checks leaf-only and non-leaf-only fields", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          { name: "main", steps: [[{ name: "a", template: "leaf" }]], activeDeadlineSeconds: 10 },
          { name: "leaf", container: busybox, parallelism: 2, activeDeadlineSeconds: "soon" },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].activeDeadlineSeconds: templates.main.activeDeadlineSeconds is only valid for leaf templates",
      "spec.templates[1].parallelism: templates.leaf.parallelism is only valid for steps and dag templates",
      "spec.templates[1].activeDeadlineSeconds: templates.leaf.activeDeadlineSeconds must be a positive integer > 0 or an argo variable",
    ]);
  });

  it("rejects bad retry policies, podGC strategies and shutdown values with Argo's words", () => {
    const result = validateWorkflow(
      workflow({
        podGC: { strategy: "Sometimes" },
        templates: [{ name: "main", container: busybox, retryStrategy: { retryPolicy: "Never" } }],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].retryStrategy.retryPolicy: Never is not a valid RetryPolicy",
      "spec.podGC.strategy: podGC.strategy unknown strategy 'Sometimes'",
    ]);
  });

  it("checks step names", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          {
            name: "main",
            steps: [
              [{ template: "leaf" }, { name: "a", template: "leaf" }],
              [
                { name: "a", template: "leaf" },
                { name: "-x", template: "leaf" },
              ],
            ],
          },
          { name: "leaf", container: busybox },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].steps[0][0].name: templates.main.steps[0].name is required",
      "spec.templates[0].steps[1][0].name: templates.main.steps[1].name 'a' is not unique",
      "spec.templates[0].steps[1][1].name: templates.main.steps[1].name '-x' is invalid: name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
    ]);
  });

  it("allows only one of withItems, withParam, withSequence and only count or end", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          {
            name: "main",
            steps: [
              [
                { name: "a", template: "leaf", withItems: [1], withParam: "[1]" },
                { name: "b", template: "leaf", withSequence: { count: "2", end: "3" } },
              ],
            ],
          },
          { name: "leaf", container: busybox },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].steps[0][0]: templates.main.steps[0].a only one of withItems, withParam, withSequence can be specified",
      "spec.templates[0].steps[0][1].withSequence: templates.main.steps[0].b only one of count or end can be defined in withSequence",
    ]);
  });

  it("requires an expression on every hook but exit", () => {
    const result = validateWorkflow(
      workflow({
        hooks: { exit: { template: "main" }, running: { template: "main" } },
        templates: [
          {
            name: "main",
            steps: [[{ name: "a", template: "leaf", hooks: { started: { template: "leaf" } } }]],
          },
          { name: "leaf", container: busybox },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.hooks.running.expression: hooks.running Expression required",
      "spec.templates[0].steps[0][0].hooks.started.expression: templates.main.steps[0].a.started Expression required",
    ]);
  });

  it("warns about accepted-but-ignored features", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          {
            name: "main",
            container: busybox,
            memoize: { key: "k", cache: { configMap: { name: "c" } }, maxAge: "1h" },
            outputs: { artifacts: [{ name: "a", path: "/a", gcs: { bucket: "b", key: "k" } }] },
          },
          { name: "http", http: { url: "https://example.com" } },
        ],
      }),
    );
    expect(result.ok).toBe(true);
    expect(warnings(result.issues)).toEqual([
      "unsupported spec.templates[0].outputs.artifacts[0].gcs: gcs artifacts are accepted but not supported by Weft",
      "unsupported spec.templates[0].memoize: memoize is accepted but ignored by Weft",
      "unsupported spec.templates[1].http: http templates are accepted but not run by Weft",
    ]);
  });

  it("reports shape errors with their JSON path", () => {
    const result = validateWorkflow(workflow({ templates: [{ name: "main", container: { image: 5 } }] }));
    expect(result.ok).toBe(false);
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].container.image: Invalid input: expected string, received number",
    ]);
    expect(result.issues[0]?.rule).toBe("schema-invalid_type");
  });

  it("rejects a wrong apiVersion", () => {
    const wf = workflow({});
    wf.apiVersion = "argoproj.io/v1";
    expect(errors(validateWorkflow(wf).issues)).toEqual([
      'apiVersion: apiVersion must be argoproj.io/v1alpha1, got "argoproj.io/v1"',
    ]);
  });
});

describe("workflow validation: more rules", () => {
  it("forbids templates next to a workflowTemplateRef and needs no entrypoint then", () => {
    const result = validateWorkflow(
      workflow({ entrypoint: undefined, workflowTemplateRef: { name: "lib" } }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates: Templates is invalid field in spec if workflow referred WorkflowTemplate reference",
    ]);
    const wf = workflow({ workflowTemplateRef: { name: "lib" } });
    (wf.spec as Record<string, unknown>).templates = undefined;
    expect(validateWorkflow(wf).ok).toBe(true);
  });

  it("checks generateName, artifact names, empty enums and hook templates", () => {
    const wf = workflow({
      arguments: {
        parameters: [{ name: "p", value: "v", enum: [] }],
        artifacts: [{ name: "a/b", raw: { data: "" } }],
      },
      hooks: { exit: { template: "gone" } },
      templates: [{ name: "main", steps: [[{ name: "s", templateRef: { template: "t" } }]] }],
    });
    wf.metadata = { generateName: "Hello-" };
    expect(errors(validateWorkflow(wf).issues)).toEqual([
      `metadata.generateName: Invalid value: "Hello-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      "spec.arguments.artifacts[0].name: spec.arguments.artifacts[0].name: 'a/b' is invalid: Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-' e.g. my_param_1, MY-PARAM-1",
      "spec.arguments.parameters[0].enum: spec.arguments.p.enum should contain at least one value",
      "spec.hooks.exit: hooks.exit template name 'gone' undefined",
      "spec.templates[0].steps[0][0].templateRef: templates.main.steps[0].s resource name is required",
    ]);
  });
});

describe("workflow validation: timeouts", () => {
  it("allows timeout on leaf templates only, as a duration", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          { name: "main", steps: [[{ name: "a", template: "leaf" }]], timeout: "1m" },
          { name: "leaf", container: busybox, timeout: "30" },
          { name: "ok", container: busybox, timeout: "30s" },
          { name: "d", dag: { tasks: [{ name: "A", template: "ok" }] }, pendingTimeout: "1m" },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].timeout: Steps template doesn't support timeout field",
      "spec.templates[1].timeout: leaf has invalid duration format in timeout",
      "spec.templates[3].pendingTimeout: DAG template doesn't support pendingTimeout field",
    ]);
  });
});

describe("manifest dispatch", () => {
  it("rejects unknown kinds and a parallelism below 1", () => {
    expect(errors(validateManifest({ kind: "Pod" }).issues)).toEqual([
      'kind: unsupported kind "Pod": expected Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow or WorkflowTaskResult',
    ]);
    expect(errors(validateManifest(workflow({ parallelism: 0 })).issues)).toEqual([
      "spec.parallelism: spec.parallelism must be at least 1",
    ]);
  });
});
